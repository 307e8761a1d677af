"""A small, hand-made set of turns over three JST days (two weeks) whose KPIs are worked out by hand
in test_kpi_quality.py. Written straight to the database: no pipeline, so every figure is known.

D1 = Monday 2026-11-16, D2 = Tuesday 2026-11-17, D3 = Tuesday 2026-11-24 (the next week).

c1 (account A, job seeker), D1: t1 menu step; t2 typed, answer F1 (解決した, label 正しい);
    t3 typed, clarify [F1, F2, F3]; t4 menu step opening F2 (the pick; 解決しなかった: wrong_answer)
c2 (account B), D1: t5 clarify [F2, F3] (どれにも当てはまらない); t6 hand-off; t7 blocked;
    t8 answer F3 (解決しなかった, no reason; label 誤り → F1)    — B asked 4 questions: cap of 3 reached
c3 (account C), D2: t9 answer F1 (label 新しいFAQが必要); t10 clarify [F1, F3], the user left
c4 (account A), D3: t11 answer F2 (解決した); t12 hand-off
A ban in the audit log on D2; C is flagged and B banned now.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from app.storage.models import Account, Conversation, Feedback, Turn
from app.storage.repository import Repository
from app.storage.staff_models import AuditEntry, TurnLabel
from guardrails.access import JST

F1, F2, F3 = "js-account-001", "js-account-007", "js-search-001"
D1, D2, D3 = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 24)
RANGE = {"from": D1.isoformat(), "to": D3.isoformat()}  # query parameters covering every seeded day
DAILY_LIMIT = 3


def at(day: date, minute: int) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=JST) + timedelta(minutes=minute)


def _turn(tid: str, conversation: str, day: date, minute: int, kind: str, outcome: str, **extra: Any) -> Turn:
    text = extra.pop("text", None) if kind == "text" else None
    return Turn(
        id=tid, conversation_id=conversation, created_at=at(day, minute), input_kind=kind,
        masked_text=text if text is not None else (f"質問 {tid}" if kind == "text" else None),
        menu_path=extra.pop("menu_path", ["root", "js"]), outcome=outcome, faq_id=extra.pop("faq_id", None),
        faq_version="v-test", selector="menu" if kind == "menu" else "retrieval",
        suggestions=extra.pop("suggestions", []), candidates=[], guard=extra.pop("guard", {}), timings={}, usage={},
    )


def seed_kpi_turns(repository: Repository) -> None:
    with repository.session() as session:
        session.add_all([
            Account(id="acct-a", role="job_seeker"), Account(id="acct-b", banned=True, ban_reason="テスト"),
            Account(id="acct-c", flagged=True),
        ])
        session.flush()
        session.add_all([
            Conversation(id="c1", account_id="acct-a", created_at=at(D1, 0), menu_node="js"),
            Conversation(id="c2", account_id="acct-b", created_at=at(D1, 10)),
            Conversation(id="c3", account_id="acct-c", created_at=at(D2, 0)),
            Conversation(id="c4", account_id="acct-a", created_at=at(D3, 0)),
        ])
        session.flush()
        session.add_all([
            _turn("t1", "c1", D1, 1, "menu", "menu"),
            _turn("t2", "c1", D1, 2, "text", "answer", faq_id=F1, text="パスワードを忘れてしまいました"),
            _turn("t3", "c1", D1, 3, "text", "clarify", suggestions=[F1, F2, F3]),
            _turn("t4", "c1", D1, 4, "menu", "answer", faq_id=F2, menu_path=["root", "js", f"faq.{F2}"]),
            _turn("t5", "c2", D1, 11, "text", "clarify", suggestions=[F2, F3]),
            _turn("t6", "c2", D1, 12, "text", "no_answer", text="今日の天気は?"),
            _turn("t7", "c2", D1, 13, "text", "blocked", guard={"blocked_by": "injection"}),
            _turn("t8", "c2", D1, 14, "text", "answer", faq_id=F3),
            _turn("t9", "c3", D2, 1, "text", "answer", faq_id=F1),
            _turn("t10", "c3", D2, 2, "text", "clarify", suggestions=[F1, F3]),
            _turn("t11", "c4", D3, 1, "text", "answer", faq_id=F2),
            _turn("t12", "c4", D3, 2, "text", "no_answer", text="今日の 天気は？"),
        ])
        session.flush()
        session.add_all([
            Feedback(turn_id="t2", helpful=True, created_at=at(D1, 5)),
            Feedback(turn_id="t4", helpful=False, reason="wrong_answer", created_at=at(D1, 5)),
            Feedback(turn_id="t5", helpful=False, reason="none_of_these", created_at=at(D1, 15)),
            Feedback(turn_id="t8", helpful=False, created_at=at(D1, 15)),
            Feedback(turn_id="t11", helpful=True, created_at=at(D3, 5)),
            TurnLabel(turn_id="t2", verdict="correct", labelled_by="reviewer"),
            TurnLabel(turn_id="t8", verdict="wrong", expected_faq_id=F1, labelled_by="reviewer"),
            TurnLabel(turn_id="t9", verdict="new_faq", labelled_by="reviewer"),
            AuditEntry(actor="admin", action="ban", target="acct-b", detail={}, created_at=at(D2, 30)),
        ])
