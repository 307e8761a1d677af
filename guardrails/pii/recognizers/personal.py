"""Dates of birth, bank accounts and payment cards.

They run on the digit view (see base.py), so 昭和五十八年四月三日 and a card or account
number with a space between every digit reach the patterns as ASCII digits.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from guardrails.pii import entities
from guardrails.pii.base import DASH, NOT_AFTER_ALNUM, NOT_BEFORE_DIGIT, NOT_PERSONAL_NUMBERS, JaPatternRecognizer
from guardrails.pii.checksums import luhn_valid

_D = rf"\s?(?:[/.]|{DASH})\s?"
_WESTERN = rf"(?:19|20)\d{{2}}(?:\s?年\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日?|{_D}\d{{1,2}}{_D}\d{{1,2}})"
_SHORT_YEAR = r"\d{2}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日"  # 90年4月5日 (two-digit year, with 年月日)
_DAY_FIRST = rf"\d{{1,2}}{_D}\d{{1,2}}{_D}(?:19|20)\d{{2}}"  # 05/04/1990 (either order of day and month)
_COMPACT = r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # 19900405
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december"
           "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_ENGLISH = (rf"(?:(?:{_MONTHS})\.?\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?:19|20)\d{{2}}"
            rf"|\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?(?:{_MONTHS})\.?,?\s(?:19|20)\d{{2}})")
_ERA = r"(?:明治|大正|昭和|平成|令和|[mtshr]\.?\s?|昭|平)"
_JAPANESE = rf"{_ERA}\s?(?:\d{{1,2}}|元)(?:\s?年\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日?|{_D}\d{{1,2}}{_D}\d{{1,2}})"
_YEAR = rf"(?:(?:19|20)\d{{2}}|{_ERA}\s?(?:\d{{1,2}}|元))\s?年"
_YEAR_MONTH = rf"{_YEAR}\s?\d{{1,2}}\s?月"
_BORN_AFTER = re.compile(r"\s?(?:に|の|で)?\s?(?:生|産まれ|うまれ|誕生)")


class DateOfBirthRecognizer(JaPatternRecognizer):
    """A full date (西暦 or 和暦) only next to 生年月日/誕生日/生まれ; other dates are not personal."""

    ENTITY = entities.DATE_OF_BIRTH
    PATTERNS = (
        Pattern("date_ctx", rf"{NOT_AFTER_ALNUM}(?:{_WESTERN}|{_JAPANESE}){NOT_BEFORE_DIGIT}", 0.3),
        Pattern("other_date_ctx", rf"{NOT_AFTER_ALNUM}(?:{_SHORT_YEAR}|{_DAY_FIRST}|{_COMPACT}){NOT_BEFORE_DIGIT}",
                0.3),
        Pattern("english_date_ctx", rf"(?<![a-z0-9]){_ENGLISH}{NOT_BEFORE_DIGIT}", 0.3),
        Pattern("year_month_ctx", rf"{NOT_AFTER_ALNUM}{_YEAR_MONTH}(?!\s?\d)", 0.25),
        Pattern("birth_year_ctx", rf"{NOT_AFTER_ALNUM}{_YEAR}(?=\s?(?:生まれ|産まれ|生\b|うまれ))", 0.25),
    )
    CONTEXT = ("生年月日", "誕生日", "生まれ", "産まれ", "生", "birthday", "date of birth", "dob", "たんじょうび",
               "せいねんがっぴ", "うまれ", "born", "birth", "d.o.b")
    CONTEXT_BEFORE = 30
    CONTEXT_AFTER = 6

    def context_distance(self, text: str, start: int, end: int) -> int | None:
        """"生" counts only right after the date (1990年4月5日生, …日に生まれ, …の生まれ); the other words
        anywhere in the window."""
        if _BORN_AFTER.match(text, end):
            return 0
        before = text[max(0, start - self.CONTEXT_BEFORE) : start]
        hits = [len(before) - before.rfind(w) - len(w) for w in self.CONTEXT if w != "生" and w in before]
        return min(hits) if hits else None


class JaBankAccountRecognizer(JaPatternRecognizer):
    """口座番号 (7 digits), 支店-口座 and ゆうちょ 記号-番号, only with banking words before them."""

    ENTITY = entities.BANK_ACCOUNT
    PATTERNS = (
        Pattern("account_ctx", rf"{NOT_AFTER_ALNUM}\d(?:\s?\d){{6,7}}{NOT_BEFORE_DIGIT}", 0.3),
        Pattern("branch_account_ctx", rf"{NOT_AFTER_ALNUM}\d{{3}}(?:\s?{DASH}\s?|\s)\d{{7}}{NOT_BEFORE_DIGIT}", 0.3),
        Pattern("yucho_ctx", rf"{NOT_AFTER_ALNUM}1\d{{4}}\s?{DASH}\s?\d{{1,8}}{NOT_BEFORE_DIGIT}", 0.3),
        Pattern("yucho_mark_ctx", rf"(?<=記号\s?[:：は]?\s?)1\d{{3}}0{NOT_BEFORE_DIGIT}", 0.3),  # 記号10190 番号…
    )
    CONTEXT = (
        "口座", "普通", "当座", "預金", "銀行", "支店", "信用金庫", "信金", "ゆうちょ", "記号", "振込", "振り込み",
        "account",
    )
    NEGATIVE_CONTEXT = NOT_PERSONAL_NUMBERS
    CONTEXT_BEFORE = 25
    CONTEXT_AFTER = 0
    FAR_CONTEXT_BEFORE = 50


class JaCreditCardRecognizer(JaPatternRecognizer):
    """Card numbers of 13-19 digits, grouped or not, that pass the Luhn check."""

    ENTITY = entities.CREDIT_CARD
    PATTERNS = (
        Pattern("grouped", rf"{NOT_AFTER_ALNUM}\d{{4}}(?:[\s\-]?\d{{4}}){{2}}[\s\-]?\d{{1,7}}{NOT_BEFORE_DIGIT}", 0.5),
        Pattern("amex", rf"{NOT_AFTER_ALNUM}3[47]\d{{2}}[\s\-]?\d{{6}}[\s\-]?\d{{5}}{NOT_BEFORE_DIGIT}", 0.5),
    )
    CONTEXT = ("カード", "クレジット", "card", "visa", "master", "jcb", "amex")
    NEGATIVE_CONTEXT = NOT_PERSONAL_NUMBERS  # a 13-digit corporate number can pass the Luhn check

    def validate_result(self, pattern_text: str) -> bool | None:
        """Luhn check digit (presidio then scores the match 1.0)."""
        return luhn_valid(pattern_text)
