"""Request size limit, counted as the body streams in (pure ASGI).

A declared Content-Length over the limit is refused before anything is read. A body
without one (chunked) is read here chunk by chunk, and refused with 413 as soon as the
running count passes the limit — never buffered beyond `max_bytes`. A body within the
limit is handed on to the app as it was received.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "送信された内容が大きすぎます。ご質問は短くしてもう一度お試しください。"
_WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def too_large() -> JSONResponse:
    return JSONResponse({"code": "payload_too_large", "message": TOO_LARGE}, status_code=413,
                        headers={"Connection": "close"})


class BodySizeLimitMiddleware:
    """413 for bodies over `max_bytes`, by Content-Length or by counting the stream."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        if max_bytes < 1:
            raise ValueError("max_bytes must be positive")
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WITH_BODY:
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await too_large()(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: nothing to answer
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await too_large()(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
