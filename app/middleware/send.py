"""The one way our middleware looks at a response: a hook on `http.response.start`."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import Message, Send


def on_response_start(send: Send, hook: Callable[[Message], None]) -> Send:
    """Wrap `send` so that `hook` sees (and may edit the headers of) the response-start message
    before it is passed on; body messages go through untouched."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            hook(message)
        await send(message)

    return wrapped
