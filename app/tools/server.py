"""How the service is served: gunicorn with the models loaded once, before the workers fork.

`serve` runs gunicorn (the arbiter is the `hwis-concierge serve` process) with uvicorn's worker
class and `preload_app`: the parent loads the FAQ index, the encoder, the classifier and the
guard chain once, migrates the schema once, answers one question to warm every lazy part up,
freezes the garbage collector's view of those objects, and then forks the workers, which share
the models copy-on-write. Each worker opens its own database pool and Redis client at start-up
(`build_concierge` in its lifespan). A killed worker is replaced by a fork of the same parent,
so it is ready in well under a second.

The client address is decided by the app alone (`app.middleware.identity.client_ip`, from
HWIS_TRUSTED_PROXIES): uvicorn is told not to rewrite it from X-Forwarded-For, which it
otherwise does for any peer on 127.0.0.1 before the app can check who the peer is.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from gunicorn.app.base import BaseApplication
from uvicorn_worker import UvicornWorker

from app.observability.logs import uvicorn_log_config
from app.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

logger = logging.getLogger(__name__)

# Native thread pools (OpenMP in FAISS, OpenBLAS, torch) are held to one thread in the service:
# the workers are the parallelism, and a pool started before `fork` would hang in the children.
_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
# Presidio asks torch whether CUDA is there unless told the device (and imports it to ask).
_ENVIRONMENT = {"PRESIDIO_DEVICE": "cpu", "TOKENIZERS_PARALLELISM": "false"}
WARM_UP_QUESTION = "ハローワークインターネットサービスのパスワードを忘れました"


def uvicorn_options(settings: Settings, host: str | None = None, port: int | None = None,
                    workers: int = 1) -> dict[str, Any]:
    """uvicorn's options for one server process (tests run the app in-process with these)."""
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


class ConciergeWorker(UvicornWorker):
    """uvicorn's gunicorn worker with the service's options (no proxy headers, no Server header)."""

    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {
        "loop": "auto", "http": "auto", "proxy_headers": False, "server_header": False,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The base class points uvicorn's loggers at gunicorn's handlers; ours go through the root's
        # JSON handler like every other record (uvicorn's access log stays off: `app.access` logs).
        for name, level in (("uvicorn.error", logging.INFO), ("uvicorn.access", logging.WARNING)):
            uvicorn_logger = logging.getLogger(name)
            uvicorn_logger.handlers = []
            uvicorn_logger.setLevel(level)
            uvicorn_logger.propagate = True


def prepare_process() -> None:
    """Environment for a serving process; call before the models are imported."""
    for name in _ONE_THREAD:
        os.environ.setdefault(name, "1")
    for name, value in _ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def _one_thread_pools() -> None:
    """Hold native pools already loaded to one thread (those loaded later read `prepare_process`'s variables)."""
    import sys

    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    if "faiss" in sys.modules:
        sys.modules["faiss"].omp_set_num_threads(1)


def preloaded_app(settings: Settings) -> FastAPI:
    """The ASGI app with every model loaded in this process, to be shared by forked workers.

    Builds a missing or stale index, migrates the schema (unless HWIS_AUTO_MIGRATE=false), loads
    the guard chain, answers one question with a throwaway in-memory repository (so every lazy part
    is loaded before the fork), and returns the app whose lifespan, in each worker, only opens that
    worker's database pool and Redis client around the shared models.
    """
    prepare_process()
    start = time.perf_counter()
    from app.main import build_concierge, build_repository, create_app, served_faq
    from app.pipeline.concierge import Concierge
    from app.pipeline.knowledge import build_knowledge
    from app.storage.db import init_db, make_engine
    from app.storage.repository import Repository
    from guardrails.chain import build_chain

    engine = make_engine(settings.database_url)
    store = served_faq(settings, Repository(init_db(engine, migrate=settings.auto_migrate)))
    engine.dispose()  # no connection crosses the fork
    knowledge = build_knowledge(settings, show_progress=True, store=store)
    guards = build_chain(pii_mode=settings.pii_mode, use_ner=settings.pii_use_ner)
    _one_thread_pools()
    offline = settings.model_copy(update={"database_url": "sqlite://", "redis_url": "", "auto_migrate": True})
    Concierge(offline, knowledge, guards, build_repository(offline)).answer(WARM_UP_QUESTION)
    # Workers must not migrate again: the parent did (or the operator does, with HWIS_AUTO_MIGRATE=false).
    worker_settings = settings.model_copy(update={"auto_migrate": False})
    app = create_app(worker_settings)
    started = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(asgi: Any) -> AsyncIterator[Any]:
        if getattr(asgi.state, "concierge", None) is None:
            asgi.state.concierge = build_concierge(worker_settings, knowledge, guards)
        async with started(asgi) as state:
            yield state

    app.router.lifespan_context = lifespan
    gc.collect()
    gc.freeze()  # the loaded objects stay out of the collector's passes: their pages stay shared
    logger.info("models loaded before the workers fork", extra={"seconds": round(time.perf_counter() - start, 2)})
    return app


class ConciergeServer(BaseApplication):  # type: ignore[misc]
    """gunicorn, configured in code (no config file), loading the app with `load`."""

    def __init__(self, options: dict[str, Any], load: Callable[[], Any]) -> None:
        self._options = options
        self._load = load
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            if key in self.cfg.settings:  # settings of newer gunicorn releases are skipped on older ones
                self.cfg.set(key, value)

    def load(self) -> Any:
        return self._load()


def _child_exit(server: Any, worker: Any) -> None:
    """A worker has exited: its live gauges leave the merged /metrics (multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def gunicorn_options(settings: Settings, host: str | None = None, port: int | None = None,
                     workers: int = 1) -> dict[str, Any]:
    """gunicorn's settings for `serve`: uvicorn workers forked from a preloaded parent."""
    options = uvicorn_options(settings, host, port, workers)
    log_config = uvicorn_log_config()
    log_config["loggers"].update({
        "gunicorn.error": {"handlers": [], "level": "INFO", "propagate": True},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": True},
    })
    return {
        "bind": [f"[{options['host']}]:{options['port']}" if ":" in options["host"]
                 else f"{options['host']}:{options['port']}"],
        "workers": workers,
        "worker_class": f"{ConciergeWorker.__module__}.{ConciergeWorker.__qualname__}",
        "preload_app": True,
        "forwarded_allow_ips": "",
        "keepalive": 5,  # uvicorn's default idle keep-alive
        "timeout": options["timeout_worker_healthcheck"],
        "graceful_timeout": 30,
        "logconfig_dict": log_config,
        "child_exit": _child_exit,
        "proc_name": "hwis-concierge",
        "control_socket_disable": True,  # gunicorn ≥ 25: no shared control socket under $HOME
    }


def serve(settings: Settings, host: str | None = None, port: int | None = None, workers: int = 1) -> None:
    """Load the models once, then serve with `workers` forked uvicorn workers (blocks until stopped)."""
    prepare_process()
    ConciergeServer(gunicorn_options(settings, host, port, workers), lambda: preloaded_app(settings)).run()
