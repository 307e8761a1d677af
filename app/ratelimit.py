"""Rate limits with slowapi: every public endpoint per account (else per client IP),
plus a tighter limit on question submissions. 429 answers carry Retry-After."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response
from limits import parse
from slowapi import Limiter
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from app.settings import Settings
from app.storage.outage import STORE_UNAVAILABLE, unavailable_response

RATE_LIMITED = "短い時間にたくさんの操作がありました。しばらく待ってからもう一度お試しください。"


def rate_key(request: Request) -> str:
    """The account for callers who proved an identity; the client IP for everyone else."""
    identity = getattr(request.state, "identity", None)
    if identity is not None and identity.identified:
        return f"acct:{identity.account_id}"
    return f"ip:{getattr(request.state, 'client_ip', None) or 'unknown'}"


def build_limiter(settings: Settings) -> Limiter:
    return Limiter(
        key_func=rate_key,
        default_limits=[settings.rate_limit_default],
        storage_uri=settings.limiter_storage_uri,
        headers_enabled=True,
        key_prefix=settings.redis_prefix,
    )


class Throttled(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def throttled_response(retry_after: int) -> JSONResponse:
    return JSONResponse(
        {"code": "rate_limited", "message": RATE_LIMITED, "retry_after": retry_after},
        status_code=429,
        headers={"Retry-After": str(retry_after)},
    )


def _hit(request: Request, limit: str, bucket: str) -> int | None:
    """Count one request in `bucket`; None if allowed, else the seconds until the window resets."""
    limiter: Limiter = request.app.state.limiter
    item = parse(limit)
    key = f"hwis/{bucket}/{rate_key(request)}"
    if limiter.limiter.hit(item, key):
        return None
    reset_at, _ = limiter.limiter.get_window_stats(item, key)
    return max(1, int(reset_at - time.time()) + 1)


class DefaultRateLimitMiddleware(BaseHTTPMiddleware):
    """The default limit on every public endpoint (health probes are exempt).

    slowapi's own SlowAPIMiddleware cannot see routes inside FastAPI's included
    routers in the FastAPI version we run, so the check is made here, against the
    same slowapi Limiter and storage.
    """

    EXEMPT = ("/healthz", "/readyz", "/metrics")
    EXEMPT_PREFIXES = ("/static/",)  # the chat page's own CSS and JS

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        if path not in self.EXEMPT and not path.startswith(self.EXEMPT_PREFIXES):
            settings: Settings = request.app.state.settings
            try:
                retry_after = _hit(request, settings.rate_limit_default, "default")
            except STORE_UNAVAILABLE:  # the limiter's Redis is down: closed, like the caps
                return unavailable_response()
            if retry_after is not None:
                return throttled_response(retry_after)
        return await call_next(request)


def limit_messages(request: Request) -> None:
    """A second, tighter window for message submissions."""
    settings: Settings = request.app.state.settings
    retry_after = _hit(request, settings.rate_limit_messages, "messages")
    if retry_after is not None:
        raise Throttled(retry_after)


MessageRateLimit = Annotated[None, Depends(limit_messages)]
