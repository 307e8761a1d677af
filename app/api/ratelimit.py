"""Rate limits with slowapi's Limiter and storage: every public endpoint per account (else per
client IP), a tighter window on message submissions, and bounds on menu steps. 429 answers carry
Retry-After."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from limits import parse
from slowapi import Limiter
from starlette.requests import HTTPConnection

from app.settings import Settings

RATE_LIMITED = "短い時間にたくさんの操作がありました。しばらく待ってからもう一度お試しください。"


def rate_key(request: HTTPConnection) -> str:
    """The account for callers who proved an identity; the client IP for everyone else."""
    identity = getattr(request.state, "identity", None)
    if identity is not None and identity.identified:
        return f"acct:{identity.account_id}"
    return ip_key(request)


def ip_key(request: HTTPConnection) -> str:
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


def hit(request: HTTPConnection, limit: str, bucket: str, key: str) -> int | None:
    """Count one request in `bucket` for `key`; None if allowed, else the seconds until the window resets."""
    limiter: Limiter = request.app.state.limiter
    item = parse(limit)
    name = f"hwis/{bucket}/{key}"
    if limiter.limiter.hit(item, name):
        return None
    reset_at, _ = limiter.limiter.get_window_stats(item, name)
    return max(1, int(reset_at - time.time()) + 1)


def _enforce(request: HTTPConnection, limit: str, bucket: str, key: str) -> None:
    retry_after = hit(request, limit, bucket, key)
    if retry_after is not None:
        raise Throttled(retry_after)


def limit_messages(request: Request) -> None:
    """A second, tighter window for message submissions."""
    settings: Settings = request.app.state.settings
    _enforce(request, settings.rate_limit_messages, "messages", rate_key(request))


def limit_menu_steps(request: Request) -> None:
    """Menu steps: per client IP (however many accounts it uses) and per account and day."""
    settings: Settings = request.app.state.settings
    _enforce(request, settings.menu_rate_limit_ip, "menu-ip", ip_key(request))
    _enforce(request, settings.menu_rate_limit_account, "menu-account", rate_key(request))


MessageRateLimit = Annotated[None, Depends(limit_messages)]
