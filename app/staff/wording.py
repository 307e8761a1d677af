"""Japanese words for the codes stored with turns: menu paths, feedback, audiences, outcomes.

Every page and every CSV of the console shows these, never the codes (job_seeker, not_helpful,
root>js) themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.pipeline.replies import SIDE_LABELS
from menus.tree import MenuTree, UnknownMenuNode

AUDIENCE_LABELS: dict[str, str] = SIDE_LABELS  # the same words the chat page uses for the two sides
OUTCOME_LABELS = {
    "answer": "回答",
    "clarify": "聞き返し",
    "no_answer": "回答なし（窓口案内）",
    "blocked": "ブロック",
    "menu": "メニュー",
}
INPUT_LABELS = {"text": "文章での質問", "menu": "メニュー操作"}
REASON_LABELS = {
    "none_of_these": "どれにも当てはまらない",
    "wrong_answer": "知りたいことと違う",
    "not_enough": "情報が足りない",
    "unclear": "わかりにくい",
    "none_given": "理由の記入なし",
}
GUARD_LABELS = {
    "injection": "不正な指示の検知",
    "content": "不適切な内容の検知",
    "pii": "個人情報の検知",
    "normalize": "文字の正規化",
}
PATH_SEPARATOR = " › "


def feedback_label(helpful: bool, reason: str | None = None) -> str:
    text = "解決した" if helpful else "解決しなかった"
    if reason and reason in REASON_LABELS:
        text += f"（{REASON_LABELS[reason]}）"
    return text


def menu_labels(tree: MenuTree, path: Iterable[Any]) -> list[str]:
    """The menu tree's own labels for a stored path of node ids (the root left out)."""
    labels = []
    for node_id in path:
        try:
            node = tree.get(str(node_id))
        except UnknownMenuNode:
            labels.append(f"（現在のメニューにない項目 {node_id}）")
            continue
        if node.parent is not None:
            labels.append(node.label)
    return labels


def menu_path_text(tree: MenuTree, path: Iterable[Any]) -> str:
    return PATH_SEPARATOR.join(menu_labels(tree, path)) or "トップ"
