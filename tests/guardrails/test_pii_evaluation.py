"""`eval pii` on typed rows: recall per type and form, typed recall, raw values left; and the forms dev set."""

from __future__ import annotations

from typing import Any

import pytest

from guardrails.chain import GuardChain
from guardrails.cli import flatten
from guardrails.evaluation import evaluate_pii, pii_values
from tests.guardrails.conftest import DATA, load_rows

ROWS: list[dict[str, Any]] = [
    {"text": "電話は〇九〇-一二三四-五六七八です",
     "pii": [{"type": "PHONE_NUMBER", "value": "〇九〇-一二三四-五六七八"}], "form": "phone_kanji"},
    {"text": "やまだ たろう と申します", "pii": [{"type": "PERSON", "value": "やまだ たろう"}],
     "form": "name_hiragana"},
    {"text": "番号は一二三四です", "pii": [{"type": "JP_MY_NUMBER", "value": "一二三四"}], "form": "my_number_kanji"},
    {"text": "しつぎょうほけんは いつ もらえますか", "pii": [], "form": "neg_hiragana"},
    {"text": "山田太郎です", "pii": ["山田太郎"]},
]


def test_pii_values_reads_both_formats() -> None:
    assert pii_values(ROWS[0]) == [("PHONE_NUMBER", "〇九〇-一二三四-五六七八")]
    assert pii_values(ROWS[4]) == [("", "山田太郎")]


def test_typed_figures(chain: GuardChain) -> None:
    result = evaluate_pii(chain, ROWS)
    assert result["n"] == 5 and result["n_values"] == 4
    assert result["raw_values_left"] == 1  # 一二三四: four digits are no My Number
    assert result["recall"] == pytest.approx(3 / 4)
    assert result["recall_by_type"] == {"JP_MY_NUMBER": 0.0, "PERSON": 1.0, "PHONE_NUMBER": 1.0}
    assert result["recall_structured"] == pytest.approx(0.5)
    assert result["recall_person"] == 1.0
    assert result["typed_recall"] == pytest.approx(2 / 3)
    assert result["recall_by_form"]["phone_kanji"] == 1.0
    assert result["false_positive_rate"] == 0.0 and result["false_positive_rate_by_form"] == {"neg_hiragana": 0.0}


def test_typed_recall_needs_the_right_placeholder(chain: GuardChain) -> None:
    row = {"text": "電話は090-1234-5678です", "pii": [{"type": "PERSON", "value": "090-1234-5678"}]}
    result = evaluate_pii(chain, [row])
    assert result["recall"] == 1.0 and result["typed_recall"] == 0.0


def test_nested_figures_print_flat() -> None:
    assert flatten({"recall": 1.0, "recall_by_type": {"PERSON": 0.5}}) == {"recall": 1.0, "recall_by_type.PERSON": 0.5}


def test_forms_dev_set_targets(chain: GuardChain) -> None:
    """Issue #16 targets on the forms dev set: structured recall >= 0.99 with no raw value left, names >= 0.85."""
    rows = load_rows(DATA / "pii_forms_dev.jsonl")
    assert len(rows) >= 300
    assert all(v in r["text"] for r in rows for _, v in pii_values(r))
    result = evaluate_pii(chain, rows)
    assert result["recall_structured"] == 1.0  # >= 0.99, and not one structured value left in the text
    assert result["recall_person"] >= 0.85
    forms = result["recall_by_form"]
    assert min(v for k, v in forms.items() if k.startswith(("name_hiragana", "name_romaji"))) >= 0.85
    assert result["false_positive_rate"] <= 0.05
