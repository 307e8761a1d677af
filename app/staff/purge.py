"""Retention purge: turns older than HWIS_RETENTION_DAYS go, with what hangs off them.

Deleted together (one transaction): the old turns, their feedback, labels and guardrail
events, guardrail events older than the cut-off, conversations left without turns that
are older than the cut-off, and daily counters (they hold client IPs) of older days.
Consents stay: they are the record that the terms were accepted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, or_, select

from app.storage.models import Conversation, DailyCounter, Feedback, GuardrailEvent, Turn
from app.storage.repository import Repository
from app.storage.staff_models import TurnLabel
from guardrails.access import JST


@dataclass(frozen=True)
class PurgeResult:
    cutoff: str
    turns: int
    feedback: int
    labels: int
    events: int
    conversations: int
    counters: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _count(result: Any) -> int:
    return int(result.rowcount or 0) if isinstance(result, CursorResult) else 0


def purge(repository: Repository, retention_days: int, now: datetime) -> PurgeResult:
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    cutoff = now - timedelta(days=retention_days)
    old_turns = select(Turn.id).where(Turn.created_at < cutoff)
    options = {"synchronize_session": False}
    with repository.session() as session:
        run = session.execute
        feedback = _count(run(delete(Feedback).where(Feedback.turn_id.in_(old_turns)), execution_options=options))
        labels = _count(run(delete(TurnLabel).where(TurnLabel.turn_id.in_(old_turns)), execution_options=options))
        events = _count(
            session.execute(
                delete(GuardrailEvent).where(
                    or_(GuardrailEvent.turn_id.in_(old_turns), GuardrailEvent.created_at < cutoff)
                ),
                execution_options=options,
            )
        )
        turns = _count(session.execute(delete(Turn).where(Turn.created_at < cutoff), execution_options=options))
        has_turns = select(Turn.id).where(Turn.conversation_id == Conversation.id).exists()
        conversations = _count(
            session.execute(
                delete(Conversation).where(Conversation.created_at < cutoff, ~has_turns), execution_options=options
            )
        )
        counters = _count(
            session.execute(
                delete(DailyCounter).where(DailyCounter.day < cutoff.astimezone(JST).date()),
                execution_options=options,
            )
        )
    return PurgeResult(cutoff.isoformat(), turns, feedback, labels, events, conversations, counters)
