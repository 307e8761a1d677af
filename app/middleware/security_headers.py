"""Security headers for the chat page, the staff console and their static files.

The pages load scripts and styles only from this origin (no inline code, no CDN), so the
Content-Security-Policy can forbid everything else. Every other response (the JSON API,
/metrics, errors) gets `default-src 'none'; frame-ancestors 'none'`; other HTML such as
/docs gets only `frame-ancestors 'none'` (Swagger UI needs its own sources).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.send import on_response_start

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts,
    # and the staff console's CSRF check needs the real same-origin Origin header.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
API_CSP = "default-src 'none'; frame-ancestors 'none'"
OTHER_HTML_CSP = "frame-ancestors 'none'"
COMMON_HEADERS = {"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


def is_page(path: str) -> bool:
    return path == "/" or path.startswith(("/staff", "/static/"))


def is_staff(path: str) -> bool:
    return path == "/staff" or path.startswith(("/staff/", "/api/v1/staff"))


class SecurityHeadersMiddleware:
    """Pure ASGI middleware (does not buffer streamed responses such as CSV exports)."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        page, staff = is_page(path), is_staff(path)

        def add_headers(message: Message) -> None:
            headers = MutableHeaders(scope=message)
            headers.setdefault("X-Content-Type-Options", "nosniff")
            if page:
                for name, value in PAGE_HEADERS.items():
                    headers.setdefault(name, value)
            else:
                html = headers.get("content-type", "").startswith("text/html")
                headers.setdefault("Content-Security-Policy", OTHER_HTML_CSP if html else API_CSP)
                for name, value in COMMON_HEADERS.items():
                    headers.setdefault(name, value)
            if self.hsts:
                headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
            if staff:
                headers["Cache-Control"] = "no-store"

        await self.app(scope, receive, on_response_start(send, add_headers))
