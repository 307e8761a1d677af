"""create_app(): wires settings, the orchestrator, middleware and routers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.api.errors import install_error_handlers
from app.api.ratelimit import build_limiter
from app.api.routes import conversations, discover, feedback, health, history, menus, suggest, terms
from app.middleware import install_middleware
from app.observability import metrics
from app.pipeline.answer_cache import AnswerCache
from app.pipeline.concierge import Concierge
from app.pipeline.faq_versions import FaqVersions
from app.pipeline.knowledge import Knowledge, build_knowledge
from app.pipeline.llm import build_llm_selector
from app.pipeline.refresh import KnowledgeRefresher
from app.settings import Settings, get_settings
from app.staff import api as staff_api
from app.staff import api_faq, pages_admin, pages_auth, pages_insight, pages_review
from app.staff.errors import install_staff_errors
from app.storage.counters import RedisCounters, redis_client
from app.storage.db import init_db, make_engine
from app.storage.repository import Repository
from app.web import chat
from app.web.templating import STATIC_DIR
from faq.loader import FaqStore, load_faq
from guardrails.chain import GuardChain, build_chain

logger = logging.getLogger(__name__)

# Every router of the service: the public API, the chat page, the staff console and its API, /metrics.
ROUTERS = (health, terms, menus, conversations, history, suggest, discover, feedback, chat, pages_auth,
           pages_insight, pages_review, pages_admin, api_faq, staff_api, metrics)


def build_repository(settings: Settings) -> Repository:
    """The database (migrated at start-up unless turned off) and the daily counters (Redis when set)."""
    sessions = init_db(make_engine(settings.database_url, settings.db_pool_size), migrate=settings.auto_migrate)
    counters = RedisCounters(redis_client(settings.redis_url), settings.redis_prefix) if settings.redis_url else None
    return Repository(sessions, counters)


def served_faq(settings: Settings, repository: Repository) -> FaqStore:
    """The FAQ to serve: the newest published version (the bundle is recorded as one when it is new)."""
    return FaqVersions(repository).served_store(load_faq(settings.faq_dir))


def build_concierge(
    settings: Settings, knowledge: Knowledge | None = None, guards: GuardChain | None = None
) -> Concierge:
    """The orchestrator with its database, knowledge (the served FAQ version) and guard chain."""
    repository = build_repository(settings)
    knowledge = knowledge or build_knowledge(settings, store=served_faq(settings, repository))
    guards = guards or build_chain(pii_mode=settings.pii_mode, use_ner=settings.pii_use_ner)
    cache = AnswerCache(settings.answer_cache_size) if settings.answer_cache_size else None
    return Concierge(settings, knowledge, guards, repository, llm=build_llm_selector(settings), cache=cache)


def create_app(settings: Settings | None = None, concierge: Concierge | None = None) -> FastAPI:
    """The ASGI app. Pass `concierge` to reuse loaded models (tests); else it is built at start-up."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync endpoints run in anyio's thread pool (40 threads by default). The pipeline is CPU-bound
        # and mostly holds the GIL, so many threads only contend; a few keep latency steady under load.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.request_threads
        if getattr(app.state, "concierge", None) is None:
            app.state.concierge = build_concierge(settings)
        concierge = app.state.concierge
        concierge.observer = metrics.record_answering  # metrics are recorded at the edge
        # Every served version is on record (answers stay traceable), and a newer one published by
        # staff is swapped in without a restart.
        try:
            await anyio.to_thread.run_sync(FaqVersions(concierge.repository).record_bundle, concierge.knowledge.store)
        except Exception:  # the database may be down at start: /readyz says so; recorded on the next start
            logger.warning("could not record the served FAQ version", exc_info=True)
        refresher = app.state.refresher = KnowledgeRefresher(
            concierge, lambda store: build_knowledge(settings, store=store, save=False), settings.faq_refresh_seconds
        )
        refresher.start()
        yield
        refresher.stop()

    app = FastAPI(
        title="HWIS Concierge",
        description="ハローワークインターネットサービスのFAQコンシェルジュ（回答は審査済みFAQからのみ選ばれます）",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.concierge = concierge
    if concierge is not None:
        concierge.observer = metrics.record_answering
    app.state.limiter = build_limiter(settings)
    install_error_handlers(app)
    install_staff_errors(app)
    install_middleware(app, settings)  # one ordered list: see app/middleware/__init__.py
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    return app
