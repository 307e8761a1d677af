"""The default rate limit on every public endpoint (pure ASGI; health probes and static files exempt).

slowapi's own SlowAPIMiddleware cannot see routes inside FastAPI's included routers in the
FastAPI version we run, so the check is made here, against the same slowapi Limiter and storage.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.ratelimit import hit, rate_key, throttled_response
from app.settings import Settings
from app.storage.outage import STORE_UNAVAILABLE, unavailable_response

EXEMPT = frozenset({"/healthz", "/readyz", "/metrics", "/favicon.ico"})
EXEMPT_PREFIXES = ("/static/",)  # the chat page's own CSS and JS


class DefaultRateLimitMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limit = settings.rate_limit_default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path in EXEMPT or path.startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        try:
            retry_after = hit(connection, self.limit, "default", rate_key(connection))
        except STORE_UNAVAILABLE:  # the limiter's Redis is down: closed, like the caps
            await unavailable_response()(scope, receive, send)
            return
        if retry_after is not None:
            await throttled_response(retry_after)(scope, receive, send)
            return
        await self.app(scope, receive, send)
