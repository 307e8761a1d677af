"""Feedback on a turn (解決した / 解決しなかった, with an optional reason; 「どれにも当てはまらない」)."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import AccountDep, ConciergeDep
from app.api.schemas import FeedbackIn

router = APIRouter(prefix="/api/v1", tags=["feedback"])


@router.post("/turns/{turn_id}/feedback")
def post_feedback(turn_id: str, body: FeedbackIn, account: AccountDep, concierge: ConciergeDep) -> dict[str, bool]:
    concierge.feedback(account, turn_id, body.helpful, body.reason)
    return {"recorded": True}
