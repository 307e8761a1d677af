"""A digit view of a text for the identifier recognizers: numbers as ASCII digits, offsets kept.

People write a phone number or a My Number in ways no digit pattern sees:
kanji digits (〇九〇-一二三四-五六七八), digits read out in katakana or hiragana
(ゼロキューゼロ…, ぜろきゅうぜろ…), a space between every digit (0 9 0 1 …), slashes,
dots or 「の」 between the groups (090/1234/5678, …のイチニーサンヨンの…), and kanji
numerals with 十/百 in dates (昭和五十八年四月三日). `digit_view` rewrites those
spans into ASCII digits with "-" between groups and keeps, for every character of
the view, the span of the input it came from, so a match in the view masks the
right characters of the input.

Three passes, each a pure rewrite with its own offset map (composed at the end):

1. kana digit words, only in runs that can only be a number: at least MIN_KANA_RUN
   words, or MIN_KANA_ZERO_RUN when the run starts with a zero word (a phone number
   starts with 0); spaces, 「の」, 「、」, ハイフン and dashes between groups become "-";
2. kanji numerals in front of 年/月/日 (五十八年 → 58年) and runs of kanji digits that
   touch another digit (〇九〇 → 090; a lone 一 as in 一般 stays);
3. separators inside digit runs: a run whose groups are mostly single digits is
   joined into one number (0 9 0 1 … → 0901…); otherwise "/", ".", "・", "、", 「の」
   between groups become "-" and spaces stay as they are (the patterns read them).

Nothing else changes, so context words are found in the view as in the input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

MIN_KANA_RUN = 7  # digit words in a run without a leading zero word
MIN_KANA_ZERO_RUN = 4  # digit words in a run that starts with ゼロ/レイ/マル

# Katakana digit words, longest spelling first (the regex alternation is ordered).
_KANA_WORDS: dict[str, str] = {
    "ゼロ": "0", "レイ": "0", "マル": "0",
    "イチ": "1",
    "ニー": "2", "ニイ": "2", "ニ": "2",
    "サン": "3",
    "ヨン": "4", "シ": "4",
    "ゴー": "5", "ゴオ": "5", "ゴ": "5",
    "ロク": "6",
    "ナナ": "7", "シチ": "7",
    "ハチ": "8",
    "キュウ": "9", "キュー": "9", "ク": "9",
}
_ZERO_WORDS = frozenset({"ゼロ", "レイ", "マル", "ぜろ", "れい", "まる"})


def _to_hiragana(word: str) -> str:
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in word)


KANA_DIGITS: dict[str, str] = {**_KANA_WORDS, **{_to_hiragana(w): d for w, d in _KANA_WORDS.items()}}
_KANA_UNIT = "|".join(
    re.escape(w) + ("(?!チ|ち)" if w in ("ニイ", "にい") else "")  # ニイチ is ニ + イチ
    for w in sorted(KANA_DIGITS, key=len, reverse=True)
)
_DASHES = "\\-‐‑‒–—―−~〜"
_KANA_SEP = rf"(?:\s{{0,2}}(?:[{_DASHES}、,・]|の|ノ|ー|ハイフン|はいふん)\s{{0,2}}|\s{{1,3}})"
_KANA_RUN = re.compile(rf"(?:{_KANA_UNIT})(?:{_KANA_SEP}?(?:{_KANA_UNIT}))+")
# A word only where another word, a separator or the end of the run follows (ニイチ is ニ + イチ, not ニイ + チ).
_KANA_TOKEN = re.compile(rf"({_KANA_UNIT})(?=(?:{_KANA_SEP})?(?:{_KANA_UNIT})|$)|({_KANA_SEP})")
_PARTICLE_DIGITS = frozenset({"に", "し", "く", "ご"})  # also particles or word pieces after a number

KANJI_DIGITS = dict(zip("〇一二三四五六七八九", "0123456789", strict=True)) | {"○": "0"}  # ○ typed for 〇
_KANJI_DIGIT = "〇○一二三四五六七八九"
_KANJI_NUMBER = re.compile(rf"[{_KANJI_DIGIT}十百千]+(?=\s?[年月日])")
_KANJI_RUN = re.compile(rf"[{_KANJI_DIGIT}0-9](?:\s?[{_DASHES}ー/.・、()の]?\s?[{_KANJI_DIGIT}0-9])+")
_DIGIT_RUN = re.compile(rf"[0-9]+(?:(?:\s{{1,3}}|\s?[{_DASHES}ー/.・、の]\s?)[0-9]+)+")
_GROUP_SEP = re.compile(rf"\s{{1,3}}|\s?[{_DASHES}ー/.・、の]\s?")
_HARD_SEP = re.compile(r"\s?[/.・、の]\s?")
_PRECHECK = re.compile(
    rf"[{_KANJI_DIGIT}]|[0-9](?:\s{{1,3}}|\s?[/.・、の]\s?)[0-9]|(?:{_KANA_UNIT}){_KANA_SEP}?(?:{_KANA_UNIT})"
)


@dataclass(frozen=True)
class DigitView:
    """The rewritten text and, per character of it, the (start, end) span of the input it came from."""

    source: str
    text: str
    spans: tuple[tuple[int, int], ...] | None  # None: the view is the input itself

    @property
    def changed(self) -> bool:
        return self.spans is not None

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """The span of the input that the view's [start, end) came from."""
        if self.spans is None:
            return start, end
        if start >= end:
            anchor = self.spans[start][0] if start < len(self.spans) else len(self.source)
            return anchor, anchor
        return self.spans[start][0], self.spans[end - 1][1]


