"""The review screens for people: the turn page, text search, the next unlabelled turn, and the
unanswered-question clusters (identical questions merged; set aside as off-topic and back, audited)."""

from __future__ import annotations

import re

import numpy as np
from fastapi.testclient import TestClient

from app.pipeline.concierge import Concierge
from app.staff.clusters import build_report, merge_identical
from app.staff.dismissals import normalise_wording, wording_key
from app.staff.queries import ConversationFilter, list_conversations, next_unlabelled
from app.storage.models import Turn
from tests.staff.seed import F1, F2, RANGE


def test_turn_page_leads_with_the_question_and_what_was_shown(
    admin: tuple[TestClient, str], kpi_turns: Concierge
) -> None:
    client, _ = admin
    body = client.get("/staff/turns/t2").text
    entry = kpi_turns.knowledge.entry(F1)
    asked, shown = body.index("利用者が入力した内容"), body.index("利用者に表示した内容")
    feedback, label, engineering = body.index("利用者の評価"), body.index('id="label-heading"'), body.index("<details")
    assert asked < shown < feedback < label < engineering
    assert "パスワードを忘れてしまいました" in body and entry.answer.splitlines()[0] in body
    assert "メニューの位置：仕事を探している方" in body and "root" not in body.split("<details")[0]
    assert 'data-picker-for="expected"' in body and "staff-picker.js" in body and "<select id=\"expected\"" in body
    assert f"{entry.question}（{F1}）</option>" in body
    assert "次の未ラベルのターン" in body
    clarify = client.get("/staff/turns/t3").text
    assert kpi_turns.knowledge.entry(F2).question in clarify and "利用者が選んだ候補" in clarify
    none_of_these = client.get("/staff/turns/t5").text
    assert "「どれにも当てはまらない」を選びました" in none_of_these
    assert "解決しなかった（知りたいことと違う）" in client.get("/staff/turns/t4").text


def test_saving_a_label_confirms_and_offers_the_next_unlabelled_turn(
    admin: tuple[TestClient, str], kpi_turns: Concierge
) -> None:
    client, csrf = admin
    assert kpi_turns.repository is not None
    assert next_unlabelled(kpi_turns.repository) == "t3"  # t2 is labelled; menu steps take none
    saved = client.post("/staff/turns/t3/label", data={"verdict": "correct", "csrf_token": csrf},
                        follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/staff/turns/t3?done=label_saved"
    page = client.get(saved.headers["location"]).text
    assert re.search(r'role="status"><p>ラベルを保存しました。', page)
    assert 'href="/staff/turns/t5" class="next-unlabelled">次の未ラベルのターン' in page
    assert client.get("/staff/review/next", follow_redirects=False).headers["location"] == "/staff/turns/t5"


def test_text_search_combines_with_the_filters(admin: tuple[TestClient, str], kpi_turns: Concierge) -> None:
    assert kpi_turns.repository is not None

    def ids(**filters: object) -> set[str]:
        rows, _ = list_conversations(kpi_turns.repository, ConversationFilter(**filters))  # type: ignore[arg-type, union-attr]
        return {r.id for r in rows}

    assert ids(text="天気") == {"c2", "c4"}
    assert ids(text="天気", outcome="blocked") == {"c2"}
    assert ids(text="天気", negative=True) == {"c2"}
    assert ids(text="パスワード") == {"c1"}
    assert ids(text="100%_") == set()  # wildcards are literal
    client, _ = admin
    page = client.get("/staff/conversations", params={"q": "ﾃﾝｷ天気", "audience": ""}).text
    assert "（0件）" in page
    page = client.get("/staff/conversations", params={"q": "天気"}).text
    assert "（2件）" in page and "今日の天気は?" in page and 'value="天気"' in page


def test_identical_questions_are_merged() -> None:
    assert normalise_wording("今日の 天気は？") == normalise_wording("今日の天気は?") == "今日の天気は"
    items = [("a", "今日の天気は?"), ("b", "今日の 天気は？"), ("c", "ラーメンのおすすめ"), ("d", "今日の天気は")]
    merged = merge_identical(items)
    assert [(w.text, w.turn_ids) for w in merged] == [("今日の天気は?", ["a", "b", "d"]), ("ラーメンのおすすめ", ["c"])]

    def encode(texts: list[str]) -> np.ndarray:
        return np.array([[1.0, 0.0] if "天気" in t else [0.0, 1.0] for t in texts], dtype=np.float32)

    report = build_report(items, encode, 0.9)
    assert report.questions == 4 and report.wordings == 2
    assert [(c.size, len(c.wordings)) for c in report.clusters] == [(3, 1)] and report.singletons[0].size == 1
    hidden = build_report(items, encode, 0.9, dismissed_keys={wording_key("今日の天気は")}, show_dismissed=True)
    assert hidden.clusters == [] and hidden.dismissed_questions == 3 and hidden.dismissed[0].size == 3


def test_dismiss_and_restore_a_cluster_are_stored_and_audited(
    admin: tuple[TestClient, str], kpi_turns: Concierge
) -> None:
    client, csrf = admin
    weather = re.compile(r"今日の ?天気は[?？]（2件）")  # the newest wording stands for the merged row
    page = client.get("/staff/clusters", params=RANGE).text
    assert weather.search(page) and "同じ質問 2件" in page
    form = {"turn": "t12", "from": RANGE["from"], "to": RANGE["to"], "csrf_token": csrf}
    assert client.post("/staff/clusters/dismiss", data={**form, "csrf_token": "wrong"}).status_code == 403
    done = client.post("/staff/clusters/dismiss", data=form, follow_redirects=False)
    assert done.status_code == 303 and "done=cluster_dismissed" in done.headers["location"]
    after = client.get(done.headers["location"]).text
    assert "対象外にしました" in after and not weather.search(after) and "対象外にした質問：2件" in after
    shown = client.get("/staff/clusters", params={**RANGE, "dismissed": "1"}).text
    assert "対象外にしたまとまり" in shown and "一覧に戻す" in shown
    audit = client.get("/api/v1/staff/audit").json()
    entry = next(e for e in audit if e["action"] == "dismiss_cluster")
    assert entry["target"] == "t12" and entry["detail"]["questions"] == 2 and entry["detail"]["changed"] == 1
    assert "天気" not in str(entry)  # the audit log keeps no user text
    back = client.post("/staff/clusters/restore", data=form, follow_redirects=False)
    assert back.status_code == 303
    assert weather.search(client.get("/staff/clusters", params=RANGE).text)
    assert any(e["action"] == "restore_cluster" for e in client.get("/api/v1/staff/audit").json())
    with kpi_turns.repository.session() as session:  # type: ignore[union-attr]
        assert session.get(Turn, "t12") is not None  # dismissing never deletes turns
