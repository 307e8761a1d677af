"""Person names: candidate spans scored by a small linear model over linguistic cues.

Neither GiNZA nor Sudachi is enough alone: GiNZA misses names it has not seen in
context and calls some companies persons; Sudachi's dictionary knows most Japanese
surnames and given names but also tags surnames used as place names, and calls many
foreign names common nouns. `name_spans` proposes candidates (what *might* be a name),
`name_features` weighs the evidence for and against each one, and this module decides:

1. a candidate scoring at least THRESHOLD is a name;
2. once a text is known to name someone, the other candidates in it that score at
   least CONTEXT_THRESHOLD are masked too — names come in company (lists of people,
   "AはBと結婚"), and for personal data a missed name costs more than a masked word —
   except words the word-vector probe firmly places outside person names (マイページ)
   and latin words;
3. katakana that context marks as a person whatever the dictionary says: a personal
   honorific right after it (ヤマグチミキさん) or a self-introduction around it
   (私はササキマアヤです, ヤマダと申します).

A hiragana span glued to other hiragana is dropped (`inside_kana_word`): in a question
written all in kana, りょう of きゅうりょう is not a name. In a text written mostly in
hiragana, so is any hiragana span without an honorific after it: there Sudachi knows few
of the words (りょうしん, まいしゅう) and reads many as names (まえの, けいさい); names in
kana beside a cue are the cue recognizer's (cued_names.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.pii import entities as pii_entities
from guardrails.pii.name_features import CONTEXT_THRESHOLD, THRESHOLD, features, score
from guardrails.pii.name_rules import (
    NAME_AFTER_CUES,
    NAME_CUES,
    NOT_A_PERSON_SUFFIXES,
    PERSONAL_HONORIFICS,
    SELF_REFERENCES,
)
from guardrails.pii.name_spans import candidate_spans
from guardrails.pii.name_tokens import Lexicon, NameToken

NOT_A_PERSON_VECTOR = -2.0  # probe log-odds below which a word is kept out of step 2
KANA_BOUNDARY_BEFORE = frozenset("のはがをにとでもへや")
HONORIFICS_AFTER = ("さん", "さま", "様", "くん", "ちゃん", "せんせい", "先生", "氏")
KANA_BOUNDARY_AFTER = (*HONORIFICS_AFTER, "です", "でした", "から", "まで", "より", "って", *"のはがをにとでもへや")
_HIRAGANA_ONLY = regex.compile(r"[\p{Hiragana}ー]+(?:[ 　][\p{Hiragana}ー]+)*")
_HIRAGANA = regex.compile(r"\p{Hiragana}")
_JAPANESE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
KANA_TEXT = 0.85  # share of hiragana that makes a text "written in hiragana"


class NameSpanScorer:
    """Finds person-name spans in a list of NameTokens."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon()

    def may_be_name(self, word: str) -> bool:
        return self.lexicon.lookup(word)[1]

    def scored(
        self, tokens: Sequence[NameToken], ents: Sequence[tuple[int, int, str]], text: str
    ) -> list[tuple[int, int, float, bool]]:
        """(start char, end char, score, eligible for step 2) of every candidate."""
        found = []
        for start, end in candidate_spans(tokens, self.may_be_name):
            begin, finish = tokens[start].idx, tokens[end - 1].end
            feats = features(tokens, ents, start, end, text[begin:finish])
            words = [t for t in tokens[start:end] if t.category != "J"]
            eligible = not feats["latin"] and any(t.vector is None or t.vector > NOT_A_PERSON_VECTOR for t in words)
            found.append((begin, finish, score(feats), eligible))
        return found

    def spans(self, tokens: Sequence[NameToken], ents: Sequence[tuple[int, int, str]], text: str
              ) -> list[tuple[int, int, float]]:
        """(start char, end char, score) of every span judged a person name."""
        candidates = self.scored(tokens, ents, text)
        names = [(b, f, s) for b, f, s, _ in candidates if s >= THRESHOLD]
        if names:
            names += [(b, f, THRESHOLD) for b, f, s, ok in candidates if CONTEXT_THRESHOLD <= s < THRESHOLD and ok]
        for begin, finish in self.cued_katakana(tokens):
            if not any(b < finish and begin < f for b, f, _ in names):
                names.append((begin, finish, THRESHOLD))
        return names

    @staticmethod
    def cued_katakana(tokens: Sequence[NameToken]) -> list[tuple[int, int]]:
        """Katakana words that an honorific or a self-introduction marks as a name (step 3)."""
        spans = []
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if not tok.katakana or len(tok.text) < 2 or tok.text in NOT_A_PERSON_SUFFIXES:
                continue
            if tok.vector is not None and tok.vector < NOT_A_PERSON_VECTOR:
                continue  # パートさん: a common word with an honorific
            nxt = tokens[i + 1].text if i + 1 < n else ""
            prev = tokens[i - 1].text if i > 0 else ""
            prev2 = tokens[i - 2].text if i > 1 else ""
            introduced = (prev == "は" and prev2 in SELF_REFERENCES and nxt in ("です", "だ", "と")) or (
                nxt == "と" and i + 2 < n and tokens[i + 2].text in NAME_AFTER_CUES
            )
            if nxt in PERSONAL_HONORIFICS or introduced:
                spans.append((tok.idx, tok.end))
        return spans


