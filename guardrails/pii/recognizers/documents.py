"""Passport and residence card numbers: letters and digits in a shape no other number has.

A Japanese passport number is two Latin capitals and seven digits (TK1234567); a
residence card (在留カード) or special permanent resident certificate number is two
letters, eight digits and two letters (AB12345678CD). The guard sees casefolded NFKC
text, so full-width and lower-case letters arrive as "tk1234567"; the digit view joins
digits typed with a space between each or written in kanji. The shape alone is enough
to mask; a cue word (旅券番号, パスポート, 在留カード) adds to the score and lets a
looser shape through (one letter, a space or hyphen after the letters, eight or nine
digits as some foreign passports have).
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.pii import entities
from guardrails.pii.base import DASH, JaPatternRecognizer

_NOT_AFTER = r"(?<![0-9a-z_@\-/])(?<![0-9]\.)"  # not inside a longer word, address or URL
_NOT_BEFORE = r"(?![0-9a-z_])"
_S = rf"(?:\s?{DASH}\s?|\s)?"  # an optional separator between the groups
_DIGIT_SEP = r"(?:\s|-)?"  # inside a digit group (1234 5678)


class PassportNumberRecognizer(JaPatternRecognizer):
    """旅券番号: two letters + seven digits; with a cue, one or two letters + seven to nine digits."""

    ENTITY = entities.PASSPORT_NUMBER
    PATTERNS = (
        Pattern("passport", rf"{_NOT_AFTER}[a-z]\s?[a-z]{_S}\d{{7}}{_NOT_BEFORE}", 0.6),
        Pattern("passport_ctx", rf"{_NOT_AFTER}[a-z](?:\s?[a-z])?{_S}\d{{7,9}}{_NOT_BEFORE}", 0.3),
    )
    CONTEXT = ("旅券", "パスポート", "ぱすぽーと", "passport")
    CONTEXT_BEFORE = 30
    CONTEXT_AFTER = 8


class ResidenceCardNumberRecognizer(JaPatternRecognizer):
    """在留カード番号 (and 特別永住者証明書番号): two letters + eight digits + two letters."""

    ENTITY = entities.RESIDENCE_CARD_NUMBER
    PATTERNS = (
        Pattern(
            "residence_card",
            rf"{_NOT_AFTER}[a-z]{{2}}{_S}\d{{4}}{_DIGIT_SEP}\d{{4}}{_S}[a-z]{{2}}{_NOT_BEFORE}",
            0.7,
        ),
    )
    CONTEXT = ("在留カード", "在留", "ざいりゅう", "特別永住", "residence card", "zairyu")
    CONTEXT_BEFORE = 30
    CONTEXT_AFTER = 8
