"""Audience and menu scope as priors on fused scores: evidence, never walls."""

from __future__ import annotations

import pytest

from retrieval.hits import Hit
from retrieval.priors import Priors, apply_priors, infer_audience

AUDIENCE = {"js-withdraw": "job_seeker", "em-withdraw": "employer", "about": "both"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("求人を出したいのですが", "employer"),
        ("従業員を雇ったときの手続き", "employer"),
        ("仕事を探しています", "job_seeker"),
        ("失業保険はいつもらえますか", "job_seeker"),
        ("パスワードを忘れました", None),
        ("応募者の確認と、応募したい求人", None),  # a cue of each side: undecided
    ],
)
def test_infer_audience(text: str, expected: str | None) -> None:
    assert infer_audience(text) == expected


def _hits() -> list[Hit]:
    return [Hit("em-withdraw", 2.0, {}), Hit("js-withdraw", 1.8, {}), Hit("about", 1.0, {})]


def test_a_declared_audience_moves_the_other_sides_entry_down() -> None:
    ranked = apply_priors(_hits(), AUDIENCE, "job_seeker", None)
    assert [h.doc_id for h in ranked][:2] == ["js-withdraw", "em-withdraw"]
    assert ranked[1].parts["other_audience"] == 1.0 and ranked[0].parts["other_audience"] == 0.0


def test_much_stronger_evidence_still_wins_over_the_audience() -> None:
    hits = [Hit("em-withdraw", 3.0, {}), Hit("js-withdraw", 1.0, {})]
    assert apply_priors(hits, AUDIENCE, "job_seeker", None)[0].doc_id == "em-withdraw"


def test_an_inferred_audience_counts_half() -> None:
    priors = Priors(audience_penalty=0.3, inferred_share=0.5)
    ranked = apply_priors(_hits(), AUDIENCE, None, None, "仕事を探しています", priors)
    assert ranked[0].doc_id == "em-withdraw" and ranked[0].score == pytest.approx(2.0 - 0.15)
    unknown = apply_priors(_hits(), AUDIENCE, None, None, "取り消したい", priors)
    assert [h.score for h in unknown] == [2.0, 1.8, 1.0]


def test_menu_scope_is_a_bonus_not_a_filter() -> None:
    ranked = apply_priors(_hits(), AUDIENCE, None, {"about"}, priors=Priors(scope_bonus=0.5))
    assert {h.doc_id for h in ranked} == {"em-withdraw", "js-withdraw", "about"}
    assert next(h for h in ranked if h.doc_id == "about").score == pytest.approx(1.5)


def test_priors_must_be_sane() -> None:
    with pytest.raises(ValueError):
        Priors(audience_penalty=-1)
