"""Staff API for exclusion: ban, unban, flagged accounts.

Guarded like every `/api/v1/staff` route: a staff session (CSRF-checked on writes) or
the automation token in `X-Staff-Token` (see app/staff/auth.py). Bans need the admin
role and are written to the audit log.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from app.concierge import NotFound
from app.deps import ClientIpDep, ConciergeDep
from app.staff import exclusion
from app.staff.auth import ApiAdmin, require_staff_session_or_token
from app.storage.models import Account

router = APIRouter(prefix="/api/v1/staff", tags=["staff"], dependencies=[Depends(require_staff_session_or_token)])
NO_ACCOUNT = "指定されたアカウントが見つかりません。"


class BanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)


def _account_view(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "kind": account.kind,
        "role": account.role,
        "banned": account.banned,
        "ban_reason": account.ban_reason,
        "flagged": account.flagged,
        "strikes": account.strikes,
        "suspended_until": account.suspended_until.isoformat() if account.suspended_until else None,
    }


@router.post("/accounts/{account_id}/ban")
def ban(
    account_id: str, body: BanIn, actor: ApiAdmin, concierge: ConciergeDep, client_ip: ClientIpDep
) -> dict[str, Any]:
    assert concierge.repository is not None
    try:
        exclusion.ban(concierge.repository, account_id, body.reason, actor.username, client_ip)
    except exclusion.ExclusionError as exc:
        raise NotFound(NO_ACCOUNT) from exc
    return {"account_id": account_id, "banned": True, "reason": body.reason}


@router.post("/accounts/{account_id}/unban")
def unban(account_id: str, actor: ApiAdmin, concierge: ConciergeDep, client_ip: ClientIpDep) -> dict[str, Any]:
    assert concierge.repository is not None
    try:
        exclusion.unban(concierge.repository, account_id, actor.username, client_ip)
    except exclusion.ExclusionError as exc:
        raise NotFound(NO_ACCOUNT) from exc
    return {"account_id": account_id, "banned": False}


@router.get("/accounts/flagged")
def flagged(concierge: ConciergeDep) -> list[dict[str, Any]]:
    assert concierge.repository is not None
    return [_account_view(a) for a in concierge.repository.flagged_accounts()]
