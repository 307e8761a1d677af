"""A conversation's recent turns (masked), for the page to show again after a reload."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.deps import AccountDep, ConciergeDep
from app.pipeline.errors import NotFound
from app.pipeline.faq_versions import FaqVersions
from app.web.history import HISTORY_LIMIT, HistoryView, feedback_of, recent_turns

router = APIRouter(prefix="/api/v1", tags=["conversations"])

NOT_YOURS = "指定された会話が見つかりません。新しい会話を始めてください。"


@router.get("/conversations/{conversation_id}/turns")
def get_turns(
    conversation_id: str,
    account: AccountDep,
    concierge: ConciergeDep,
    limit: Annotated[int, Query(ge=1, le=50)] = HISTORY_LIMIT,
) -> dict[str, Any]:
    """The last `limit` turns, oldest first. Only the conversation's own account may read it (the same
    checks as posting a message: not excluded, consented, owner); anyone else gets 404."""
    concierge.access.check(account)
    conversation = concierge.repository.get_conversation(conversation_id)
    if conversation is None or conversation.account_id != account.id:
        raise NotFound(NOT_YOURS)
    turns = recent_turns(concierge.repository, conversation_id, limit)
    feedback = feedback_of(concierge.repository, [t.id for t in turns])
    view = HistoryView(concierge.knowledge, FaqVersions(concierge.repository))
    return {
        "id": conversation_id,
        "menu_node": conversation.menu_node,
        "turns": [view.turn(turn, feedback.get(turn.id)) for turn in turns],
        "remaining_today": concierge.remaining_today(account),
    }
