"""Who may use the staff console and the staff API, as FastAPI dependencies.

- Pages (`/staff/...`): a staff session cookie; state-changing requests also need the
  session's CSRF token (form field `csrf_token` or header `X-CSRF-Token`) and, when the
  browser sends one, a same-host `Origin`.
- API (`/api/v1/staff/...`): `require_staff_session_or_token` accepts either that session
  (CSRF header for state-changing requests) or `X-Staff-Token` (automation, acts as admin).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from app.settings import Settings
from app.staff.forms import read_form
from app.staff.sessions import StaffActor, StaffSessions, same_secret
from app.storage.repository import Repository

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN_REQUIRED = "職員としてログインしてください。"
CSRF_FAILED = (
    "画面の有効期限が切れたか、不正な送信の可能性があります。画面を再読み込みしてからもう一度操作してください。"
)
ADMIN_ONLY = "この操作は管理者のみ行えます。"
TOKEN_ACTOR = "api-token"


class StaffLoginRequired(Exception):
    """No valid staff session or token: pages redirect to the log-in page, the API answers 401."""

    def __init__(self, api: bool) -> None:
        super().__init__(LOGIN_REQUIRED)
        self.api = api
        self.message = LOGIN_REQUIRED


class StaffForbidden(Exception):
    """Logged in, but not allowed (role, or a failed CSRF/origin check): 403."""

    def __init__(self, message: str, code: str = "staff_forbidden") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def repository_of(request: Request) -> Repository:
    repository: Repository | None = request.app.state.concierge.repository
    assert repository is not None, "the staff console needs a repository"
    return repository


def staff_settings_of(request: Request) -> Settings:
    """The service's settings (the console's live with all the others)."""
    settings: Settings = request.app.state.settings
    return settings


def session_actor(request: Request) -> StaffActor | None:
    staff = staff_settings_of(request)
    token = request.cookies.get(staff.staff_cookie)
    return StaffSessions(repository_of(request)).lookup(token, timedelta(minutes=staff.staff_idle_minutes))


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


async def _check_csrf(request: Request, actor: StaffActor) -> None:
    if request.method in SAFE_METHODS or actor.via == "token":
        return
    given = request.headers.get("x-csrf-token") or (await read_form(request)).get("csrf_token")
    if not same_secret(actor.csrf_token, given) or not _same_origin(request):
        raise StaffForbidden(CSRF_FAILED, "csrf_failed")


async def staff_page_actor(request: Request) -> StaffActor:
    """A logged-in staff user on a console page (CSRF-checked for POST)."""
    actor = session_actor(request)
    if actor is None:
        raise StaffLoginRequired(api=False)
    await _check_csrf(request, actor)
    request.state.staff_actor = actor
    return actor


async def require_staff_session_or_token(request: Request) -> StaffActor:
    """For `/api/v1/staff/*`: a staff session (with CSRF on writes) or the `X-Staff-Token`."""
    given = request.headers.get("x-staff-token")
    if given is not None:
        settings: Settings = request.app.state.settings
        if not same_secret(settings.staff_api_token, given):
            raise StaffLoginRequired(api=True)
        actor = StaffActor(TOKEN_ACTOR, "admin", "token")
    else:
        session = session_actor(request)
        if session is None:
            raise StaffLoginRequired(api=True)
        actor = session
    await _check_csrf(request, actor)
    request.state.staff_actor = actor
    return actor


def _admin(actor: StaffActor) -> StaffActor:
    if not actor.is_admin:
        raise StaffForbidden(ADMIN_ONLY, "admin_only")
    return actor


def page_admin(actor: Annotated[StaffActor, Depends(staff_page_actor)]) -> StaffActor:
    return _admin(actor)


def api_admin(actor: Annotated[StaffActor, Depends(require_staff_session_or_token)]) -> StaffActor:
    return _admin(actor)


PageActor = Annotated[StaffActor, Depends(staff_page_actor)]
PageAdmin = Annotated[StaffActor, Depends(page_admin)]
ApiActor = Annotated[StaffActor, Depends(require_staff_session_or_token)]
ApiAdmin = Annotated[StaffActor, Depends(api_admin)]
