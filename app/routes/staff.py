"""Staff API for exclusion (the staff console comes later). Guarded by X-Staff-Token."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header
from pydantic import BaseModel, ConfigDict, Field

from app.concierge import NotFound
from app.deps import ConciergeDep, SettingsDep

STAFF_ONLY = "この操作は職員のみ行えます。"


class StaffDenied(Exception):
    message = STAFF_ONLY


def require_staff(settings: SettingsDep, x_staff_token: Annotated[str | None, Header()] = None) -> None:
    expected = settings.staff_api_token
    if not expected or not x_staff_token or not hmac.compare_digest(expected, x_staff_token):
        raise StaffDenied()


router = APIRouter(prefix="/api/v1/staff", tags=["staff"], dependencies=[Depends(require_staff)])


class BanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)


def _account_view(account: Any) -> dict[str, Any]:
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
def ban(account_id: str, body: BanIn, concierge: ConciergeDep) -> dict[str, Any]:
    assert concierge.repository is not None
    if not concierge.repository.set_ban(account_id, True, body.reason):
        raise NotFound("指定されたアカウントが見つかりません。")
    return {"account_id": account_id, "banned": True, "reason": body.reason}


@router.post("/accounts/{account_id}/unban")
def unban(account_id: str, concierge: ConciergeDep) -> dict[str, Any]:
    assert concierge.repository is not None
    if not concierge.repository.set_ban(account_id, False, None):
        raise NotFound("指定されたアカウントが見つかりません。")
    return {"account_id": account_id, "banned": False}


@router.get("/accounts/flagged")
def flagged(concierge: ConciergeDep) -> list[dict[str, Any]]:
    assert concierge.repository is not None
    return [_account_view(a) for a in concierge.repository.flagged_accounts()]
