"""Request size limit: refuse oversized bodies before they are read."""

from __future__ import annotations

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

from app.errors import error_body

TOO_LARGE = "送信された内容が大きすぎます。ご質問は短くしてもう一度お試しください。"


class BodySizeLimitMiddleware(BaseHTTPMiddleware):
    """413 for bodies over `max_bytes` (by Content-Length, or by reading at most that much)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.method in {"POST", "PUT", "PATCH"}:
            declared = request.headers.get("content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
                return JSONResponse(error_body("payload_too_large", TOO_LARGE), status_code=413)
            body = await request.body()
            if len(body) > self.max_bytes:
                return JSONResponse(error_body("payload_too_large", TOO_LARGE), status_code=413)
        return await call_next(request)
