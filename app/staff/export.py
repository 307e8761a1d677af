"""CSV export of the (masked) turns of the conversations that match a filter."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from app.staff.queries import ConversationFilter, audience_of, conditions
from app.storage.models import Account, Conversation, Feedback, Turn
from app.storage.repository import Repository
from app.storage.staff_models import TurnLabel
from app.web.text import csv_safe
from guardrails.access import JST

MAX_ROWS = 100_000
BATCH = 500
COLUMNS = (
    "turn_id", "conversation_id", "account_id", "created_at_jst", "audience", "input_kind", "menu_path",
    "masked_text", "outcome", "faq_id", "faq_version", "selector", "confidence", "reason", "blocked_by",
    "pii_types", "prompt_tokens", "completion_tokens", "total_ms", "feedback", "label", "expected_faq_id",
)


def _feedback(values: list[bool]) -> str:
    return ";".join("helpful" if v else "not_helpful" for v in values)


def _row(turn: Turn, role: str | None, menu_node: str | None, label: TurnLabel | None, fb: list[bool]) -> list[Any]:
    created = turn.created_at
    assert created is not None
    guard, usage = turn.guard or {}, turn.usage or {}
    return [
        turn.id, turn.conversation_id, "", created.astimezone(JST).isoformat(timespec="seconds"),
        audience_of(role, menu_node, [turn.menu_path]) or "", turn.input_kind, ">".join(map(str, turn.menu_path)),
        turn.masked_text or "", turn.outcome, turn.faq_id or "", turn.faq_version or "", turn.selector or "",
        "" if turn.confidence is None else f"{turn.confidence:.4f}", turn.reason or "", guard.get("blocked_by") or "",
        ";".join(guard.get("pii_types") or []), usage.get("prompt_tokens", ""), usage.get("completion_tokens", ""),
        (turn.timings or {}).get("total", ""), _feedback(fb), label.verdict if label else "",
        (label.expected_faq_id or "") if label else "",
    ]


def csv_chunks(repository: Repository, f: ConversationFilter) -> Iterator[str]:
    """The CSV in chunks (header first); every cell is formula-safe with invisible characters escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so spreadsheet software reads UTF-8
    writer.writerow(COLUMNS)
    matching = (
        select(Conversation.id).join(Account, Account.id == Conversation.account_id).where(*conditions(f))
    )
    with repository.session() as session:
        query = (
            select(Turn, Conversation.account_id, Conversation.menu_node, Account.role, TurnLabel)
            .join(Conversation, Conversation.id == Turn.conversation_id)
            .join(Account, Account.id == Conversation.account_id)
            .outerjoin(TurnLabel, TurnLabel.turn_id == Turn.id)
            .where(Turn.conversation_id.in_(matching))
            .order_by(Turn.created_at, Turn.id)
            .limit(MAX_ROWS)
        )
        result = session.execute(query.execution_options(yield_per=BATCH))
        for batch in result.partitions(BATCH):
            ids = [row[0].id for row in batch]
            feedback: dict[str, list[bool]] = {}
            for turn_id, helpful in session.execute(
                select(Feedback.turn_id, Feedback.helpful).where(Feedback.turn_id.in_(ids)).order_by(Feedback.id)
            ):
                feedback.setdefault(turn_id, []).append(helpful)
            for turn, account_id, menu_node, role, label in batch:
                cells = _row(turn, role, menu_node, label, feedback.get(turn.id, []))
                cells[2] = account_id
                writer.writerow([csv_safe(c) for c in cells])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
