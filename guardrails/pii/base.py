"""Base class of the Japanese pattern recognizers: lookarounds instead of \\b, context by characters.

Presidio's context enhancer counts whitespace tokens around a match, which does not
work for Japanese (no spaces, and the context word is often glued to the number:
"マイナンバーは123456789018です"). Here context is a character window before and after
the match in the normalised text: a context word within CONTEXT_BEFORE/CONTEXT_AFTER
characters adds CONTEXT_BOOST, one further away but within FAR_CONTEXT_BEFORE adds
FAR_CONTEXT_BOOST (people write "基礎年金番号についてですが、手帳を見ると…1234567890"),
so that of two recognizers matching the same digits, the one whose word stands nearer
wins. A pattern whose name ends in "_ctx" only counts when a context word is present;
NEGATIVE_CONTEXT words (求人番号, 事業所番号, 法人番号: numbers that are not personal)
closer to the match than any context word cancel it.

The patterns run on the digit view of the text (`guardrails.pii.digits`: kanji and
kana digits, spaced or slashed groups rewritten as ASCII digits) unless a recognizer
sets USE_DIGIT_VIEW = False; results are mapped back to the text the guard masks.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.pii.digits import digit_view

# Shared boundaries: ASCII letters/digits/hyphen may not touch an identifier, kana and kanji may.
NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z_+\-‐−.@/])(?<![0-9][ー~〜])"  # ー after a digit is a dash, after kana a vowel
NOT_BEFORE_DIGIT = r"(?![0-9A-Za-z_]|[-‐−ー][0-9])"
DASH = r"[-‐‑‒–—―−ー~〜]"
SEP = rf"(?:\s?{DASH}\s?|\s|\.)"  # one separator between digit groups
NOT_PERSONAL_NUMBERS = ("求人番号", "事業所番号", "法人番号", "会社法人等番号")


class JaPatternRecognizer(PatternRecognizer):
    """A Presidio PatternRecognizer for Japanese text; subclasses set the constants below."""

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = ()
    CONTEXT_BEFORE: ClassVar[int] = 20  # characters searched before the match
    CONTEXT_AFTER: ClassVar[int] = 6  # and after it
    CONTEXT_BOOST: ClassVar[float] = 0.35
    FAR_CONTEXT_BEFORE: ClassVar[int] = 0  # a wider window before the match (0: none)
    FAR_CONTEXT_BOOST: ClassVar[float] = 0.2
    USE_DIGIT_VIEW: ClassVar[bool] = True

    def __init__(self) -> None:
        if not self.ENTITY or not self.PATTERNS:
            raise ValueError(f"{type(self).__name__} needs ENTITY and PATTERNS")
        patterns = [Pattern(p.name, p.regex, p.score) for p in self.PATTERNS]
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            supported_language="ja",
            patterns=patterns,
            context=list(self.CONTEXT),
        )
        self._requires_context = {p.regex for p in self.PATTERNS if p.name.endswith("_ctx")}

    @property
    def window_before(self) -> int:
        """Characters searched for context words before a match."""
        return max(self.CONTEXT_BEFORE, self.FAR_CONTEXT_BEFORE)

    def nearest(self, text: str, start: int, end: int, words: tuple[str, ...]) -> int | None:
        """Characters between the match and the nearest of `words` before or after it (None: none there)."""
        before = text[max(0, start - self.window_before) : start]
        after = text[end : end + self.CONTEXT_AFTER]
        best: int | None = None
        for word in words:
            pos = before.rfind(word)
            if pos >= 0:
                dist = len(before) - pos - len(word)
                best = dist if best is None else min(best, dist)
            pos = after.find(word)
            if pos >= 0:
                best = pos if best is None else min(best, pos)
        return best

    def context_distance(self, text: str, start: int, end: int) -> int | None:
        """Characters between the match and the nearest context word (None: no context word)."""
        return self.nearest(text, start, end, self.CONTEXT)

    def cancelled(self, text: str, start: int, end: int, context: int | None) -> bool:
        """True when a NEGATIVE_CONTEXT word stands nearer to the match than any context word."""
        negative = self.nearest(text, start, end, self.NEGATIVE_CONTEXT) if self.NEGATIVE_CONTEXT else None
        return negative is not None and (context is None or negative < context)

    def boost(self, distance: int) -> float:
        """What a context word `distance` characters from the match adds to its score."""
        near = distance <= max(self.CONTEXT_BEFORE, self.CONTEXT_AFTER)
        return self.CONTEXT_BOOST if near else self.FAR_CONTEXT_BOOST

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Run the patterns on the digit view, apply the character-window context, map back to `text`."""
        view = digit_view(text) if self.USE_DIGIT_VIEW else None
        scanned = view.text if view is not None else text
        kept = self._analyze_scanned(scanned, entities, nlp_artifacts, regex_flags)
        if view is not None and view.changed:
            for result in kept:
                result.start, result.end = view.to_source(result.start, result.end)
        return kept

    def _analyze_scanned(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None, regex_flags: int | None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags) or []
        kept: list[RecognizerResult] = []
        by_regex = {p.name: p.regex for p in self.PATTERNS}
        for result in results:
            meta = result.analysis_explanation
            pattern_regex = by_regex.get(meta.pattern_name, "") if meta else ""
            distance = self.context_distance(text, result.start, result.end)
            has_context = distance is not None
            if self.cancelled(text, result.start, result.end, distance):
                continue
            if pattern_regex in self._requires_context and not has_context:
                continue
            if distance is not None:
                result.score = min(1.0, result.score + self.boost(distance))
            if result.recognition_metadata is not None:
                result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            kept.append(result)
        return kept
