"""Base class of the Japanese pattern recognizers: lookarounds instead of \\b, context by characters.

Presidio's context enhancer counts whitespace tokens around a match, which does not
work for Japanese (no spaces, and the context word is often glued to the number:
"マイナンバーは123456789018です"). Here context is a character window before and after
the match in the normalised text. A pattern whose name ends in "_ctx" only counts
when a context word is present; NEGATIVE_CONTEXT words closer to the match than any
context word cancel it (求人番号 vs 求職番号).
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# Shared boundaries: ASCII letters/digits/hyphen may not touch an identifier, kana and kanji may.
NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z_+\-‐−.@/])(?<![0-9][ー~〜])"  # ー after a digit is a dash, after kana a vowel
NOT_BEFORE_DIGIT = r"(?![0-9A-Za-z_]|[-‐−ー][0-9])"
DASH = r"[-‐‑‒–—―−ー~〜]"
SEP = rf"(?:\s?{DASH}\s?|\s|\.)"  # one separator between digit groups


class JaPatternRecognizer(PatternRecognizer):
    """A Presidio PatternRecognizer for Japanese text; subclasses set the constants below."""

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = ()
    CONTEXT_BEFORE: ClassVar[int] = 20  # characters searched before the match
    CONTEXT_AFTER: ClassVar[int] = 6  # and after it
    CONTEXT_BOOST: ClassVar[float] = 0.35

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

    def context_distance(self, text: str, start: int, end: int) -> int | None:
        """Characters between the match and the nearest context word (None: no context word)."""
        before = text[max(0, start - self.CONTEXT_BEFORE) : start]
        after = text[end : end + self.CONTEXT_AFTER]
        best: int | None = None
        for word in self.CONTEXT:
            pos = before.rfind(word)
            if pos >= 0:
                dist = len(before) - pos - len(word)
                best = dist if best is None else min(best, dist)
            pos = after.find(word)
            if pos >= 0:
                best = pos if best is None else min(best, pos)
        return best

    def cancelled(self, text: str, start: int, context: int | None) -> bool:
        """True when a NEGATIVE_CONTEXT word stands before the match, nearer than any context word."""
        before = text[max(0, start - self.CONTEXT_BEFORE) : start]
        for word in self.NEGATIVE_CONTEXT:
            pos = before.rfind(word)
            if pos >= 0 and (context is None or len(before) - pos - len(word) < context):
                return True
        return False

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Run the patterns (checksums via `validate_result`), then apply the character-window context."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags) or []
        kept: list[RecognizerResult] = []
        by_regex = {p.name: p.regex for p in self.PATTERNS}
        for result in results:
            meta = result.analysis_explanation
            pattern_regex = by_regex.get(meta.pattern_name, "") if meta else ""
            distance = self.context_distance(text, result.start, result.end)
            has_context = distance is not None
            if self.cancelled(text, result.start, distance):
                continue
            if pattern_regex in self._requires_context and not has_context:
                continue
            if has_context:
                result.score = min(1.0, result.score + self.CONTEXT_BOOST)
            if result.recognition_metadata is not None:
                result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            kept.append(result)
        return kept
