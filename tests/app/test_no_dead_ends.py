"""No dead ends: a hand-off offers a menu and popular questions, 「どれにも当てはまらない」 is stored,
a typed question in a menu branch still finds answers elsewhere, and the audience is evidence."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.pipeline.concierge import Concierge
from app.pipeline.replies import CLARIFY_MESSAGE, CLARIFY_SIDE_MESSAGE, POPULAR_QUESTIONS
from app.storage.models import Feedback
from retrieval.selectors import Selection


def _ask(client: TestClient, conversation: str, body: dict[str, str]) -> dict:  # type: ignore[type-arg]
    response = client.post(f"/api/v1/conversations/{conversation}/messages", json=body)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_an_off_topic_question_is_handed_off_with_a_menu_and_popular_questions(
    consented: TestClient, conversation: str
) -> None:
    reply = _ask(consented, conversation, {"text": "明日の天気と美味しいラーメン屋を教えて", "menu": "js"})
    assert reply["kind"] == "no_answer"
    assert reply["menu"]["id"] == "js" and reply["menu"]["children"]
    assert [s["faq_id"] for s in reply["suggestions"]] == list(POPULAR_QUESTIONS["job_seeker"])
    assert all(s["menu"] == f"faq.{s['faq_id']}" for s in reply["suggestions"])


def test_none_of_these_after_a_clarify_step_is_stored(
    consented: TestClient, conversation: str, concierge: Concierge
) -> None:
    reply = _ask(consented, conversation, {"text": "マイページ"})
    response = consented.post(f"/api/v1/turns/{reply['turn_id']}/feedback",
                              json={"helpful": False, "reason": "none_of_these"})
    assert response.status_code == 200
    with concierge.repository.session() as session:
        stored = session.scalars(select(Feedback)).one()
    assert (stored.turn_id, stored.helpful, stored.reason) == (reply["turn_id"], False, "none_of_these")
    bad = consented.post(f"/api/v1/turns/{reply['turn_id']}/feedback", json={"helpful": False, "reason": "x"})
    assert bad.status_code == 422


def test_a_typed_question_is_not_limited_to_the_menu_branch(consented: TestClient, conversation: str) -> None:
    inside = _ask(consented, conversation, {"text": "紹介状をなくしてしまいました", "menu": "js.search"})
    outside = _ask(consented, conversation, {"text": "紹介状をなくしてしまいました"})
    offered = lambda r: {r["answer"]["faq_id"]} if r["answer"] else {s["faq_id"] for s in r["suggestions"]}  # noqa: E731
    assert offered(inside) & offered(outside)
    assert any(fid.startswith("js-apply") for fid in offered(inside))  # the answer lives under 応募する


def test_placeholders_do_not_steer_retrieval_and_the_reply_carries_the_masked_text(
    consented: TestClient, conversation: str
) -> None:
    text = "山田太郎と申します。電話番号は090-1234-5678です。求職番号を忘れてしまった"
    reply = _ask(consented, conversation, {"text": text})
    # not the entry on whether personal data may be typed in: the placeholders are not the question
    assert not (reply["kind"] == "answer" and reply["answer"]["faq_id"] == "about-010")
    offered = {reply["answer"]["faq_id"]} if reply["answer"] else {s["faq_id"] for s in reply["suggestions"]}
    assert any(fid.startswith(("js-register", "js-account")) for fid in offered), offered
    masked = reply["masked_text"]
    assert masked and "山田" not in masked and "090" not in masked and "＜電話番号＞" in masked
    clean = _ask(consented, conversation, {"text": "求人の探し方"})
    assert clean["masked_text"] is None
    only_pii = _ask(consented, conversation, {"text": "090-1234-5678"})
    assert only_pii["kind"] in {"no_answer", "clarify", "answer"}


def test_a_clarify_step_across_both_sides_asks_which_side_the_user_is_on(concierge: Concierge) -> None:
    both = Selection("clarify", None, 0.5, "ask", ("js-account-007", "em-account-006", "js-account-001"))
    unknown = concierge._reply_for(concierge.knowledge, both, [], None)
    assert unknown.message == CLARIFY_SIDE_MESSAGE
    labels = [s["question"].split("】")[0] + "】" for s in unknown.suggestions]
    assert labels == ["【仕事を探している方】", "【事業主の方】", "【仕事を探している方】"]
    assert [s["faq_id"] for s in unknown.suggestions] == list(both.suggestions)
    known = concierge._reply_for(concierge.knowledge, both, [], "job_seeker")  # the side is known: plain titles
    assert known.message == CLARIFY_MESSAGE
    assert [s["question"] for s in known.suggestions] == [
        concierge.knowledge.store.entries[fid].question for fid in both.suggestions
    ]
    one_side = Selection("clarify", None, 0.5, "ask", ("js-account-007", "js-account-001"))
    assert concierge._reply_for(concierge.knowledge, one_side, [], None).message == CLARIFY_MESSAGE
