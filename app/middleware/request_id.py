"""Request ids in and out, one access-log line and the HTTP metrics per request (pure ASGI)."""

from __future__ import annotations

import logging
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.send import on_response_start
from app.observability.logs import REQUEST_ID_HEADER, new_request_id, request_id_var
from app.observability.metrics import record_request, route_template

access_logger = logging.getLogger("app.access")


class RequestIdMiddleware:
    """Pure ASGI middleware: request id in, on every log record, out; one access line and the HTTP
    metrics per request, from one timing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = new_request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        token = request_id_var.set(request_id)
        start, status = time.perf_counter(), 500

        def stamp(message: Message) -> None:
            nonlocal status
            status = int(message["status"])
            MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id

        try:
            await self.app(scope, receive, on_response_start(send, stamp))
        finally:
            seconds = time.perf_counter() - start
            method, route = scope["method"], route_template(scope)
            record_request(method, route, status, seconds)
            access_logger.info(
                "request",
                extra={"method": method, "route": route, "status": status, "duration_ms": round(seconds * 1000, 2)},
            )
            request_id_var.reset(token)
