"""The last line of defence: any exception that escapes a route becomes a Japanese 500 (pure ASGI).

It sits inside the request-id and security-header middleware, so an error response carries
the same headers as every other response, and it answers instead of re-raising, so the
server keeps the connection alive. Only the exception's type and where it was raised are
logged: messages may hold what a user typed.
"""

from __future__ import annotations

import logging
import traceback

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.send import on_response_start

logger = logging.getLogger(__name__)
INTERNAL_ERROR = "システムで問題が発生しました。しばらく待ってからもう一度お試しください。"


def internal_error() -> JSONResponse:
    return JSONResponse({"code": "internal_error", "message": INTERNAL_ERROR}, status_code=500)


class ErrorBoundaryMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started: list[Message] = []
        try:
            await self.app(scope, receive, on_response_start(send, started.append))
        except Exception as exc:
            frames = traceback.extract_tb(exc.__traceback__)
            where = [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in frames[-3:]]
            logger.error("unhandled error", extra={"error": type(exc).__name__, "at": where})
            if not started:
                await internal_error()(scope, receive, send)