class JapaneseNameRecognizer(EntityRecognizer):
    """Presidio recognizer for PERSON in Japanese text, over GinzaNlpEngine's artifacts."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[pii_entities.PERSON], name="JapaneseNameRecognizer",
                         supported_language="ja")
        self._scorer: NameSpanScorer | None = None

    def load(self) -> None:
        """Nothing to load: the NLP engine holds the models."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """PERSON results for the spans judged names; the score maps the model's log-odds into (0.4, 1]."""
        tokens: list[NameToken] | None = getattr(nlp_artifacts, "name_tokens", None)
        if tokens is None or pii_entities.PERSON not in entities:
            return []
        if self._scorer is None:
            engine = getattr(nlp_artifacts, "nlp_engine", None)
            self._scorer = NameSpanScorer(getattr(engine, "lexicon", None))
        ents = getattr(nlp_artifacts, "name_entities", [])
        return [
            RecognizerResult(pii_entities.PERSON, start, end, min(1.0, 0.7 + 0.1 * (points - THRESHOLD)))
            for start, end, points in self._scorer.spans(tokens, ents, text)
            if not self.kana_word(text, start, end) and text[start:end] not in NAME_CUES  # フルネームは、…
        ]

    def kana_word(self, text: str, start: int, end: int) -> bool:
        """A hiragana span that is a piece of a kana word, or any hiragana span without an honorific after it
        in a text written mostly in hiragana (there, kana names beside a cue are cued_names' to find).
        さん after it is no honorific when the two make a common word (けい|さん: 計算)."""
        if inside_kana_word(text, start, end):
            return True
        if not _HIRAGANA_ONLY.fullmatch(text, start, end):
            return False
        if text[end - 1] == "っ":
            return True  # しゅっ|さん: a piece of a word
        honoured = text.startswith(HONORIFICS_AFTER, end) or text.startswith(HONORIFICS_AFTER, end + 1)
        if honoured and self._scorer is not None:
            suffix = next(h for h in HONORIFICS_AFTER if text.startswith(h, end) or text.startswith(h, end + 1))
            joined = text[start:end] + suffix
            honoured = not any(e[0] == "名詞" and e[1] == "普通名詞" for e in self._scorer.lexicon.entries(joined))
        return not honoured and mostly_hiragana(text)


def mostly_hiragana(text: str) -> bool:
    """At least KANA_TEXT of the kana and kanji of `text` are hiragana (しつぎょうほけんは いつ もらえますか)."""
    japanese = len(_JAPANESE.findall(text))
    return japanese > 0 and len(_HIRAGANA.findall(text)) >= KANA_TEXT * japanese


def inside_kana_word(text: str, start: int, end: int) -> bool:
    """A hiragana span glued to more hiragana that is not a particle: a piece of a word written in kana.

    Questions written all in hiragana (きゅうりょうが へった, けいさんほうほう) hold words whose
    pieces Sudachi reads as names (りょう, けい); a name written in hiragana stands apart from the
    words around it or is followed by a particle or an honorific (やまださんに, すずきの).
    """
    if not _HIRAGANA_ONLY.fullmatch(text, start, end):
        return False
    glued_before = start > 0 and _HIRAGANA.match(text, start - 1) and text[start - 1] not in KANA_BOUNDARY_BEFORE
    glued_after = bool(_HIRAGANA.match(text, end)) and not text.startswith(KANA_BOUNDARY_AFTER, end)
    return bool(glued_before or glued_after)
