"""Answers already worked out, per worker: the same text in the same scope under the same FAQ
version always gets the same guard verdict, candidates and selection in retrieval-only mode.

Questions to an FAQ service repeat a lot, so popular ones skip the pipeline. The key is a
SHA-256 of the text (raw user text is never kept here); the value holds the masked text only.
Only retrieval-only results are kept: with an LLM the outcome can differ between calls.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from app.pipeline.answering import Answering


class AnswerCache:
    """A bounded LRU map, safe across the threads of one worker."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("an answer cache needs room for at least one answer")
        self.size = size
        self._items: OrderedDict[str, Answering] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(text: str, scope: str | None, faq_version: str, audience: str | None = None) -> str:
        return hashlib.sha256(f"{faq_version}\x00{scope or ''}\x00{audience or ''}\x00{text}".encode()).hexdigest()

    def get(self, key: str) -> Answering | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: str, value: Answering) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
