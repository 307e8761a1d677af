"""Read-only queries of the console: the filtered conversation list and conversation details."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, cast, func, or_, select

from app.storage.models import Account, Conversation, Feedback, GuardrailEvent, Turn
from app.storage.repository import Repository
from app.storage.staff_models import TurnLabel
from guardrails.access import JST

PAGE_SIZE = 50
OUTCOMES = ("answer", "clarify", "no_answer", "blocked", "menu")
AUDIENCES = {"job_seeker": "js", "employer": "em"}


def jst_start(day: date) -> datetime:
    """00:00 JST of `day`, in UTC (the database stores UTC)."""
    return datetime.combine(day, time(0, 0), tzinfo=JST).astimezone(UTC)


@dataclass(frozen=True)
class ConversationFilter:
    day_from: date | None = None
    day_to: date | None = None  # inclusive
    audience: str = ""  # job_seeker | employer
    outcome: str = ""  # one of OUTCOMES
    guard: str = ""  # "" | "any" | a guard name
    negative: bool = False  # has 解決しなかった feedback
    faq_id: str = ""
    text: str = ""  # words in a masked question (already folded like the stored text)
    page: int = 1

    def query_args(self) -> dict[str, str]:
        """The filter as query-string fields (for paging links and exports)."""
        args = {
            "from": self.day_from.isoformat() if self.day_from else "",
            "to": self.day_to.isoformat() if self.day_to else "",
            "audience": self.audience,
            "outcome": self.outcome,
            "guard": self.guard,
            "negative": "1" if self.negative else "",
            "faq_id": self.faq_id,
            "q": self.text,
        }
        return {k: v for k, v in args.items() if v}


@dataclass
class ConversationRow:
    id: str
    created_at: datetime
    account_id: str
    audience: str | None
    turns: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    faq_ids: list[str] = field(default_factory=list)
    negative: int = 0
    events: int = 0
    labels: int = 0
    question: str | None = None  # the first typed question (or the first one matching the search)


def audience_of(role: str | None, menu_node: str | None, menu_paths: list[list[Any]]) -> str | None:
    """job_seeker / employer from the account's role, else from the menus the conversation went through."""
    if role in AUDIENCES:
        return role
    nodes = [menu_node or ""] + [str(n) for path in menu_paths for n in (path or [])]
    for audience, prefix in AUDIENCES.items():
        if any(n == prefix or n.startswith(prefix + ".") for n in nodes):
            return audience
    return None


def _audience_clause(audience: str) -> ColumnElement[bool]:
    prefix = AUDIENCES[audience]
    in_path = select(Turn.id).where(
        Turn.conversation_id == Conversation.id, cast(Turn.menu_path, String).like(f'%"{prefix}"%')
    )
    return or_(
        Account.role == audience,
        Conversation.menu_node == prefix,
        Conversation.menu_node.like(f"{prefix}.%"),
        in_path.exists(),
    )


def matches(text: str) -> ColumnElement[bool]:
    """Masked question text containing `text` (LIKE wildcards in it are taken literally)."""
    return Turn.masked_text.contains(text, autoescape=True)


def conditions(f: ConversationFilter) -> list[ColumnElement[bool]]:
    in_conversation = Turn.conversation_id == Conversation.id
    found: list[ColumnElement[bool]] = [select(Turn.id).where(in_conversation).exists()]
    if f.day_from:
        found.append(Conversation.created_at >= jst_start(f.day_from))
    if f.day_to:
        found.append(Conversation.created_at < jst_start(f.day_to + timedelta(days=1)))
    if f.outcome:
        found.append(select(Turn.id).where(in_conversation, Turn.outcome == f.outcome).exists())
    if f.faq_id:
        found.append(select(Turn.id).where(in_conversation, Turn.faq_id == f.faq_id).exists())
    if f.text:
        found.append(select(Turn.id).where(in_conversation, matches(f.text)).exists())
    if f.negative:
        negative = select(Feedback.id).join(Turn, Turn.id == Feedback.turn_id)
        found.append(negative.where(in_conversation, Feedback.helpful.is_(False)).exists())
    if f.guard:
        events = select(GuardrailEvent.id).join(Turn, Turn.id == GuardrailEvent.turn_id).where(in_conversation)
        if f.guard != "any":
            events = events.where(GuardrailEvent.guard == f.guard)
        found.append(events.exists())
    if f.audience in AUDIENCES:
        found.append(_audience_clause(f.audience))
    return found


