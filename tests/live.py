"""A real uvicorn server in a thread of the test process, on a free loopback port.

For what only a real server shows: keep-alive after an error, how the server treats
X-Forwarded-For, and a request body that streams in. It runs with the options
`hwis-concierge serve` uses (`app.tools.server.uvicorn_options`), one worker.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from app.settings import Settings
from app.tools.server import uvicorn_options


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(app: Any, settings: Settings) -> Iterator[str]:
    options = uvicorn_options(settings, "127.0.0.1", free_port())
    options.pop("workers"), options.pop("timeout_worker_healthcheck")
    options["log_config"] = None
    server = uvicorn.Server(uvicorn.Config(app, **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{options['port']}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
