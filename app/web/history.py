"""A conversation's recent turns, as the page shows them again after a reload.

Only what was stored is shown: the masked question (never what was typed), the menu step, and the
reply rebuilt from the stored outcome — the vetted answer of the stored entry, the clarify step's
stored suggestions, or the hand-off with the audience's menu and popular questions. Each reply has
the shape of `POST …/messages` (so the page draws it with the same code), plus the feedback given.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.pipeline.faq_versions import FaqVersions
from app.pipeline.knowledge import Knowledge
from app.pipeline.replies import (
    ANSWER_NOTICE,
    CLARIFY_MESSAGE,
    HANDOFF_LINKS,
    HANDOFF_MESSAGE,
    POPULAR_QUESTIONS,
    AnswerCard,
    Reply,
    node_view,
)
from app.storage.models import Feedback, Turn
from app.storage.repository import Repository
from guardrails.chain import BLOCKED_MESSAGE
from menus.tree import UnknownMenuNode

HISTORY_LIMIT = 20
PII_REMOVED = "ご入力に含まれていた個人情報は、記録する前に削除しました。"
_SIDES = {"js": "job_seeker", "em": "employer"}


def recent_turns(repository: Repository, conversation_id: str, limit: int = HISTORY_LIMIT) -> list[Turn]:
    query = (
        select(Turn).where(Turn.conversation_id == conversation_id)
        .order_by(Turn.created_at.desc(), Turn.id.desc()).limit(limit)
    )
    with repository.session() as session:
        return list(reversed(session.scalars(query).all()))


def feedback_of(repository: Repository, turn_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The latest feedback per turn."""
    if not turn_ids:
        return {}
    query = select(Feedback).where(Feedback.turn_id.in_(turn_ids)).order_by(Feedback.id)
    with repository.session() as session:
        return {f.turn_id: {"helpful": f.helpful, "reason": f.reason} for f in session.scalars(query)}


class HistoryView:
    """Rebuilds stored turns into replies against the loaded FAQ and menus."""

    def __init__(self, knowledge: Knowledge, versions: FaqVersions | None = None) -> None:
        self.knowledge = knowledge
        self.versions = versions  # earlier FAQ versions, to show an answer exactly as it was shown

    def _card(self, faq_id: str, version: str | None) -> AnswerCard | None:
        """The answer as the user saw it: from the turn's own FAQ version when that is still on record."""
        if self.versions is None:
            entry = self.knowledge.store.entries.get(faq_id)
            return AnswerCard.of(entry, self.knowledge.version) if entry is not None else None
        shown = self.versions.entry_as_shown(faq_id, version, self.knowledge.store)
        return AnswerCard.of(*shown) if shown is not None else None

    def _questions(self, faq_ids: list[str]) -> list[dict[str, Any]]:
        entries = self.knowledge.store.entries
        return [{"faq_id": f, "question": entries[f].question, "menu": f"faq.{f}"} for f in faq_ids if f in entries]

    def _menu(self, node_id: str | None) -> dict[str, Any] | None:
        if not node_id:
            return None
        try:
            return node_view(self.knowledge.menu, self.knowledge.menu.get(node_id))
        except UnknownMenuNode:
            return None

    def reply(self, turn: Turn) -> Reply:
        node_id = turn.menu_path[-1] if turn.menu_path else None
        menu = self._menu(node_id) if turn.input_kind == "menu" else None
        card = self._card(turn.faq_id, turn.faq_version) if turn.outcome == "answer" and turn.faq_id else None
        if card is not None:
            return Reply("answer", ANSWER_NOTICE, answer=card, menu=menu, turn_id=turn.id)
        if turn.outcome == "menu" and menu is not None:
            return Reply("menu", menu["label"], menu=menu, turn_id=turn.id)
        notices = [PII_REMOVED] if (turn.guard or {}).get("pii_types") else []
        if turn.outcome == "clarify":
            return Reply("clarify", CLARIFY_MESSAGE, suggestions=self._questions(list(turn.suggestions or [])),
                         notices=notices, turn_id=turn.id)
        if turn.outcome == "blocked":
            return Reply("blocked", BLOCKED_MESSAGE, links=list(HANDOFF_LINKS), turn_id=turn.id)
        side = _SIDES.get(str(node_id or "").split(".", 1)[0], "")
        popular = self._questions(list(POPULAR_QUESTIONS.get(side, POPULAR_QUESTIONS[""])))
        return Reply("no_answer", HANDOFF_MESSAGE, suggestions=popular, links=list(HANDOFF_LINKS), notices=notices,
                     menu=self._menu({"job_seeker": "js", "employer": "em"}.get(side, self.knowledge.menu.root_id)),
                     turn_id=turn.id)

    def turn(self, turn: Turn, feedback: dict[str, Any] | None) -> dict[str, Any]:
        if turn.input_kind == "menu":
            menu = self._menu(turn.menu_path[-1] if turn.menu_path else None)
            said = menu["label"] if menu else ""
        else:
            said = turn.masked_text or ""
        reply = self.reply(turn).to_dict()
        reply.pop("remaining_today", None)
        return {
            "turn_id": turn.id,
            "created_at": turn.created_at.isoformat(),
            "input_kind": turn.input_kind,
            "text": said,
            "reply": reply,
            "feedback": feedback,
        }
