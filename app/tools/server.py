"""How the service is handed to uvicorn: one place for the server's options.

The client address is decided by the app alone (`app.middleware.identity.client_ip`, from
HWIS_TRUSTED_PROXIES): uvicorn is told not to rewrite it from X-Forwarded-For, which it
otherwise does for any peer on 127.0.0.1 before the app can check who the peer is.
"""

from __future__ import annotations

from typing import Any

from app.observability.logs import uvicorn_log_config
from app.settings import Settings


def uvicorn_options(settings: Settings, host: str | None = None, port: int | None = None,
                    workers: int = 1) -> dict[str, Any]:
    return {
        "host": host or settings.host,
        "port": port or settings.port,
        "workers": workers,
        "proxy_headers": False,  # X-Forwarded-For is read by the app, and only from trusted proxies
        "forwarded_allow_ips": "",
        "server_header": False,
        "log_config": uvicorn_log_config(),
        # A worker loading its models on a busy host can miss uvicorn's 5 s health ping and be
        # killed in a loop; it is still restarted if it dies or hangs for longer than this.
        "timeout_worker_healthcheck": 60,
    }
