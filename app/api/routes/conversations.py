"""Conversations and their messages: the concierge's main endpoint."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from app.api.deps import AccountDep, ClientIpDep, ConciergeDep
from app.api.ratelimit import MessageRateLimit, limit_menu_steps
from app.api.schemas import MessageIn
from app.observability.metrics import record_reply

router = APIRouter(prefix="/api/v1", tags=["conversations"])


@router.post("/conversations", status_code=201)
def create_conversation(account: AccountDep, concierge: ConciergeDep) -> dict[str, Any]:
    conversation_id = concierge.start_conversation(account)
    return {"id": conversation_id, "remaining_today": concierge.remaining_today(account)}


@router.post("/conversations/{conversation_id}/messages")
def post_message(
    conversation_id: str,
    body: MessageIn,
    request: Request,
    account: AccountDep,
    concierge: ConciergeDep,
    client_ip: ClientIpDep,
    _: MessageRateLimit,
) -> dict[str, Any]:
    if body.text is None:
        limit_menu_steps(request)  # free of the daily caps, but each step is stored: bounded
    reply = concierge.message(account, conversation_id, body.text, body.menu, client_ip)
    record_reply(reply)
    return reply.to_dict()
