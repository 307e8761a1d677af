"""Normalisation before any check: NFKC, invisible characters removed, casefold, offset map.

Every later guard looks at the normalised text, so full-width letters (ｉｇｎｏｒｅ),
half-width kana (ﾊﾛｰﾜｰｸ), zero-width joiners and bidi controls cannot hide a word
from them. The offset map points every normalised character back to the span of
the original text it came from, for callers that need to mark the original.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from guardrails.verdict import Finding, Verdict

# Categories dropped: format (zero-width space/joiners, bidi controls, soft hyphen),
# control, private use, unassigned. Newline and tab are kept.
_DROP_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cn"})
_KEEP = frozenset({"\n", "\t"})
# Invisible characters outside those categories that are used to split words:
# combining grapheme joiner, Hangul fillers, braille blank, variation selectors.
_INVISIBLE_EXTRA = frozenset({"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}) | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10)
)


def _is_invisible(ch: str) -> bool:
    return ch not in _KEEP and (unicodedata.category(ch) in _DROP_CATEGORIES or ch in _INVISIBLE_EXTRA)


def _is_combining(ch: str) -> bool:
    """Marks NFKC may fold into the previous character (dakuten, half-width ﾞﾟ)."""
    return unicodedata.combining(ch) > 0 or ch in "\uff9e\uff9f\u3099\u309a"


@dataclass(frozen=True)
class NormalizedText:
    """The normalised text, the original, and per-character offsets into the original."""

    original: str
    text: str
    offsets: tuple[tuple[int, int], ...]  # for each char of `text`: (start, end) in `original`
    removed_invisible: int

    @property
    def changed(self) -> bool:
        """True when normalising changed the input in any way."""
        return self.text != self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text to the span of the original it came from."""
        if start >= end or not self.offsets:
            anchor = self.offsets[start][0] if start < len(self.offsets) else len(self.original)
            return anchor, anchor
        return self.offsets[start][0], self.offsets[end - 1][1]


def normalize(text: str) -> NormalizedText:
    """NFKC, drop invisible characters (except newline and tab), casefold; keep the offset map."""
    out: list[str] = []
    offsets: list[tuple[int, int]] = []
    removed = 0
    i, n = 0, len(text)
    while i < n:
        if _is_invisible(text[i]):
            removed += 1
            i += 1
            continue
        j = i + 1  # one base character with the marks that follow it (invisible ones in between too,
        while j < n and (_is_combining(text[j]) or _is_invisible(text[j])):  # so か+ZWSP+゙ still gives が)
            j += 1
        while j > i + 1 and _is_invisible(text[j - 1]):  # trailing invisibles belong to no mark
            j -= 1
        dropped = sum(1 for ch in text[i:j] if _is_invisible(ch))
        removed += dropped
        segment = "".join(ch for ch in text[i:j] if not _is_invisible(ch))
        # NFKC again after casefold: casefolding can unsort combining marks (İ + ゙).
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", segment).casefold())
        folded = "".join(ch for ch in folded if not _is_invisible(ch))
        out.append(folded)
        offsets.extend([(i, j)] * len(folded))
        i = j
    return NormalizedText(text, "".join(out), tuple(offsets), removed)


class Normalizer:
    """The first guard: never blocks, returns the normalised text and what it changed."""

    name = "normalize"

    def check(self, text: str) -> Verdict:
        """Normalise `text`; a finding "invisible_removed" records dropped invisible characters."""
        result = normalize(text)
        findings: tuple[Finding, ...] = ()
        if result.removed_invisible:
            findings = (Finding("invisible_removed", 0, len(result.text), float(result.removed_invisible)),)
        return Verdict(True, result.text, findings, 1.0 if result.changed else 0.0)