def list_conversations(repository: Repository, f: ConversationFilter) -> tuple[list[ConversationRow], int]:
    """One page of conversations (newest first) matching the filter, and the total count."""
    where = conditions(f)
    with repository.session() as session:
        base = select(Conversation, Account.role).join(Account, Account.id == Conversation.account_id).where(*where)
        total = int(session.scalar(select(func.count()).select_from(base.subquery())) or 0)
        page = session.execute(
            base.order_by(Conversation.created_at.desc(), Conversation.id)
            .limit(PAGE_SIZE)
            .offset((max(1, f.page) - 1) * PAGE_SIZE)
        ).all()
        ids = [c.id for c, _ in page]
        turns = session.execute(
            select(Turn.conversation_id, Turn.outcome, Turn.faq_id, Turn.menu_path, Turn.masked_text)
            .where(Turn.conversation_id.in_(ids))
            .order_by(Turn.created_at, Turn.id)
        ).all()
        negative = _count_by_conversation(session, Feedback, Feedback.turn_id, ids, Feedback.helpful.is_(False))
        events = _count_by_conversation(session, GuardrailEvent, GuardrailEvent.turn_id, ids)
        labels = _count_by_conversation(session, TurnLabel, TurnLabel.turn_id, ids)
    rows: dict[str, ConversationRow] = {}
    paths: dict[str, list[list[Any]]] = {}
    for conversation, role in page:
        rows[conversation.id] = ConversationRow(conversation.id, conversation.created_at, conversation.account_id, role)
        paths[conversation.id] = []
    for conversation_id, outcome, faq_id, menu_path, text in turns:
        row = rows[conversation_id]
        if text and (row.question is None or (f.text and f.text not in row.question and f.text in text)):
            row.question = text
        row.turns += 1
        row.outcomes[outcome] += 1
        if faq_id and faq_id not in row.faq_ids:
            row.faq_ids.append(faq_id)
        paths[conversation_id].append(menu_path)
    for conversation, role in page:
        row = rows[conversation.id]
        row.audience = audience_of(role, conversation.menu_node, paths[conversation.id])
        row.negative, row.events, row.labels = (
            negative.get(row.id, 0), events.get(row.id, 0), labels.get(row.id, 0)
        )
    return list(rows.values()), total


def _count_by_conversation(
    session: Any, model: Any, turn_column: Any, ids: list[str], *where: ColumnElement[bool]
) -> dict[str, int]:
    query = (
        select(Turn.conversation_id, func.count(model.id))
        .join(Turn, Turn.id == turn_column)
        .where(Turn.conversation_id.in_(ids), *where)
        .group_by(Turn.conversation_id)
    )
    return {conversation_id: int(n) for conversation_id, n in session.execute(query).all()}


def guard_names(repository: Repository) -> list[str]:
    with repository.session() as session:
        return sorted(n for n in session.scalars(select(GuardrailEvent.guard).distinct()) if n)


def next_unlabelled(repository: Repository, after: datetime | None = None, exclude: str | None = None) -> str | None:
    """The oldest typed question without a label after `after` (else the oldest of all), for review in order."""
    unlabelled = select(Turn.id).where(
        Turn.input_kind == "text", ~select(TurnLabel.id).where(TurnLabel.turn_id == Turn.id).exists()
    )
    if exclude:
        unlabelled = unlabelled.where(Turn.id != exclude)
    order = (Turn.created_at, Turn.id)
    with repository.session() as session:
        if after is not None:
            found = session.scalar(unlabelled.where(Turn.created_at >= after).order_by(*order).limit(1))
            if found:
                return str(found)
        found = session.scalar(unlabelled.order_by(*order).limit(1))
        return str(found) if found else None
