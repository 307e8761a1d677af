"""CSV export of the (masked) turns of the conversations that match a filter.

Headings and values are Japanese (利用者の区分 「仕事を探している方」, not job_seeker; menu paths as
the menu's own labels; 「解決しなかった（どれにも当てはまらない）」, not not_helpful), so the file
reads as it is in a spreadsheet. Ids, the FAQ version and numbers stay as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from app.staff.labels import VERDICT_LABELS
from app.staff.queries import ConversationFilter, audience_of, conditions
from app.staff.wording import (
    AUDIENCE_LABELS,
    GUARD_LABELS,
    INPUT_LABELS,
    OUTCOME_LABELS,
    feedback_label,
    menu_path_text,
)
from app.storage.models import Account, Conversation, Feedback, Turn
from app.storage.repository import Repository
from app.storage.staff_models import TurnLabel
from app.web.text import csv_safe
from guardrails.access import JST
from guardrails.pii.entities import PLACEHOLDERS
from menus.tree import MenuTree

MAX_ROWS = 100_000
BATCH = 500
COLUMNS = (
    "ターンID", "会話ID", "アカウントID", "日時（日本時間）", "利用者の区分", "入力の種類", "メニューの位置",
    "質問（伏せ字済み）", "結果", "FAQのID", "FAQの質問", "FAQの版", "選び方", "確信度", "ブロックした確認",
    "伏せ字にした個人情報", "入力トークン", "出力トークン", "処理時間（ミリ秒）", "利用者の評価", "ラベル",
    "正しいFAQのID",
)
Vote = tuple[bool, str | None]


def selector_label(selector: str | None) -> str:
    if not selector:
        return ""
    if selector.startswith("retrieval(fallback"):
        return "検索のみ（LLMの代わり）"
    return {"menu": "メニュー", "llm": "LLMが選択", "retrieval": "検索のみ", "cache": "前回と同じ結果"}.get(
        selector, "その他"
    )


def _pii(types: list[str]) -> str:
    return "、".join(PLACEHOLDERS.get(t, "＜個人情報＞").strip("＜＞") for t in types)


def _row(
    turn: Turn, role: str | None, menu_node: str | None, label: TurnLabel | None, fb: list[Vote],
    tree: MenuTree | None, titles: dict[str, str],
) -> list[Any]:
    created = turn.created_at
    assert created is not None
    guard, usage = turn.guard or {}, turn.usage or {}
    audience = audience_of(role, menu_node, [turn.menu_path])
    path = menu_path_text(tree, turn.menu_path) if tree else " › ".join(map(str, turn.menu_path))
    blocked_by = guard.get("blocked_by")
    return [
        turn.id, turn.conversation_id, "", created.astimezone(JST).isoformat(timespec="seconds"),
        AUDIENCE_LABELS.get(audience or "", "不明"), INPUT_LABELS.get(turn.input_kind, turn.input_kind), path,
        turn.masked_text or "", OUTCOME_LABELS.get(turn.outcome, turn.outcome), turn.faq_id or "",
        titles.get(turn.faq_id or "", ""), turn.faq_version or "", selector_label(turn.selector),
        "" if turn.confidence is None else f"{turn.confidence:.4f}",
        GUARD_LABELS.get(blocked_by, "その他の確認") if blocked_by else "", _pii(guard.get("pii_types") or []),
        usage.get("prompt_tokens", ""), usage.get("completion_tokens", ""), (turn.timings or {}).get("total", ""),
        "、".join(feedback_label(h, r) for h, r in fb), VERDICT_LABELS.get(label.verdict, "") if label else "",
        (label.expected_faq_id or "") if label else "",
    ]


def csv_chunks(
    repository: Repository, f: ConversationFilter, tree: MenuTree | None = None, titles: dict[str, str] | None = None
) -> Iterator[str]:
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
            feedback: dict[str, list[Vote]] = {}
            for turn_id, helpful, reason in session.execute(
                select(Feedback.turn_id, Feedback.helpful, Feedback.reason)
                .where(Feedback.turn_id.in_(ids))
                .order_by(Feedback.id)
            ):
                feedback.setdefault(turn_id, []).append((helpful, reason))
            for turn, account_id, menu_node, role, label in batch:
                cells = _row(turn, role, menu_node, label, feedback.get(turn.id, []), tree, titles or {})
                cells[2] = account_id
                writer.writerow([csv_safe(c) for c in cells])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
