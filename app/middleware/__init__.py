"""Every middleware of the service, installed in one place and in one order.

Outermost first (pure ASGI throughout, so nothing buffers a response):

1. request id — every response and log line carries one; one access line and the HTTP metrics;
2. security headers — CSP, nosniff, frame options on every response, errors included;
3. error boundary — an exception that escapes becomes a Japanese 500 (with the headers above);
4. CORS — only with HWIS_CORS_ORIGINS; inside the headers so its preflights carry them too;
5. body size — 413 as soon as a body passes HWIS_MAX_BODY_BYTES, counted as it streams;
6. identity — JWT or signed anonymous cookie, and the client address (trusted proxies only);
7. default rate limit — per account, else per client address.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from app.middleware.body_limit import BodySizeLimitMiddleware
from app.middleware.error_boundary import ErrorBoundaryMiddleware
from app.middleware.identity import IdentityMiddleware
from app.middleware.rate_limit import DefaultRateLimitMiddleware
from app.middleware.request_id import RequestIdMiddleware
from app.middleware.security_headers import SecurityHeadersMiddleware
from app.observability.logs import REQUEST_ID_HEADER
from app.settings import Settings


def cors_middleware(origins: list[str]) -> Middleware:
    """CORS for the listed origins only; no credentials, so the session cookie never crosses origins."""
    return Middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "Authorization", REQUEST_ID_HEADER],
        expose_headers=[REQUEST_ID_HEADER, "Retry-After"],
        allow_credentials=False,
        max_age=600,
    )


def middleware_stack(settings: Settings) -> list[Middleware]:
    """The middleware list, outermost first."""
    stack = [
        Middleware(RequestIdMiddleware),
        Middleware(SecurityHeadersMiddleware, hsts=settings.environment == "production"),
        Middleware(ErrorBoundaryMiddleware),
    ]
    if settings.cors_origins:
        stack.append(cors_middleware(settings.cors_origins))
    stack += [
        Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        Middleware(IdentityMiddleware, settings=settings),
        Middleware(DefaultRateLimitMiddleware, settings=settings),
    ]
    return stack


def install_middleware(app: FastAPI, settings: Settings) -> None:
    app.user_middleware[:0] = middleware_stack(settings)
