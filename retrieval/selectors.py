"""Selectors choose one FAQ entry (or none) from retrieved candidates.

`RetrievalSelector` needs no model: it re-ranks the candidates and estimates the probability
that the best is right (see `retrieval.rerank` and `retrieval.calibration`; the question's
domain vocabulary is part of the evidence) and answers above a threshold
calibrated for a precision target, offers a clarify step in the middle band, and
hands off below it. The LLM selector (`retrieval.llm_selector`) falls back to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from retrieval.calibration import ConfidenceModel, QueryTerms, Vocabulary
from retrieval.hits import Hit

Outcome = Literal["answer", "clarify", "no_answer"]


@dataclass(frozen=True)
class Candidate:
    """A retrieved FAQ entry as a selector sees it: id, question title and scores (fused order)."""

    faq_id: str
    question: str
    score: float
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def dense(self) -> float:
        return self.parts.get("dense", 0.0)

    def as_hit(self) -> Hit:
        return Hit(self.faq_id, self.score, self.parts)


@dataclass(frozen=True)
class Selection:
    """What a selector decided; `suggestions` are ids offered in a clarify step."""

    outcome: Outcome
    faq_id: str | None
    confidence: float
    reason: str
    suggestions: tuple[str, ...] = ()
    usage: dict[str, int] = field(default_factory=dict)
    selector: str = "retrieval"


class Selector(Protocol):
    def select(self, question: str, candidates: Sequence[Candidate]) -> Selection: ...


class RetrievalSelector:
    """Calibrated thresholds on retrieval evidence; no model needed.

    Args:
        confidence: the calibrated confidence model.
        answer_threshold: probability needed to answer (default: the model's, chosen for a precision target).
        clarify_threshold: probability needed to offer a clarify step instead of a hand-off.
        max_suggestions: how many questions a clarify step offers (2–3).
        vocabulary: what the FAQ vocabulary recognises in a question; without it a question
            counts as having no domain terms, which only a model fitted without them ignores.
        domain_clarify: below the clarify threshold, a question that shares at least this many
            vocabulary terms with the top candidate, and whose content words are at least half FAQ
            vocabulary, is still offered the best 2–3 entries (no dead ends for questions plausibly
            about HWIS); 0 turns this off. Off-topic questions (「新幹線で東京から大阪までいくら」:
            one FAQ word among four) are handed off.
    """

    name = "retrieval"

    def __init__(
        self,
        confidence: ConfidenceModel,
        answer_threshold: float | None = None,
        clarify_threshold: float | None = None,
        max_suggestions: int = 3,
        vocabulary: Vocabulary | None = None,
        domain_clarify: int = 1,
    ) -> None:
        self.confidence = confidence
        self.vocabulary = vocabulary
        self.answer_threshold = confidence.answer_threshold if answer_threshold is None else answer_threshold
        self.clarify_threshold = confidence.clarify_threshold if clarify_threshold is None else clarify_threshold
        if not 0 <= self.clarify_threshold <= self.answer_threshold <= 1:
            raise ValueError("need 0 <= clarify_threshold <= answer_threshold <= 1")
        if not 2 <= max_suggestions <= 3:
            raise ValueError("a clarify step offers 2 or 3 suggestions")
        self.max_suggestions = max_suggestions
        self.domain_clarify = domain_clarify

    def select(self, question: str, candidates: Sequence[Candidate]) -> Selection:
        if not candidates:
            return Selection("no_answer", None, 0.0, "no_candidates")
        # The vocabulary evidence reads the fused top candidate (as the model was fitted); the
        # re-ranker may then choose another, and the clarify step offers the re-ranked best.
        query = self.vocabulary.query_terms(question, candidates[0].faq_id) if self.vocabulary else None
        ranked, probability = self.confidence.assess([c.as_hit() for c in candidates], query)
        return self.decide([h.doc_id for h in ranked], probability, query)

    def decide(self, ranked: Sequence[str], probability: float, query: QueryTerms | None) -> Selection:
        """Answer, ask or hand off, given the re-ranked ids and the probability that the first is right."""
        if not ranked:
            return Selection("no_answer", None, 0.0, "no_candidates")
        if probability >= self.answer_threshold:
            return Selection("answer", ranked[0], probability, f"confidence {probability:.3f}")
        suggestions = tuple(ranked[: self.max_suggestions])
        if probability >= self.clarify_threshold and len(ranked) >= 2:
            return Selection("clarify", None, probability, f"confidence {probability:.3f}: ask", suggestions)
        in_domain = (query is not None and self.domain_clarify > 0 and query.shared >= self.domain_clarify
                     and query.terms >= query.unknown)
        if in_domain and len(ranked) >= 2:
            return Selection("clarify", None, probability, f"confidence {probability:.3f}: domain terms, ask",
                             suggestions)
        return Selection("no_answer", None, probability, f"confidence {probability:.3f} below thresholds")
