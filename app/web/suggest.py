"""Suggestions while typing: a cheap lexical match of a (masked) prefix over FAQ questions and alternates.

No model, no Sudachi: every question and alternate is folded once (NFKC, casefold, katakana to
hiragana, spaces and punctuation dropped) and indexed by character bigrams. A query scores each
entry by its best text: the folded query found inside the text (more at its start), else the share
of the query's bigrams the text has. The audience chosen in the page is a prior, as in retrieval:
the other audience's entries need a clearly better match. A few hundred entries take well under a
millisecond; `bench suggest` prints the figure with the PII masking in front of it.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from app.pipeline.knowledge import Knowledge

MAX_SUGGESTIONS = 5
MIN_QUERY_CHARS = 2
MIN_BIGRAM_SHARE = 0.5  # below this share of the query's bigrams, a text is not a suggestion
OTHER_AUDIENCE_PENALTY = 0.35  # the same margin retrieval gives the other audience (retrieval/priors.py)
_DROP = frozenset("、。，．・？！?!「」『』（）()[]【】〜~ー-　 \t\n")


def fold(text: str) -> str:
    """NFKC, casefold, katakana to hiragana, spaces and punctuation removed (so ログイン ≈ ろぐいん)."""
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", text).casefold():
        if char in _DROP:
            continue
        code = ord(char)
        out.append(chr(code - 0x60) if 0x30A1 <= code <= 0x30F6 else char)
    return "".join(out)


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text} if text else set()


@dataclass(frozen=True)
class _Text:
    faq_id: str
    folded: str
    is_question: bool


class Suggester:
    """Up to five FAQ questions whose wording matches what the user has typed so far."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.version = knowledge.version
        self._entries = knowledge.store.entries
        self._audience = knowledge.audience_of
        self._synonyms = [
            (fold(variant), fold(canonical))
            for canonical, variants in knowledge.store.synonym_map().items()
            for variant in variants
            if fold(variant)
        ]
        self._texts: list[_Text] = []
        self._by_bigram: dict[str, list[int]] = defaultdict(list)
        for entry in sorted(knowledge.store, key=lambda e: e.id):
            for position, text in enumerate(entry.search_texts()):
                folded = fold(text)
                if not folded:
                    continue
                index = len(self._texts)
                self._texts.append(_Text(entry.id, folded, position == 0))
                for gram in bigrams(folded):
                    self._by_bigram[gram].append(index)

    def _variants(self, query: str) -> list[str]:
        """The folded query and, when it uses a user's word for a domain term, the term itself."""
        found = [query]
        for variant, canonical in self._synonyms:
            if variant in query and canonical not in query:
                found.append(query.replace(variant, canonical))
        return found[:4]

    def _score(self, query: str) -> dict[str, float]:
        grams = bigrams(query)
        counts: dict[int, int] = defaultdict(int)
        for gram in grams:
            for index in self._by_bigram.get(gram, ()):
                counts[index] += 1
        best: dict[str, float] = {}
        for index, shared in counts.items():
            text = self._texts[index]
            where = text.folded.find(query)
            if where == 0:
                score = 3.0
            elif where > 0:
                score = 2.5
            else:
                share = shared / len(grams)
                if share < MIN_BIGRAM_SHARE:
                    continue
                score = 1.0 + share
            score += 0.1 if text.is_question else 0.0  # the entry's own wording first on a tie
            if score > best.get(text.faq_id, 0.0):
                best[text.faq_id] = score
        return best

    def suggest(self, text: str, audience: str | None = None, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]:
        """`[{"faq_id", "question", "menu"}]` for a masked query (placeholders already removed)."""
        query = fold(text)
        if len(query) < MIN_QUERY_CHARS:
            return []
        scores: dict[str, float] = {}
        for variant in self._variants(query):
            for faq_id, score in self._score(variant).items():
                scores[faq_id] = max(score, scores.get(faq_id, 0.0))
        if audience:
            for faq_id in scores:
                side = self._audience.get(faq_id, "both")
                if side not in ("both", audience):
                    scores[faq_id] -= OTHER_AUDIENCE_PENALTY
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [
            {"faq_id": faq_id, "question": self._entries[faq_id].question, "menu": f"faq.{faq_id}"}
            for faq_id, _ in ranked
        ]


_CACHE: dict[int, Suggester] = {}


def suggester_for(knowledge: Knowledge) -> Suggester:
    """One suggester per loaded knowledge (rebuilt when the FAQ version changes)."""
    found = _CACHE.get(id(knowledge))
    if found is None or found.version != knowledge.version:
        _CACHE.clear()
        found = _CACHE[id(knowledge)] = Suggester(knowledge)
    return found
