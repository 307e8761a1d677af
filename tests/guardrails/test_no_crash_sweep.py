"""No guard may fail on real text: every Wikipedia sentence and thousands of generated
"surname + joiner + word" phrases pass the whole chain without a guard error."""

from __future__ import annotations

import pytest

from guardrails.chain import GuardChain
from tests.backends import POSTGRES
from tests.sweep_texts import joiner_texts, wikipedia_sentences


@pytest.mark.skipif(POSTGRES, reason="no storage involved: run once, on the embedded-default pass")
@pytest.mark.parametrize("source", ["wikipedia", "joiners"])
def test_no_guard_fails_on_real_or_generated_text(chain: GuardChain, source: str) -> None:
    texts = wikipedia_sentences() if source == "wikipedia" else joiner_texts()
    assert len(texts) > 2000
    failed = [text for text in texts if chain.run(text).failed]
    assert failed == [], f"{len(failed)} texts made a guard fail, e.g. {failed[:3]}"


@pytest.mark.parametrize("text", ["担当者は田中・人事部です", "佐藤・総務課に連絡しました", "小林・本社",
                                  "前職の上司の佐藤・工場長が離職票を出してくれません",
                                  "長崎精機の長崎造船所との合併後、大橋・茂里町の両工場は閉鎖され、人員は長崎造船所に引き継がれた。"])
def test_the_reported_texts_are_masked_not_refused(chain: GuardChain, text: str) -> None:
    outcome = chain.run(text)
    assert outcome.allowed and not outcome.failed
