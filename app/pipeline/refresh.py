"""Each worker serves the newest published FAQ version without a restart.

A daemon thread per worker asks the database every `faq_refresh_seconds` which version is newest
(`FaqVersions.current_version`, one indexed row). When it differs from the served one, the thread
builds the new knowledge — index, classifier, vocabulary — in memory, off the request path, and
swaps it into the orchestrator with one assignment (`Concierge.knowledge`). A question already
being answered finishes on the version it started with; the answer cache is keyed by version, so
nothing from the old version is served for the new one. A version that fails to build is logged
and skipped (the old one stays served) until a newer one appears.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from app.pipeline.concierge import Concierge
from app.pipeline.faq_versions import FaqVersions
from app.pipeline.knowledge import Knowledge
from faq.loader import FaqStore

logger = logging.getLogger(__name__)


class KnowledgeRefresher:
    """Swaps the newest published FAQ version into one worker's orchestrator."""

    def __init__(self, concierge: Concierge, build: Callable[[FaqStore], Knowledge], interval: float) -> None:
        self.concierge = concierge
        self.build = build
        self.interval = interval
        self.versions = FaqVersions(concierge.repository)
        self._bundle = concierge.knowledge.store  # synonyms and terms of every version
        self._failed: str | None = None
        self._lock = threading.Lock()  # one build at a time (the thread, or `refresh_now` after a publication)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def refresh_now(self) -> bool:
        """Serve the newest version if it is not served yet; True if one was swapped in."""
        with self._lock:
            current = self.versions.current_version()
            served = self.concierge.knowledge.version
            if current is None or current == served or current == self._failed:
                return False
            start = time.perf_counter()
            try:
                store = self.versions.store(current, self._bundle)
                if store is None:
                    return False
                knowledge = self.build(store)
            except Exception:
                logger.exception("could not build a published FAQ version", extra={"faq_version": current})
                self._failed = current
                return False
            self.concierge.knowledge = knowledge
            logger.info("serving a newly published FAQ version",
                        extra={"faq_version": current, "previous": served,
                               "seconds": round(time.perf_counter() - start, 2)})
            return True

    def request_refresh(self) -> None:
        """Check at once rather than at the next interval (after a publication in this worker)."""
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.refresh_now()
            except Exception:  # the database may be down for a moment: try again next time
                logger.warning("could not check for a new FAQ version", exc_info=True)

    def start(self) -> None:
        if self.interval > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="faq-refresh", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread, letting a build in progress finish (a few seconds at most)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=120)
            self._thread = None
