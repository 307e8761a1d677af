"""How the console's auth failures look: a redirect to log-in or an HTML page for pages, JSON for the API."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from app.staff.auth import StaffForbidden, StaffLoginRequired, session_actor
from app.staff.context import redirect, render


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def install_staff_errors(app: FastAPI) -> None:
    @app.exception_handler(StaffLoginRequired)
    async def _login_required(request: Request, exc: StaffLoginRequired) -> Response:
        if exc.api or _is_api(request):
            return JSONResponse(
                {"code": "staff_login_required", "message": exc.message},
                status_code=401,
                headers={"WWW-Authenticate": 'Cookie realm="staff"'},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = "/staff"
        return redirect(f"/staff/login?next={quote(target, safe='/')}")

    @app.exception_handler(StaffForbidden)
    async def _forbidden(request: Request, exc: StaffForbidden) -> Response:
        if _is_api(request):
            return JSONResponse({"code": exc.code, "message": exc.message}, status_code=403)
        actor = session_actor(request)
        return render(request, "staff/error.html", actor, "", "操作できません", 403, message=exc.message)
