"""Disguised copies of training rows, so the classifier learns what a disguise hides, not the disguise.

Attacks get several disguises each; a share of the benign rows gets one too, so that
obfuscation on its own (rot13, reversed text, base64, spaced letters) is not read as an
attack. Base64 is wrapped in the same neutral carriers for both labels: what decides is
the payload. Attacks are also appended to honest HWIS questions, and honest questions to
each other. Every row draws from its own seeded random.Random: the same rows give the
same copies.
"""

from __future__ import annotations

import base64
import codecs
import random
from collections.abc import Callable, Sequence
from dataclasses import replace

from guardrails.injection_data import Row

ATTACK_COPIES = 3  # disguises per attack row
BENIGN_SHARE = 0.8  # share of benign rows that get a second disguise (or an honest question before them)
APPEND_SHARE = 0.5  # attacks appended to an honest question, per attack row

_HOMOGLYPHS = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "j": "ј", "s": "ѕ",
               "h": "һ", "A": "А", "B": "В", "E": "Ε", "H": "Н", "K": "К", "M": "М", "O": "Ο", "P": "Р", "T": "Т",
               "X": "Χ", "Y": "Υ", "v": "ν", "u": "υ"}
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "b": "8", "l": "1"}
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff")
_SPACERS = (" ", " ", ".", "-", "・", "_", "  ")
_CARRIERS = ("{}", "{}", "次の文字列は何ですか？ {}", "これを読んで：{}", "decode: {}", "{} ← これは何？", "Base64: {}",
             "確認お願いします {}")
_JOINERS = ("", " ", "。", "\n", "\n\n", "。ところで、", " By the way, ", "。それと、", "\n---\n", "（追記）")

Augment = Callable[[str, random.Random], "str | None"]


def homoglyphs(text: str, rng: random.Random) -> str | None:
    """Cyrillic/Greek look-alikes for about half of the Latin letters that have one."""
    spots = [i for i, ch in enumerate(text) if ch in _HOMOGLYPHS]
    if len(spots) < 3:
        return None
    chosen = set(rng.sample(spots, max(1, len(spots) // 2)))
    return "".join(_HOMOGLYPHS[ch] if i in chosen else ch for i, ch in enumerate(text))


def full_width(text: str, rng: random.Random) -> str | None:
    """Full-width forms of ASCII letters and digits."""
    if not any(ch.isascii() and ch.isalnum() for ch in text):
        return None
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalnum() else ch for ch in text)


def zero_width(text: str, rng: random.Random) -> str | None:
    """Invisible characters between about a third of the characters."""
    return "".join(ch + (rng.choice(_INVISIBLE) if rng.random() < 0.35 else "") for ch in text)


def spaced(text: str, rng: random.Random) -> str | None:
    """The characters of a stretch of the text (or of each long word) spaced out."""
    spacer = rng.choice(_SPACERS)
    words = text.split(" ")
    if len(words) >= 3:
        return " ".join(spacer.join(w) if len(w) >= 4 and rng.random() < 0.6 else w for w in words)
    start = rng.randrange(0, max(1, len(text) - 8))
    end = min(len(text), start + rng.randint(6, 16))
    return text[:start] + spacer.join(text[start:end]) + text[end:]


def leet(text: str, rng: random.Random) -> str | None:
    """Digits and symbols for most letters that have one."""
    if sum(ch in _LEET for ch in text) < 3:
        return None
    return "".join(_LEET[ch] if ch in _LEET and rng.random() < 0.7 else ch for ch in text)


def rot13(text: str, rng: random.Random) -> str | None:
    """rot13 (of texts with enough Latin letters for it to hide anything)."""
    return codecs.encode(text, "rot13") if sum(ch.isascii() and ch.isalpha() for ch in text) >= 8 else None


def reversed_text(text: str, rng: random.Random) -> str | None:
    """The text backwards."""
    return text[::-1]


def base64_payload(text: str, rng: random.Random) -> str | None:
    """Base64 of the text in a neutral carrier."""
    return rng.choice(_CARRIERS).format(base64.b64encode(text.encode("utf-8")).decode("ascii"))


DISGUISES: tuple[Augment, ...] = (homoglyphs, full_width, zero_width, spaced, leet, rot13, reversed_text,
                                  base64_payload)


# Disguises the guard decodes before scoring (guardrails.injection_decode): their attack copies are scored in
# cross-validation but never fitted, so the model learns that such text is gibberish, not that it is an attack.
DECODED = frozenset({"rot13", "reversed_text", "base64_payload"})


def _disguise(row: Row, rng: random.Random, count: int, pool: Sequence[Augment] = DISGUISES) -> list[Row]:
    out: list[Row] = []
    for augment in rng.sample(pool, len(pool)):
        if len(out) == count:
            break
        text = augment(row.text, rng)
        if text and text != row.text:
            out.append(replace(row, text=text, kind=augment.__name__))
    return out


def augment(rows: Sequence[Row], honest: Sequence[str], seed: int) -> list[Row]:
    """Disguised and appended copies of `rows`; `honest` are HWIS questions to put attacks (and questions) after.

    Every benign row gets a decoded disguise (reversed, rot13 or base64: the copies the guard will make of
    honest text) and, at BENIGN_SHARE, another disguise or an honest question before it. Each row draws from
    its own generator (seeded by `seed` and the row), so editing one row changes only that row's copies.
    """
    out: list[Row] = []
    for row in rows:
        rng = random.Random(f"{seed}|{row.source}|{row.label}|{row.text}")
        if row.label == 1:
            out.extend(_disguise(row, rng, ATTACK_COPIES))
            if rng.random() < APPEND_SHARE:
                text = rng.choice(honest) + rng.choice(_JOINERS) + row.text
                out.append(replace(row, text=text, kind="appended"))
            continue
        out.extend(_disguise(row, rng, 1, (rot13, reversed_text, reversed_text, base64_payload)))
        if rng.random() < BENIGN_SHARE:
            if rng.random() < 0.4:
                text = rng.choice(honest) + rng.choice(_JOINERS) + row.text
                out.append(replace(row, text=text, kind="appended"))
            else:
                out.extend(_disguise(row, rng, 1, (homoglyphs, full_width, zero_width, spaced, leet)))
    return out
