"""Reviewer labels per turn, and their export to the `eval answers` JSONL format.

A label says the turn was `correct`, `wrong` (optionally naming the FAQ that would have
been right) or needs a `new_faq`. Exported, each labelled free-text turn becomes one
`{"text", "menu"?, "expect_faq"}` row, so staff labels grow the regression set:

- correct + answered        -> expect the FAQ that was shown;
- correct + no answer/block -> expect no answer (null);
- correct + clarify         -> skipped (which of the suggestions was right is unknown);
- wrong                     -> expect the FAQ the reviewer named, or null if none would fit;
- new_faq                   -> expect null until the new entry exists (then relabel).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import select

from app.storage.models import Turn, utcnow
from app.storage.repository import Repository
from app.storage.staff_models import VERDICTS, TurnLabel

MAX_NOTE_CHARS = 500
VERDICT_LABELS = {"correct": "正しい", "wrong": "誤り", "new_faq": "新しいFAQが必要"}


class LabelError(ValueError):
    """A label that cannot be stored; `message` is Japanese for the console."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def set_label(
    repository: Repository,
    turn_id: str,
    verdict: str,
    expected_faq_id: str | None,
    note: str | None,
    actor: str,
    known_faq_ids: Collection[str],
) -> TurnLabel:
    """Create or replace the label of a free-text turn."""
    if verdict not in VERDICTS:
        raise LabelError("判定を選んでください。")
    expected = (expected_faq_id or "").strip() or None
    if verdict != "wrong":
        expected = None
    elif expected is not None and expected not in known_faq_ids:
        raise LabelError("正しいFAQのIDが見つかりません。一覧から選んでください。")
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise LabelError(f"メモは{MAX_NOTE_CHARS}文字以内で入力してください。")
    with repository.session() as session:
        turn = session.get(Turn, turn_id)
        if turn is None:
            raise LabelError("指定されたターンが見つかりません。")
        if turn.input_kind != "text":
            raise LabelError("ラベルを付けられるのは自由入力の質問だけです。")
        if verdict == "wrong" and expected is not None and expected == turn.faq_id:
            raise LabelError("「誤り」の場合は、表示された回答とは別のFAQを選んでください。")
        label = session.scalar(select(TurnLabel).where(TurnLabel.turn_id == turn_id))
        if label is None:
            label = TurnLabel(turn_id=turn_id, verdict=verdict, labelled_by=actor)
            session.add(label)
        label.verdict, label.expected_faq_id, label.note = verdict, expected, note
        label.labelled_by, label.updated_at = actor, utcnow()
        session.flush()
        return label


def eval_row(turn: Turn, label: TurnLabel) -> dict[str, Any] | None:
    """One `eval answers` row for a labelled turn, or None when it cannot be one."""
    if turn.input_kind != "text" or not turn.masked_text:
        return None
    if label.verdict == "correct":
        if turn.outcome == "clarify":
            return None
        expect = turn.faq_id if turn.outcome == "answer" else None
    elif label.verdict == "wrong":
        expect = label.expected_faq_id
    else:
        expect = None
    row: dict[str, Any] = {"text": turn.masked_text}
    scope = turn.menu_path[-1] if turn.menu_path else None
    if scope and scope != "root":
        row["menu"] = scope
    row.update({"expect_faq": expect, "label": label.verdict, "turn_id": turn.id})
    return row


def eval_rows(repository: Repository) -> Iterator[dict[str, Any]]:
    with repository.session() as session:
        pairs = session.execute(
            select(Turn, TurnLabel).join(TurnLabel, TurnLabel.turn_id == Turn.id).order_by(TurnLabel.id)
        ).all()
    for turn, label in pairs:
        row = eval_row(turn, label)
        if row is not None:
            yield row


def eval_jsonl(repository: Repository) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in eval_rows(repository))
