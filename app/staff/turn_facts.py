"""What happened to each turn of a period, in one pass: the facts the KPIs and the per-FAQ view count.

Beyond the stored outcome, a clarify step has a result only the next turn tells: the user
picked one of the offered entries (the next turn of the conversation is that entry, reached as
a menu step `faq.<id>`), said 「どれにも当てはまらない」 (feedback `none_of_these`), or left.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import select

from app.staff.queries import jst_start
from app.storage.models import Conversation, Feedback, Turn
from app.storage.repository import Repository
from app.storage.staff_models import TurnLabel
from guardrails.access import JST


@dataclass(frozen=True)
class FeedbackVote:
    helpful: bool
    reason: str | None


@dataclass
class TurnFact:
    id: str
    conversation_id: str
    account_id: str
    created_at: datetime
    input_kind: str
    outcome: str
    faq_id: str | None
    suggestions: list[str]
    picked: str | None = None  # clarify step: the offered entry the user opened next
    feedback: list[FeedbackVote] = field(default_factory=list)
    verdict: str | None = None  # reviewer label

    @property
    def day(self) -> date:
        return self.created_at.astimezone(JST).date()

    @property
    def none_of_these(self) -> bool:
        return any(v.reason == "none_of_these" for v in self.feedback)


def _suggested_ids(raw: list[Any] | None) -> list[str]:
    found = []
    for item in raw or []:
        faq_id = item.get("faq_id") if isinstance(item, dict) else item
        if isinstance(faq_id, str):
            found.append(faq_id)
    return found


def turn_facts(repository: Repository, first: date, last: date) -> list[TurnFact]:
    """Every turn whose JST day is in [first, last], oldest first, with picks, feedback and labels."""
    start, end = jst_start(first), jst_start(last + timedelta(days=1))
    with repository.session() as session:
        rows = session.execute(
            select(Turn.id, Turn.conversation_id, Conversation.account_id, Turn.created_at, Turn.input_kind,
                   Turn.outcome, Turn.faq_id, Turn.suggestions)
            .join(Conversation, Conversation.id == Turn.conversation_id)
            .where(Turn.created_at >= start, Turn.created_at < end)
            .order_by(Turn.conversation_id, Turn.created_at, Turn.id)
        ).all()
        votes = session.execute(
            select(Feedback.turn_id, Feedback.helpful, Feedback.reason)
            .join(Turn, Turn.id == Feedback.turn_id)
            .where(Turn.created_at >= start, Turn.created_at < end)
            .order_by(Feedback.id)
        ).all()
        labels = session.execute(
            select(TurnLabel.turn_id, TurnLabel.verdict)
            .join(Turn, Turn.id == TurnLabel.turn_id)
            .where(Turn.created_at >= start, Turn.created_at < end)
        ).all()
    facts = [
        TurnFact(r.id, r.conversation_id, r.account_id, r.created_at, r.input_kind, r.outcome, r.faq_id,
                 _suggested_ids(r.suggestions))
        for r in rows
    ]
    by_id = {f.id: f for f in facts}
    for turn_id, helpful, reason in votes:
        by_id[turn_id].feedback.append(FeedbackVote(bool(helpful), reason))
    for turn_id, verdict in labels:
        by_id[turn_id].verdict = verdict
    by_conversation: dict[str, list[TurnFact]] = defaultdict(list)
    for fact in facts:
        by_conversation[fact.conversation_id].append(fact)
    for turns in by_conversation.values():
        for current, following in pairwise(turns):
            if (current.outcome == "clarify" and following.input_kind == "menu"
                    and following.faq_id in current.suggestions):
                current.picked = following.faq_id
    return sorted(facts, key=lambda f: (f.created_at, f.id))
