"""One conversation with its turns, and one turn with everything the pipeline recorded."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.staff.queries import audience_of
from app.storage.models import Account, Conversation, Feedback, GuardrailEvent, Turn
from app.storage.repository import Repository
from app.storage.staff_models import TurnLabel


@dataclass
class TurnView:
    turn: Turn
    feedback: list[Feedback] = field(default_factory=list)
    events: list[GuardrailEvent] = field(default_factory=list)
    label: TurnLabel | None = None


@dataclass
class ConversationDetail:
    conversation: Conversation
    account: Account | None
    audience: str | None
    turns: list[TurnView]

    def position(self, turn_id: str) -> tuple[int, str | None, str | None]:
        """(1-based position, previous turn id, next turn id) of a turn in this conversation."""
        ids = [view.turn.id for view in self.turns]
        at = ids.index(turn_id)
        return at + 1, ids[at - 1] if at > 0 else None, ids[at + 1] if at + 1 < len(ids) else None


def conversation_detail(repository: Repository, conversation_id: str) -> ConversationDetail | None:
    with repository.session() as session:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            return None
        account = session.get(Account, conversation.account_id)
        turns = list(
            session.scalars(
                select(Turn).where(Turn.conversation_id == conversation_id).order_by(Turn.created_at, Turn.id)
            )
        )
        ids = [t.id for t in turns]
        views = {t.id: TurnView(t) for t in turns}
        for feedback in session.scalars(select(Feedback).where(Feedback.turn_id.in_(ids)).order_by(Feedback.id)):
            views[feedback.turn_id].feedback.append(feedback)
        for event in session.scalars(select(GuardrailEvent).where(GuardrailEvent.turn_id.in_(ids))):
            if event.turn_id is not None:
                views[event.turn_id].events.append(event)
        for label in session.scalars(select(TurnLabel).where(TurnLabel.turn_id.in_(ids))):
            views[label.turn_id].label = label
    audience = audience_of(account.role if account else None, conversation.menu_node, [t.menu_path for t in turns])
    return ConversationDetail(conversation, account, audience, [views[i] for i in ids])


def turn_conversation(repository: Repository, turn_id: str) -> str | None:
    with repository.session() as session:
        return session.scalar(select(Turn.conversation_id).where(Turn.id == turn_id))


def turn_detail(repository: Repository, turn_id: str) -> tuple[ConversationDetail, TurnView] | None:
    conversation_id = turn_conversation(repository, turn_id)
    detail = conversation_detail(repository, conversation_id) if conversation_id else None
    if detail is None:
        return None
    view = next(v for v in detail.turns if v.turn.id == turn_id)
    return detail, view


def turn_payload(detail: ConversationDetail, view: TurnView) -> dict[str, object]:
    """A turn as JSON for the staff API (masked text only, as stored)."""
    turn = view.turn
    return {
        "id": turn.id,
        "conversation_id": turn.conversation_id,
        "account_id": detail.conversation.account_id,
        "audience": detail.audience,
        "created_at": turn.created_at.isoformat(),
        "input_kind": turn.input_kind,
        "masked_text": turn.masked_text,
        "menu_path": turn.menu_path,
        "outcome": turn.outcome,
        "faq_id": turn.faq_id,
        "faq_version": turn.faq_version,
        "selector": turn.selector,
        "reason": turn.reason,
        "confidence": turn.confidence,
        "candidates": turn.candidates,
        "suggestions": turn.suggestions,
        "guard": turn.guard,
        "timings": turn.timings,
        "usage": turn.usage,
        "feedback": [{"helpful": f.helpful, "created_at": f.created_at.isoformat()} for f in view.feedback],
        "events": [{"guard": e.guard, "reason": e.reason} for e in view.events],
        "label": None
        if view.label is None
        else {
            "verdict": view.label.verdict,
            "expected_faq_id": view.label.expected_faq_id,
            "note": view.label.note,
            "labelled_by": view.label.labelled_by,
        },
    }
