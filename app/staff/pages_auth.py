"""Staff log-in and log-out pages.

The log-in form carries its own CSRF token (a double-submit cookie scoped to the form),
so another site cannot log a browser into a staff account either.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.settings import Settings
from app.staff import audit
from app.staff.accounts import StaffAccounts
from app.staff.auth import PageActor, repository_of, session_actor, staff_settings_of
from app.staff.context import client_ip, redirect, render
from app.staff.forms import read_form, safe_next
from app.staff.sessions import StaffSessions, same_secret

router = APIRouter(prefix="/staff", include_in_schema=False)

LOGIN_COOKIE = "hwis_staff_login"
BAD_LOGIN = "ユーザー名またはパスワードが正しくありません。"
EXPIRED_FORM = "画面の有効期限が切れました。もう一度ログインしてください。"


def _secure(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    return settings.environment == "production"


def _login_page(
    request: Request, error: str | None = None, username: str = "", status_code: int = 200, next_url: str | None = None
) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request, "staff/login.html", None, "login", "職員ログイン", status_code,
        login_token=token, error=error, username=username,
        next=safe_next(next_url or request.query_params.get("next")),
    )
    response.set_cookie(
        LOGIN_COOKIE, token, max_age=1800, httponly=True, samesite="strict", secure=_secure(request),
        path="/staff/login",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    if session_actor(request) is not None:
        return redirect(safe_next(request.query_params.get("next")))
    return _login_page(request)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await read_form(request)
    username = form.get("username", "").strip()[:64]
    if not same_secret(request.cookies.get(LOGIN_COOKIE), form.get("login_token")):
        return _login_page(request, EXPIRED_FORM, username, 400, form.get("next"))
    staff = staff_settings_of(request)
    repository = repository_of(request)
    result = StaffAccounts(repository, pepper=staff.secret_key).verify(
        username, form.get("password", ""), staff.staff_lockout_attempts,
        timedelta(minutes=staff.staff_lockout_minutes),
    )
    ip = client_ip(request)
    if result.status == "locked":
        audit.record(repository, username or "?", "login_locked", username, {}, ip)
        message = (
            "ログインに続けて失敗したため、このアカウントは一時的にロックされています。"
            f"{staff.staff_lockout_minutes}分ほど待ってからもう一度お試しいただくか、管理者に連絡してください。"
        )
        return _login_page(request, message, username, 423, form.get("next"))
    if result.status != "ok" or result.user_id is None:
        # an unknown name is not written down: people type their password into the wrong box
        known = result.user_id is not None
        who = username if known else "(unknown)"
        audit.record(repository, who, "login_failed", who, {"why": result.status if known else "unknown_user"}, ip)
        return _login_page(request, BAD_LOGIN, username, 401, form.get("next"))
    token, _ = StaffSessions(repository).create(result.user_id, timedelta(hours=staff.staff_session_hours))
    audit.record(repository, result.username, "login", result.username, {"role": result.role}, ip)
    response = redirect(safe_next(form.get("next")))
    response.set_cookie(
        staff.staff_cookie, token, httponly=True, samesite="strict", secure=_secure(request), path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/staff/login")
    return response


@router.post("/logout")
def logout(request: Request, actor: PageActor) -> Response:
    staff = staff_settings_of(request)
    repository = repository_of(request)
    StaffSessions(repository).end(request.cookies.get(staff.staff_cookie))
    audit.record(repository, actor.username, "logout", actor.username, {}, client_ip(request))
    response = redirect("/staff/login?done=logged_out")
    response.delete_cookie(staff.staff_cookie, path="/")
    return response
