"""FastNer decodes GiNZA's NER weights with numpy: it must find the same entities as spaCy's own
`nlp(text).ents` (the guard against a spaCy or GiNZA upgrade changing the model's internals)."""

from __future__ import annotations

import spacy

from guardrails.pii.fast_ner import FastNer
from tests.sweep_texts import wikipedia_sentences


def test_fast_ner_matches_spacys_entities_on_real_sentences() -> None:
    reference = spacy.load("ja_ginza")
    private = spacy.load("ja_ginza")  # FastNer rewires the ops of its own copy only
    fast = FastNer(private)
    texts = wikipedia_sentences()[::8][:300]
    same = 0
    differing = []
    for text in texts:
        expected = [(e.start_char, e.end_char, e.label_) for e in reference(text).ents]
        doc = private.make_doc(text)  # compared by characters: GiNZA's later pipes merge some tokens
        found = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), label) for a, b, label in fast.entities([doc])[0]]
        if sorted(found) == sorted(expected):
            same += 1
        else:
            differing.append((text[:30], expected, found))
    assert len(texts) == 300
    assert same / len(texts) >= 0.99, differing[:3]
