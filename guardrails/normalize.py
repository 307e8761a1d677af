"""Normalisation before any check: NFKC, invisible characters removed, look-alikes folded, casefold, offset map.

Every later guard looks at the normalised text, so full-width letters (ｉｇｎｏｒｅ),
half-width kana (ﾊﾛｰﾜｰｸ), zero-width joiners, bidi controls and Cyrillic/Greek letters
dressed up as Latin ones (іgnоrе) cannot hide a word from them. The offset map points
every normalised character back to the span of the original text it came from, for
callers that need to mark the original.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex
from confusable_homoglyphs.confusables import confusables_data

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


def _latin_lookalikes() -> dict[str, str]:
    """Cyrillic, Greek and Armenian letters whose Unicode TR39 confusable (confusables.txt, as shipped by
    confusable-homoglyphs) is one ASCII letter, mapped to that letter casefolded: а→a, ѕ→s, Ο→o, Т→t.
    TR39 folds I and l into one prototype "l"; a capital look-alike of I (І, Ι) folds to "i" instead."""
    table: dict[str, str] = {}
    for char, entries in confusables_data.items():
        if len(char) != 1 or not char.isalpha() or not unicodedata.name(char, "").startswith(_LOOKALIKE_SCRIPTS):
            continue
        latin = [e["c"] for e in entries if len(e["c"]) == 1 and e["c"].isascii() and e["c"].isalpha()]
        if latin:
            table[char] = "i" if char.isupper() and latin[0] in "lI" else latin[0].casefold()
    return table


_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN")
_FOLD = _latin_lookalikes()


def _letter_kind(ch: str) -> str:
    """latin | fold (a look-alike) | foreign (another letter of a look-alike script) | part (digit, mark,
    invisible: inside a word, says nothing) | break (anything else, CJK included, ends a word)."""
    if _is_invisible(ch) or _is_combining(ch):
        return "part"
    ch = unicodedata.normalize("NFKC", ch)[:1] if not ch.isascii() else ch
    if ch.isascii():
        return "latin" if ch.isalpha() else "part" if ch.isdigit() else "break"
    if ch in _FOLD:
        return "fold"
    if ch.isdigit():
        return "part"
    return "foreign" if ch.isalpha() and unicodedata.name(ch, "").startswith(_LOOKALIKE_SCRIPTS) else "break"


def _fold_plan(text: str) -> dict[int, str]:
    """Offsets of `text` whose look-alike letter is folded to Latin (TR39 skeleton, restricted): inside a word
    of Latin letters with no other letter of its script ("іgnоrе", "sуstem"); or a whole word of look-alikes
    (two or more) in a text with Latin letters and no other Cyrillic/Greek/Armenian letter ("ТНЕ rules")."""
    if _FOLD.keys().isdisjoint(text):
        return {}
    kinds = [_letter_kind(ch) for ch in text]
    words: list[list[int]] = []
    current: list[int] = []
    for index, kind in enumerate([*kinds, "break"]):
        if kind != "break":
            current.append(index)
        elif current:
            words.append(current)
            current = []
    latin_text = "latin" in kinds and "foreign" not in kinds
    plan: dict[int, str] = {}
    for word in words:
        counts = {kind: sum(1 for i in word if kinds[i] == kind) for kind in ("latin", "fold", "foreign")}
        mixed = counts["latin"] > 0 and counts["foreign"] == 0
        disguised = counts["latin"] == 0 and counts["fold"] >= 2 and latin_text
        if counts["fold"] and (mixed or disguised):
            plan.update({i: _FOLD[unicodedata.normalize("NFKC", text[i])[:1]] for i in word if kinds[i] == "fold"})
    return plan


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


_NEEDS_WORK = regex.compile(r"[^\P{C}\n\t]|\p{M}|[\u034f\u115f\u1160\u3164\uffa0\u2800]")


def _already_normal(text: str) -> bool:
    """True when normalising would change nothing: NFKC already, casefolded, nothing invisible, no marks."""
    return unicodedata.is_normalized("NFKC", text) and text.casefold() == text and not _NEEDS_WORK.search(text)


def normalize(text: str) -> NormalizedText:
    """NFKC, drop invisible characters (except newline and tab), fold Latin look-alikes, casefold; keep the
    offset map. A look-alike folds to one letter, so offsets stay exact. Idempotent: casefolding can turn a
    letter into a look-alike (Σ→σ), so the look-alike fold runs again on the result until nothing changes
    (each further pass turns a non-ASCII letter into ASCII, so this ends)."""
    result = _normalize_once(text)
    while _fold_plan(result.text):
        again = _normalize_once(result.text)
        if again.text == result.text:
            break
        offsets = tuple((result.offsets[s][0], result.offsets[e - 1][1]) for s, e in again.offsets)
        result = NormalizedText(text, again.text, offsets, result.removed_invisible + again.removed_invisible)
    return result


def _normalize_once(text: str) -> NormalizedText:
    folds = _fold_plan(text)
    if not folds and _already_normal(text):
        return NormalizedText(text, text, tuple((i, i + 1) for i in range(len(text))), 0)
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
        if i in folds:
            segment = folds[i] + segment[1:]
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
