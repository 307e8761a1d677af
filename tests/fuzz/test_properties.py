"""Property tests (Hypothesis): the normaliser, PII masking in the guard chain, and score fusion."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from guardrails.chain import GuardChain, build_chain
from guardrails.normalize import normalize
from guardrails.pii.checksums import my_number_check_digit
from retrieval.fusion import reciprocal_rank_fusion, weighted_sum_fusion
from retrieval.hits import Hit

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_DROPPED = frozenset({"Cf", "Cc", "Co", "Cn"})

# Text that stresses the normaliser: Japanese, full- and half-width forms, combining marks, invisibles.
_TRICKY = st.sampled_from(list("ｱｶﾞﾊﾟﾞﾟｉｇｎｏｒｅＡ０１ーｰ\u200b\u200d\u202e\u00ad\ufeff\u034f\u3164\ufe0f"
                               "\u3099\u309a\n\t\r\u0301がぱﾊﾛｰﾜｰｸ①㍻ﬁẞİΣ\ue000\U000e0001"))
TEXT = st.lists(st.one_of(st.characters(), _TRICKY), max_size=60).map("".join)


@lru_cache(maxsize=1)
def chain() -> GuardChain:
    """The full guard chain, built once per module (loading GiNZA and Presidio is slow)."""
    return build_chain()


# --- (a) normaliser ---------------------------------------------------------------------------------


@FAST
@given(TEXT)
@example("AΣ")  # casefolding makes a look-alike (Σ→σ) that a second pass would fold: found by CI
@example("ΣΑ rules")
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@pytest.mark.parametrize("text", ["A\ue000\u0300", "か\u200b\u3099", "\u0130\u3099"])
def test_normalize_idempotent_across_an_invisible_before_a_mark(text: str) -> None:
    """Regressions found by the property above: a mark after an invisible, and İ with a dakuten."""
    once = normalize(text).text
    assert normalize(once).text == once


@FAST
@given(TEXT)
def test_normalize_leaves_no_invisible_control_characters(text: str) -> None:
    for ch in normalize(text).text:
        assert ch in "\n\t" or unicodedata.category(ch) not in _DROPPED, repr(ch)


@FAST
@given(TEXT)
def test_normalize_offsets_map_inside_the_original(text: str) -> None:
    result = normalize(text)
    assert len(result.offsets) == len(result.text)
    for start, end in result.offsets:
        assert 0 <= start < end <= len(text)
    assert [s for s, _ in result.offsets] == sorted(s for s, _ in result.offsets)
    for i in range(len(result.text)):
        start, end = result.to_original(i, i + 1)
        assert 0 <= start < end <= len(text)


# --- (b) PII masking --------------------------------------------------------------------------------

_D = st.integers(0, 9).map(str)


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.lists(_D, min_size=n, max_size=n).map("".join)


_MOBILE = st.tuples(st.sampled_from(["070", "080", "090"]), _digits(4), _digits(4))
PHONE = st.one_of(
    _MOBILE.map(lambda p: "-".join(p)),
    _MOBILE.map(lambda p: "".join(p)),
    _MOBILE.map(lambda p: f"+81-{p[0][1:]}-{p[1]}-{p[2]}"),
    _MOBILE.map(lambda p: "－".join(p).translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
    st.tuples(st.sampled_from(["011", "045", "092"]), _digits(3), _digits(4)).map(lambda p: "-".join(p)),  # 10 digits
    st.tuples(st.sampled_from(["03", "06"]), _digits(4), _digits(4)).map(lambda p: f"({p[0]}){p[1]}-{p[2]}"),
)
_LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
EMAIL = st.builds(
    lambda local, sep, domain, tld: f"{local}{sep}x@{domain}.{tld}" if sep else f"{local}@{domain}.{tld}",
    _LABEL, st.sampled_from(["", ".", "_", "-"]), _LABEL, st.sampled_from(["com", "jp", "co.jp", "ne.jp", "org"]),
)
MY_NUMBER = _digits(11).filter(lambda d: len(set(d)) > 1).flatmap(
    lambda d: st.sampled_from(["{}{}{}", "{}-{}-{}", "{} {} {}"]).map(
        lambda form: form.format(*(lambda n: (n[:4], n[4:8], n[8:]))(d + str(my_number_check_digit(d))))
    )
)
INSURANCE = st.tuples(_digits(4), _digits(6), _digits(1)).map(lambda p: "-".join(p))

_FILLER = st.sampled_from(["", "すみません、", "至急", "ハローワークの件で、", "確認したいのですが、"])
_TEMPLATES = {
    "phone": ["電話番号は{}です", "携帯{}に連絡をください", "連絡先：{}までお願いします"],
    "email": ["メールは{}です", "{}に送ってください", "連絡先のアドレス{}を変更したい"],
    "my_number": ["マイナンバーは{}です", "マイナンバー{}を登録したい"],
    "insurance": ["雇用保険の被保険者番号は{}です", "被保険者番号{}について教えてください"],
}


def _sentence(kind: str, ident: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(_FILLER, st.sampled_from(_TEMPLATES[kind]), ident).map(
        lambda t: (t[0] + t[1].format(t[2]), t[2])
    )


def _assert_masked(sentence: str, ident: str) -> None:
    outcome = chain().run(sentence)
    normalised = normalize(sentence).text
    assert ident not in outcome.text and normalize(ident).text not in outcome.text, (sentence, outcome.text)
    for finding in outcome.findings.get("pii", ()):
        assert 0 <= finding.start < finding.end <= len(normalised), (sentence, finding)


@SLOW
@given(_sentence("phone", PHONE))
def test_phone_numbers_are_masked(case: tuple[str, str]) -> None:
    _assert_masked(*case)


@SLOW
@given(_sentence("email", EMAIL))
def test_email_addresses_are_masked(case: tuple[str, str]) -> None:
    _assert_masked(*case)


@SLOW
@given(_sentence("my_number", MY_NUMBER))
def test_my_numbers_are_masked(case: tuple[str, str]) -> None:
    _assert_masked(*case)


@SLOW
@given(_sentence("insurance", INSURANCE))
def test_employment_insurance_numbers_are_masked(case: tuple[str, str]) -> None:
    _assert_masked(*case)


# --- (c) fusion -------------------------------------------------------------------------------------

DOC = st.sampled_from([f"d{i}" for i in range(12)])
RANKINGS = st.dictionaries(
    st.sampled_from(["bm25", "dense", "keyword"]),
    st.lists(DOC, unique=True, max_size=10).map(lambda ds: [Hit(d, 1.0, {}) for d in ds]),
    max_size=3,
)
WEIGHTS = st.fixed_dictionaries({n: st.floats(0.0, 5.0) for n in ("bm25", "dense", "keyword")})
FEATURES = st.dictionaries(
    DOC, st.dictionaries(st.sampled_from(["bm25", "cos", "kw"]), st.floats(0.0, 100.0), max_size=3), max_size=12
)
FEATURE_WEIGHTS = st.fixed_dictionaries({n: st.floats(0.0, 5.0) for n in ("bm25", "cos", "kw")})


def _sorted_unique(hits: list[Hit], expected: set[str]) -> None:
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert sorted(h.doc_id for h in hits) == sorted(expected)
    assert all(h.score >= 0.0 for h in hits)


@FAST
@given(RANKINGS, WEIGHTS)
def test_rrf_sorted_complete_non_negative(rankings: dict[str, list[Hit]], weights: dict[str, float]) -> None:
    _sorted_unique(reciprocal_rank_fusion(rankings, weights), {h.doc_id for hits in rankings.values() for h in hits})


@FAST
@given(RANKINGS, WEIGHTS, DOC, st.sampled_from(["bm25", "dense", "keyword"]), st.integers(0, 10))
def test_rrf_adding_a_doc_never_lowers_its_score(
    rankings: dict[str, list[Hit]], weights: dict[str, float], doc: str, name: str, position: int
) -> None:
    before = {h.doc_id: h.score for h in reciprocal_rank_fusion(rankings, weights)}
    ranked = [h for h in rankings.get(name, []) if h.doc_id != doc]
    if any(h.doc_id == doc for h in rankings.get(name, [])):
        return  # already in that list: adding it is not defined
    ranked.insert(min(position, len(ranked)), Hit(doc, 1.0, {}))
    after = {h.doc_id: h.score for h in reciprocal_rank_fusion({**rankings, name: ranked}, weights)}
    assert after[doc] >= before.get(doc, 0.0)


@FAST
@given(FEATURES, FEATURE_WEIGHTS)
def test_weighted_sum_sorted_complete_non_negative(
    features: dict[str, dict[str, float]], weights: dict[str, float]
) -> None:
    _sorted_unique(weighted_sum_fusion(features, weights), set(features))


@FAST
@given(FEATURES, FEATURE_WEIGHTS, DOC, st.sampled_from(["bm25", "cos", "kw"]), st.floats(0.0, 100.0))
def test_weighted_sum_adding_a_doc_never_lowers_its_score(
    features: dict[str, dict[str, float]], weights: dict[str, float], doc: str, name: str, value: float
) -> None:
    before = {h.doc_id: h.score for h in weighted_sum_fusion(features, weights)}
    if name in features.get(doc, {}):
        return
    extended = {**features, doc: {**features.get(doc, {}), name: value}}
    after = {h.doc_id: h.score for h in weighted_sum_fusion(extended, weights)}
    assert after[doc] >= before.get(doc, 0.0)
