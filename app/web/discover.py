"""Popular questions for an audience (from the last 30 days of answers, else the curated list) and the
questions related to a shown answer (the entries retrieval finds nearest to it, same audience first)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from app.pipeline.knowledge import Knowledge
from app.pipeline.replies import POPULAR_QUESTIONS
from app.storage.models import Turn
from app.storage.repository import Repository

POPULAR_DAYS = 30
POPULAR_COUNT = 5
# an entry counts as popular once this many conversations were answered with it in the window
# (fewer would let one visitor's clicks decide what everybody is shown first)
POPULAR_MIN_CONVERSATIONS = 3
POPULAR_CACHE_SECONDS = 300.0
RELATED_COUNT = 3
AUDIENCES = ("job_seeker", "employer")


def question_view(knowledge: Knowledge, faq_id: str) -> dict[str, Any]:
    """The shape of a clarify step's suggestions: sending `menu` as a menu step shows the entry."""
    return {"faq_id": faq_id, "question": knowledge.entry(faq_id).question, "menu": f"faq.{faq_id}"}


def _fits(knowledge: Knowledge, faq_id: str, audience: str | None) -> bool:
    side = knowledge.audience_of.get(faq_id)
    return side is not None and (audience is None or side in ("both", audience))


class PopularQuestions:
    """Counts answered turns per entry over the last 30 days (distinct conversations), cached briefly."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self._cached: tuple[float, dict[str, int]] | None = None

    def _counts(self, repository: Repository) -> dict[str, int]:
        now = time.monotonic()
        if self._cached is not None and now - self._cached[0] < POPULAR_CACHE_SECONDS:
            return self._cached[1]
        since = self.clock() - timedelta(days=POPULAR_DAYS)
        query = (
            select(Turn.faq_id, func.count(func.distinct(Turn.conversation_id)))
            .where(Turn.created_at >= since, Turn.outcome == "answer", Turn.faq_id.is_not(None))
            .group_by(Turn.faq_id)
        )
        with repository.session() as session:
            counts = {str(faq_id): int(n) for faq_id, n in session.execute(query)}
        self._cached = (now, counts)
        return counts

    def forget(self) -> None:
        self._cached = None

    def questions(self, repository: Repository, knowledge: Knowledge, audience: str | None) -> dict[str, Any]:
        """`{"audience", "source": "turns" | "curated" | "mixed", "questions": [...]}` (up to five)."""
        counts = self._counts(repository)
        counted = sorted(
            (faq_id for faq_id, n in counts.items()
             if n >= POPULAR_MIN_CONVERSATIONS and faq_id in knowledge.store.entries
             and _fits(knowledge, faq_id, audience)),
            key=lambda faq_id: (-counts[faq_id], faq_id),
        )[:POPULAR_COUNT]
        curated = [
            faq_id for faq_id in POPULAR_QUESTIONS.get(audience or "", POPULAR_QUESTIONS[""])
            if faq_id in knowledge.store.entries and faq_id not in counted
        ]
        chosen = (counted + curated)[:POPULAR_COUNT]
        used_counts = sum(faq_id in counted for faq_id in chosen)
        source = "turns" if used_counts == len(chosen) and chosen else "curated" if not used_counts else "mixed"
        return {"audience": audience, "source": source,
                "questions": [question_view(knowledge, faq_id) for faq_id in chosen]}


def related_questions(knowledge: Knowledge, faq_id: str, audience: str | None = None) -> list[dict[str, Any]]:
    """Up to three entries nearest to `faq_id` (cached per FAQ version, entry and audience)."""
    key = (id(knowledge), knowledge.version, faq_id, audience)
    found = _RELATED.get(key)
    if found is None:
        if len(_RELATED) > 4096:
            _RELATED.clear()
        found = _RELATED[key] = _related(knowledge, faq_id, audience)
    return [question_view(knowledge, other) for other in found]


_RELATED: dict[tuple[int, str, str, str | None], tuple[str, ...]] = {}


def _related(knowledge: Knowledge, faq_id: str, audience: str | None) -> tuple[str, ...]:
    entry = knowledge.entry(faq_id)
    side = audience or (str(entry.audience) if str(entry.audience) in AUDIENCES else None)
    # the entry's own question through the same retrieval as a typed question, scoped to its menu node
    # (a prior, not a filter): its siblings and the entries people confuse it with come first
    hits = knowledge.retrieve(entry.question, 12, entry.menu, side).hits
    found = [h.doc_id for h in hits if h.doc_id != faq_id and _fits(knowledge, h.doc_id, side)]
    return tuple(found[:RELATED_COUNT])
