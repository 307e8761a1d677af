"""Person names: GiNZA's "Person" entities combined with Sudachi's 人名 tags and context cues.

Neither source is enough alone: GiNZA misses names it has not seen in context and
calls some companies persons; Sudachi's dictionary knows most Japanese surnames and
given names but also tags surnames used as place names. Each candidate span gets
points from independent cues and is masked at MIN_POINTS:

- GiNZA labels it Person (+2); Sudachi tags a surname followed by a given name (+2)
  or any 人名 token (+1); the span consists of 人名 tokens only (+0.5);
- an honorific or title follows (さん, 様, 氏, 選手 …) (+2); a name cue precedes
  (氏名, 名前は …) or と申します follows (+1.5);
- a suffix follows that makes it an organisation or place (駅, 工業, 町 …) (-3), or
  GiNZA puts it inside a longer non-person entity (Company, City …) (-1.5).
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc

from guardrails.pii import entities as pii_entities
from guardrails.pii.name_rules import (
    HONORIFICS,
    NAME_AFTER_CUES,
    NAME_CUES,
    NOT_A_PERSON_SUFFIXES,
    is_kanji,
    is_katakana,
)

MIN_POINTS = 2.0
PERSONAL_HONORIFICS = frozenset({"さん", "様", "さま", "氏", "くん", "君", "ちゃん", "殿"})
SELF_REFERENCES = frozenset({"私", "わたし", "僕", "俺", "わたくし", "自分"})
_IGNORED_LABELS = frozenset({"Person", "Date", "Time", "Position_Vocation", "N_Person", "Age", "Ordinal_Number"})
_JOINERS = frozenset({"・", "="})


def _name_kind(tag: str) -> str:
    """"姓", "名", "一般" for Sudachi 人名 tags, "" otherwise."""
    parts = tag.split("-")
    return (parts[3] if len(parts) > 3 else "一般") if len(parts) > 2 and parts[2] == "人名" else ""


def _category(tag: str, unknown: bool) -> str:
    """NAME (人名), UNKNOWN (not in Sudachi's dictionary), PLACE (地名), PROPER, COMMON, JOIN or OTHER."""
    if "人名" in tag:
        return "NAME"
    if unknown:
        return "UNKNOWN"
    if "地名" in tag:
        return "PLACE"
    if "固有名詞" in tag:
        return "PROPER"
    if tag.startswith("名詞") or tag.startswith("形状詞"):
        return "COMMON"
    if tag.startswith("補助記号"):
        return "JOIN"
    return "OTHER"




class NameSpanScorer:
    """Builds candidate name spans over a tokenised doc and scores them."""

    def spans(self, doc: Doc, unknown: set[int] | None = None) -> list[tuple[int, int, float]]:
        """(start_char, end_char, points) of every candidate that reaches MIN_POINTS.

        `unknown` holds the start offsets of tokens Sudachi's dictionary does not know.
        """
        unknown = unknown or set()
        kinds = [_name_kind(tok.tag_) for tok in doc]
        cats = [_category(tok.tag_, tok.idx in unknown) for tok in doc]
        person = [False] * len(doc)
        other_ents: list[tuple[int, int]] = []
        for ent in doc.ents:
            if ent.label_ == "Person":
                for i in range(ent.start, ent.end):
                    person[i] = True
            elif ent.label_ not in _IGNORED_LABELS:
                other_ents.append((ent.start, ent.end))
        found = []
        for start, end in self._candidates(doc, kinds, cats, person):
            points = self._points(doc, kinds, cats, person, other_ents, start, end)
            if points >= MIN_POINTS:
                found.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), points))
        for start, end in self._cued_katakana(doc):
            begin, finish = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            if not any(b < finish and begin < f for b, f, _ in found):
                found.append((begin, finish, MIN_POINTS))
        return found

    @staticmethod
    def _cued_katakana(doc: Doc) -> list[tuple[int, int]]:
        """Katakana words that context marks as a person whatever the dictionary says.

        A full name written in katakana is often one token that Sudachi calls a common
        noun (ヤマグチミキ) or does not know (ササキマアヤ). Two cues settle it: a personal
        honorific right after it (さん, 様, 氏 …), or a self-introduction around it
        (私は○○です, ○○と申します).
        """
        spans = []
        for i, tok in enumerate(doc):
            if not is_katakana(tok.text) or len(tok.text) < 2 or tok.text in NOT_A_PERSON_SUFFIXES:
                continue
            nxt = doc[i + 1].text if i + 1 < len(doc) else ""
            prev = doc[i - 1].text if i > 0 else ""
            prev2 = doc[i - 2].text if i > 1 else ""
            honorific = nxt in PERSONAL_HONORIFICS
            introduced = (prev == "は" and prev2 in SELF_REFERENCES and nxt in ("です", "だ", "と")) or (
                nxt == "と" and i + 2 < len(doc) and doc[i + 2].text in NAME_AFTER_CUES
            )
            if honorific or introduced:
                spans.append((i, i + 1))
        return spans

    @staticmethod
    def _foreign_chain(doc: Doc, cats: list[str], i: int) -> bool:
        """Token i starts katakana parts joined by ・ or =, every part a name or an unknown word."""
        return (
            i + 2 < len(doc)
            and cats[i] in ("NAME", "UNKNOWN")
            and is_katakana(doc[i].text)
            and doc[i + 1].text in _JOINERS
            and cats[i + 2] in ("NAME", "UNKNOWN")
            and is_katakana(doc[i + 2].text)
        )

    def _candidates(self, doc: Doc, kinds: list[str], cats: list[str], person: list[bool]) -> list[tuple[int, int]]:
        seeds = [bool(k) or p or self._foreign_chain(doc, cats, i) for i, (k, p) in enumerate(zip(kinds, person,
                                                                                              strict=True))]
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(doc):
            if not seeds[i]:
                i += 1
                continue
            j = i + 1
            while j < len(doc) and seeds[j]:
                j += 1
            start, end = self._expand(doc, kinds, i, j)
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
            i = max(j, end)
        return spans

    @staticmethod
    def _expand(doc: Doc, kinds: list[str], start: int, end: int) -> tuple[int, int]:
        n = len(doc)
        while end + 1 < n and doc[end].text in _JOINERS and is_katakana(doc[end + 1].text):
            end += 2  # ジョン・カルビン・クーリッジ
        while start >= 2 and doc[start - 1].text in _JOINERS and is_katakana(doc[start - 2].text):
            start -= 2
        last = doc[end - 1]
        if end < n and kinds[end - 1] == "姓" and is_kanji(doc[end].text) and len(doc[end].text) <= 2:
            nxt = doc[end].text
            if nxt not in HONORIFICS and nxt not in NOT_A_PERSON_SUFFIXES and doc[end].pos_ in ("NOUN", "PROPN"):
                end += 1  # 須藤 + 元気: a given name Sudachi does not know
        if end + 1 < n and doc[end].like_num and doc[end + 1].text == "世" and is_katakana(last.text):
            end += 2  # ラムセス2世
        return start, end

    def _points(
        self,
        doc: Doc,
        kinds: list[str],
        cats: list[str],
        person: list[bool],
        other_ents: list[tuple[int, int]],
        start: int,
        end: int,
    ) -> float:
        span_kinds = [k for k in kinds[start:end] if k]
        words = [i for i in range(start, end) if doc[i].text not in _JOINERS]
        word_cats = {cats[i] for i in words}
        points = 2.0 if any(person[start:end]) else 0.0
        if "姓" in span_kinds and "名" in span_kinds[span_kinds.index("姓") :]:
            points += 2.0
        elif span_kinds:
            points += 1.0
        if words and word_cats == {"NAME"}:
            points += 0.5
        if len(words) >= 2 and self._foreign_chain(doc, cats, start):
            points += 1.0
        points -= min(2.0, 1.0 * len(word_cats & {"PLACE", "PROPER", "COMMON"}))
        nxt = doc[end].text if end < len(doc) else ""
        prev = doc[start - 1].text if start > 0 else ""
        prev2 = doc[start - 2].text if start > 1 else ""
        if nxt in HONORIFICS:
            points += 2.0
        if prev in NAME_CUES or (prev in ("は", ":", "が") and prev2 in NAME_CUES):
            points += 1.5
        if nxt == "と" and end + 1 < len(doc) and doc[end + 1].text in NAME_AFTER_CUES:
            points += 1.5
        if nxt in NOT_A_PERSON_SUFFIXES or doc[start:end].text in NOT_A_PERSON_SUFFIXES:
            points -= 3.0  # 田中工業, 中山駅; or the span is itself an institution word (ハローワークさん)
        if any(s <= start and e >= end and (e - s) > (end - start) for s, e in other_ents):
            points -= 1.5
        return points


class JapaneseNameRecognizer(EntityRecognizer):
    """Presidio recognizer for PERSON in Japanese text, over GinzaNlpEngine's artifacts."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[pii_entities.PERSON], name="JapaneseNameRecognizer",
                         supported_language="ja")
        self._scorer = NameSpanScorer()

    def load(self) -> None:
        """Nothing to load: the NLP engine holds the model."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """PERSON results for the candidate spans that reach MIN_POINTS."""
        if nlp_artifacts is None or nlp_artifacts.tokens is None or pii_entities.PERSON not in entities:
            return []
        results = []
        unknown = getattr(nlp_artifacts, "unknown_words", None)
        for start, end, points in self._scorer.spans(nlp_artifacts.tokens, unknown):
            score = min(1.0, 0.45 + 0.1 * points)
            results.append(RecognizerResult(pii_entities.PERSON, start, end, score))
        return results
