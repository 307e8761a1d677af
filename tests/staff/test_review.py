"""Conversation list filters, turn detail and labels (pages and API)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app.pipeline.concierge import Concierge
from app.staff.queries import ConversationFilter, list_conversations
from app.storage.models import Turn
from tests.staff.conftest import Seeded


def _ids(concierge: Concierge, **filters: object) -> set[str]:
    assert concierge.repository is not None
    rows, total = list_conversations(concierge.repository, ConversationFilter(**filters))  # type: ignore[arg-type]
    assert total == len(rows)
    return {r.id for r in rows}


def test_filters_select_the_right_conversations(concierge: Concierge, seeded: Seeded) -> None:
    today = datetime.now(UTC).date()
    c = seeded.conversation
    assert _ids(concierge) == {c}
    assert _ids(concierge, audience="job_seeker") == {c}
    assert _ids(concierge, audience="employer") == set()
    assert _ids(concierge, outcome="blocked") == {c}
    assert _ids(concierge, outcome="clarify") == set()
    assert _ids(concierge, negative=True) == {c}
    assert _ids(concierge, guard="any") == {c}
    assert _ids(concierge, guard="injection") == {c}
    assert _ids(concierge, guard="content") == set()
    assert _ids(concierge, faq_id=seeded.faq_id) == {c}
    assert _ids(concierge, faq_id="nope") == set()
    assert _ids(concierge, day_from=today - timedelta(days=1), day_to=today + timedelta(days=1)) == {c}
    assert _ids(concierge, day_from=today + timedelta(days=2)) == set()


def test_list_page_shows_the_filtered_rows(admin: tuple[TestClient, str], seeded: Seeded) -> None:
    client, _ = admin
    page = client.get("/staff/conversations", params={"outcome": "blocked", "audience": "job_seeker", "negative": "1"})
    assert page.status_code == 200
    assert f"/staff/conversations/{seeded.conversation}" in page.text and "（1件）" in page.text
    empty = client.get("/staff/conversations", params={"outcome": "clarify"})
    assert "条件に合う会話はありません" in empty.text
    api = client.get("/api/v1/staff/conversations", params={"guard": "injection"}).json()
    assert api["total"] == 1 and api["items"][0]["audience"] == "job_seeker"
    assert api["items"][0]["negative_feedback"] == 1 and api["items"][0]["guard_events"] == 1


def test_turn_detail_shows_candidates_and_escapes_invisible_text(
    admin: tuple[TestClient, str], seeded: Seeded, concierge: Concierge
) -> None:
    client, _ = admin
    assert concierge.repository is not None
    with concierge.repository.session() as session:
        turn = session.get(Turn, seeded.answer_turn)
        assert turn is not None
        turn.masked_text = "求人\u200bを<b>探す</b>\u202e"
    page = client.get(f"/staff/turns/{seeded.answer_turn}")
    assert page.status_code == 200
    assert '<span class="esc">\\u200b</span>' in page.text and '<span class="esc">\\u202e</span>' in page.text
    assert "&lt;b&gt;探す&lt;/b&gt;" in page.text and "<b>探す</b>" not in page.text
    assert seeded.faq_id in page.text and "dense" in page.text and "retrieval" in page.text
    detail = client.get(f"/api/v1/staff/turns/{seeded.answer_turn}").json()
    assert detail["candidates"] and len(detail["feedback"]) == 1 and not detail["feedback"][0]["helpful"]
    assert client.get("/staff/turns/nope").status_code == 404
    assert client.get(f"/staff/conversations/{seeded.conversation}").status_code == 200


@pytest.mark.parametrize(
    ("verdict", "expected", "status"),
    [("correct", "", 303), ("wrong", "js-account-001", 303), ("new_faq", "", 303), ("wrong", "nope", 422),
     ("maybe", "", 422)],
)
def test_labels_from_the_turn_page(
    admin: tuple[TestClient, str], seeded: Seeded, verdict: str, expected: str, status: int
) -> None:
    client, csrf = admin
    response = client.post(
        f"/staff/turns/{seeded.answer_turn}/label",
        data={"verdict": verdict, "expected_faq_id": expected, "note": "", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == status, response.text
    if status == 303:
        page = client.get(response.headers["location"])
        assert "ラベルを保存しました" in page.text


def test_wrong_must_name_another_faq_and_menu_turns_take_no_label(
    admin: tuple[TestClient, str], seeded: Seeded
) -> None:
    client, csrf = admin
    same = client.put(f"/api/v1/staff/turns/{seeded.answer_turn}/label", headers={"X-CSRF-Token": csrf},
                      json={"verdict": "wrong", "expected_faq_id": seeded.faq_id})
    assert same.status_code == 422
    menu = client.put(f"/api/v1/staff/turns/{seeded.menu_turn}/label", headers={"X-CSRF-Token": csrf},
                      json={"verdict": "correct"})
    assert menu.status_code == 422 and "自由入力" in menu.json()["message"]


def test_labels_export_to_eval_answers_format(admin: tuple[TestClient, str], seeded: Seeded) -> None:
    client, csrf = admin
    headers = {"X-CSRF-Token": csrf}
    client.put(f"/api/v1/staff/turns/{seeded.answer_turn}/label", headers=headers,
               json={"verdict": "wrong", "expected_faq_id": "js-account-001"})
    client.put(f"/api/v1/staff/turns/{seeded.blocked_turn}/label", headers=headers, json={"verdict": "correct"})
    body = client.get("/staff/labels.jsonl")
    assert body.status_code == 200
    rows = [json.loads(line) for line in body.text.splitlines()]
    assert [r["expect_faq"] for r in rows] == ["js-account-001", None]
    assert rows[0]["menu"] == "js" and rows[0]["text"] and rows[0]["label"] == "wrong"
    assert client.get("/api/v1/staff/labels.jsonl").text == body.text
