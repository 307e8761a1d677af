"""Wires metrics, request ids and (optional) CORS into the app, after `install_web`.

Middleware order, outermost first: request id (so every response and log line has one;
it also records the HTTP metrics) -> security headers (from `install_web`) -> CORS (only with
HWIS_CORS_ORIGINS) -> body size, identity and rate limits -> routes. CORS sits inside
the security headers so its preflight answers carry them too.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from app import metrics
from app.logging_config import REQUEST_ID_HEADER, RequestIdMiddleware
from app.settings import Settings
from app.web.security import SecurityHeadersMiddleware


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


def install_observability(app: FastAPI, settings: Settings) -> None:
    """Adds CORS (when configured), the metrics router, and the request-id middleware."""
    if settings.cors_origins:
        stack = app.user_middleware  # index 0 is the outermost
        at = next((i + 1 for i, m in enumerate(stack) if m.cls is SecurityHeadersMiddleware), 0)
        stack.insert(at, cors_middleware(settings.cors_origins))
    app.add_middleware(RequestIdMiddleware)
    app.include_router(metrics.router)
