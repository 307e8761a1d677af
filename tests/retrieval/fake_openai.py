"""A local OpenAI-compatible chat-completions server for tests.

It stands in for a real endpoint to test *our client code* (request shape, fallbacks,
timeouts), not answer quality. It records every request and answers per `mode`.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response


@dataclass
class FakeState:
    mode: str = "choice"  # choice | none | unknown | malformed | refusal | 429 | 500 | slow | text
    choose: str | None = None  # id to pick in "choice" mode (default: the first candidate)
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)


def _completion(content: str | None, refusal: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "fake",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": 123, "completion_tokens": 7, "total_tokens": 130},
    }


def build_app(state: FakeState) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(request: Request) -> Response:
        body = await request.json()
        state.requests.append(body)
        enum = body["response_format"]["json_schema"]["schema"]["properties"]["faq_id"]["enum"]
        if state.mode == "slow":
            import asyncio

            await asyncio.sleep(state.delay or 10)
        if state.mode == "429":
            return JSONResponse({"error": {"message": "slow down"}}, status_code=429)
        if state.mode == "500":
            return JSONResponse({"error": {"message": "boom"}}, status_code=500)
        if state.mode == "refusal":
            return JSONResponse(_completion(None, refusal="I can't help with that."))
        if state.mode == "malformed":
            return JSONResponse(_completion('{"faq_id": '))
        if state.mode == "text":
            return JSONResponse(_completion("このサービスは最高です。私が考えた回答をお伝えします。"))
        if state.mode == "unknown":
            return JSONResponse(_completion(json.dumps({"faq_id": "made-up-entry"})))
        if state.mode == "none":
            return JSONResponse(_completion(json.dumps({"faq_id": "none"})))
        return JSONResponse(_completion(json.dumps({"faq_id": state.choose or enum[0]})))

    return app


class FakeOpenAIServer:
    def __init__(self) -> None:
        self.state = FakeState()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        config = uvicorn.Config(build_app(self.state), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