Edit = tuple[int, int, str]  # replace text[start:end] with the string


def _apply(text: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[int, int]]]:
    """Apply sorted, non-overlapping edits; per output char, the input span it came from.

    A replacement of the same length maps character to character; any other maps every
    character it writes to the whole replaced span.
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for start, end, replacement in edits:
        out.append(text[cursor:start])
        spans.extend((i, i + 1) for i in range(cursor, start))
        out.append(replacement)
        if len(replacement) == end - start:
            spans.extend((start + k, start + k + 1) for k in range(len(replacement)))
        else:
            spans.extend((start, end) for _ in replacement)
        cursor = end
    out.append(text[cursor:])
    spans.extend((i, i + 1) for i in range(cursor, len(text)))
    return "".join(out), spans


def _kana_edits(text: str) -> list[Edit]:
    """Pass 1: digit words of long enough kana runs become digits, separators between groups "-"."""
    edits: list[Edit] = []
    for run in _KANA_RUN.finditer(text):
        tokens = [(m.start(), m.end(), m.group(1)) for m in _KANA_TOKEN.finditer(run.group())]
        words = [t for t in tokens if t[2]]
        if words and words[-1][2] in _PARTICLE_DIGITS and (
            _last_group(tokens) == 5 or (len(words) == 12 and words[0][2] in _ZERO_WORDS)
        ):
            tokens = tokens[: tokens.index(words[-1])]  # …はちに電話: the に is a particle
            words = words[:-1]
        needed = MIN_KANA_ZERO_RUN if words and words[0][2] in _ZERO_WORDS else MIN_KANA_RUN
        if len(words) < needed:
            continue
        base = run.start()
        for start, end, word in tokens:
            edits.append((base + start, base + end, KANA_DIGITS[word] if word else "-"))
    return edits


def _last_group(tokens: Sequence[tuple[int, int, str | None]]) -> int:
    """Number of digit words after the last separator."""
    count = 0
    for _, _, word in reversed(tokens):
        if not word:
            break
        count += 1
    return count


def kanji_number(numeral: str) -> int:
    """Value of a kanji numeral: positional (一九八三) or with 十/百/千 (千九百八十三, 五十八)."""
    if not any(ch in "十百千" for ch in numeral):
        return int("".join(KANJI_DIGITS[ch] for ch in numeral))
    total, current = 0, 0
    for ch in numeral:
        if ch in KANJI_DIGITS:
            current = current * 10 + int(KANJI_DIGITS[ch])
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


def _kanji_edits(text: str) -> list[Edit]:
    """Pass 2: kanji numerals before 年/月/日, and kanji digits in runs of digits, to ASCII."""
    edits: dict[int, Edit] = {}
    for m in _KANJI_NUMBER.finditer(text):
        edits[m.start()] = (m.start(), m.end(), str(kanji_number(m.group())))
    for m in _KANJI_RUN.finditer(text):
        for i in range(m.start(), m.end()):
            if text[i] in KANJI_DIGITS and not any(s <= i < e for s, e, _ in edits.values()):
                edits[i] = (i, i + 1, KANJI_DIGITS[text[i]])
    return [edits[k] for k in sorted(edits)]


def _separator_edits(text: str) -> list[Edit]:
    """Pass 3: join spaced-out digits; "/", ".", "・", "、" between digit groups to "-"."""
    edits: list[Edit] = []
    for run in _DIGIT_RUN.finditer(text):
        seps = list(_GROUP_SEP.finditer(run.group()))
        groups = len(seps) + 1
        lengths = [len(g) for g in _GROUP_SEP.split(run.group())]
        join = groups >= 4 and 2 * sum(1 for n in lengths if n == 1) >= groups
        for sep in seps:
            start, end = run.start() + sep.start(), run.start() + sep.end()
            if join:
                edits.append((start, end, ""))
            elif _HARD_SEP.fullmatch(sep.group()):
                edits.append((start, end, "-"))
    return edits


def _compose(outer: Sequence[tuple[int, int]] | None, inner: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans into the original input of a rewrite (`inner`) of a rewrite (`outer`)."""
    if outer is None:
        return list(inner)
    return [(outer[s][0], outer[e - 1][1]) if e > s else (outer[s][0], outer[s][0]) for s, e in inner]


@lru_cache(maxsize=64)
def digit_view(text: str) -> DigitView:
    """The digit view of `text` (see the module docstring); the same object for repeated calls."""
    if not _PRECHECK.search(text):
        return DigitView(text, text, None)
    current, spans = text, None
    for edits_of in (_kana_edits, _kanji_edits, _separator_edits):
        edits = edits_of(current)
        if edits:
            current, inner = _apply(current, edits)
            spans = _compose(spans, inner)
    return DigitView(text, current, tuple(spans) if spans is not None else None)
