import pytest

from retrieval.calibration import FEATURES, ConfidenceModel, QueryTerms
from retrieval.rerank import RERANK_FEATURES, Reranker
from retrieval.selectors import Candidate, RetrievalSelector


def by_dense() -> Reranker:
    """A re-ranker that scores each candidate by its dense cosine."""
    weights = [0.0] * len(RERANK_FEATURES)
    weights[RERANK_FEATURES.index("dense")] = 1.0
    return Reranker(weights)


def model(threshold: float = 0.8, clarify: float = 0.3) -> ConfidenceModel:
    """Confidence driven by the best dense cosine alone: p = sigmoid(20 * (dense - 0.7))."""
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("rerank")] = 20.0
    return ConfidenceModel(weights=weights, bias=-14.0, answer_threshold=threshold, clarify_threshold=clarify,
                           reranker=by_dense())


def cand(faq_id: str, dense: float) -> Candidate:
    return Candidate(faq_id, f"question {faq_id}", 0.03, {"dense": dense})


def test_confident_top_candidate_is_answered() -> None:
    selection = RetrievalSelector(model()).select("q", [cand("a", 0.9), cand("b", 0.5)])
    assert (selection.outcome, selection.faq_id) == ("answer", "a")
    assert selection.confidence > 0.95


def test_the_reranked_best_is_answered_and_offered_first() -> None:
    # the fused order puts "a" first; the re-ranker (dense cosine) prefers "b"
    selection = RetrievalSelector(model()).select("q", [cand("a", 0.5), cand("b", 0.95), cand("c", 0.4)])
    assert (selection.outcome, selection.faq_id) == ("answer", "b")
    ask = RetrievalSelector(model(), answer_threshold=0.999).select("q", [cand("a", 0.5), cand("b", 0.75),
                                                                          cand("c", 0.6), cand("d", 0.1)])
    assert ask.outcome == "clarify" and ask.suggestions == ("b", "c", "a")


def test_middle_band_asks_to_clarify_with_three_suggestions() -> None:
    selection = RetrievalSelector(model()).select("q", [cand(x, 0.72) for x in "abcd"])
    assert selection.outcome == "clarify" and selection.suggestions == ("a", "b", "c")


def test_low_confidence_hands_off() -> None:
    assert RetrievalSelector(model()).select("q", [cand("a", 0.3), cand("b", 0.2)]).outcome == "no_answer"
    assert RetrievalSelector(model()).select("q", []).reason == "no_candidates"


def test_explicit_thresholds_override_the_model() -> None:
    strict = RetrievalSelector(model(), answer_threshold=0.999)
    assert strict.select("q", [cand("a", 0.9), cand("b", 0.5)]).outcome == "clarify"


@pytest.mark.parametrize("kwargs", [{"answer_threshold": 0.2, "clarify_threshold": 0.5}, {"max_suggestions": 5}])
def test_invalid_configuration(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetrievalSelector(model(), **kwargs)  # type: ignore[arg-type]


class Vocabulary:
    """Gives fixed query terms and remembers what it was asked."""

    def __init__(self, terms: QueryTerms) -> None:
        self.terms = terms
        self.asked: list[tuple[str, str]] = []

    def query_terms(self, text: str, top_id: str) -> QueryTerms:
        self.asked.append((text, top_id))
        return self.terms


def test_vocabulary_evidence_reaches_the_confidence_model() -> None:
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("rerank")] = 20.0
    weights[FEATURES.index("domain_share")] = 8.0
    confidence = ConfidenceModel(weights, -22.0, 0.8, 0.3, reranker=by_dense())
    confident_retrieval = [cand("a", 0.9), cand("b", 0.5)]
    # 「新幹線で東京から大阪までいくら」: one FAQ word among four
    fare = Vocabulary(QueryTerms(terms=1, unknown=3, shared=1))
    assert RetrievalSelector(confidence, vocabulary=fare).select("新幹線で東京から大阪までいくら",
                                                               confident_retrieval).outcome == "no_answer"
    assert fare.asked == [("新幹線で東京から大阪までいくら", "a")]
    benefit = Vocabulary(QueryTerms(terms=3, unknown=0, shared=3))
    assert RetrievalSelector(confidence, vocabulary=benefit).select("q", confident_retrieval).outcome == "answer"


@pytest.mark.parametrize(
    ("terms", "outcome"),
    [
        (QueryTerms(terms=2, unknown=1, shared=1), "clarify"),  # mostly FAQ words: offer the best entries
        (QueryTerms(terms=1, unknown=3, shared=1), "no_answer"),  # one FAQ word among four: hand off
        (QueryTerms(terms=2, unknown=0, shared=0), "no_answer"),  # nothing shared with the candidates
    ],
)
def test_low_confidence_questions_in_the_domain_get_a_clarify_step(terms: QueryTerms, outcome: str) -> None:
    weak = [cand("a", 0.3), cand("b", 0.2), cand("c", 0.1)]
    selection = RetrievalSelector(model(), vocabulary=Vocabulary(terms)).select("q", weak)
    assert selection.outcome == outcome
    if outcome == "clarify":
        assert selection.suggestions == ("a", "b", "c")
    assert RetrievalSelector(model(), vocabulary=Vocabulary(terms), domain_clarify=0).select("q", weak).outcome == (
        "no_answer")
