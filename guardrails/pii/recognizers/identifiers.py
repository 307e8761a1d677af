"""Japanese personal numbers: My Number, employment insurance, basic pension, job seeker number.

Their context words may stand well before the number ("基礎年金番号のことで質問です。
年金手帳を見ながら入力していますが、1234567890 で合っていますか"): every recognizer
here also reads a far window (FAR_CONTEXT, with a smaller boost), and numbers that
are not personal data — 求人番号, 事業所番号, 法人番号 — cancel a match when they
stand nearer to it than any context word.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.pii import entities
from guardrails.pii.base import DASH, NOT_AFTER_ALNUM, NOT_BEFORE_DIGIT, NOT_PERSONAL_NUMBERS, JaPatternRecognizer
from guardrails.pii.checksums import is_valid_my_number

_G = rf"(?:\s?{DASH}\s?|\s)?"  # optional separator between groups
FAR_CONTEXT = 150  # characters before a number in which a context word still counts (with less weight)


_MY_NUMBER_CONTEXT = ("マイナンバー", "個人番号", "my number", "mynumber", "マイナ", "通知カード")


class MyNumberRecognizer(JaPatternRecognizer):
    """個人番号: 12 digits (optionally 4-4-4) whose last digit is the mod-11 check digit."""

    ENTITY = entities.MY_NUMBER
    PATTERNS = (Pattern("my_number", rf"{NOT_AFTER_ALNUM}\d{{4}}{_G}\d{{4}}{_G}\d{{4}}{NOT_BEFORE_DIGIT}", 0.6),)
    CONTEXT = _MY_NUMBER_CONTEXT

    def validate_result(self, pattern_text: str) -> bool | None:
        """Accept only a correct check digit (presidio then scores the match 1.0)."""
        return is_valid_my_number(pattern_text)


class MyNumberContextRecognizer(JaPatternRecognizer):
    """Any 12 digits right after a My Number context word: a mistyped number is still personal."""

    ENTITY = entities.MY_NUMBER
    PATTERNS = (Pattern("my_number_ctx", rf"{NOT_AFTER_ALNUM}\d{{4}}{_G}\d{{4}}{_G}\d{{4}}{NOT_BEFORE_DIGIT}", 0.3),)
    CONTEXT = _MY_NUMBER_CONTEXT
    NEGATIVE_CONTEXT = NOT_PERSONAL_NUMBERS
    FAR_CONTEXT_BEFORE = FAR_CONTEXT


class EmploymentInsuranceNumberRecognizer(JaPatternRecognizer):
    """雇用保険被保険者番号: 4-6-1 digits; 11 plain digits only next to its name."""

    ENTITY = entities.EMPLOYMENT_INSURANCE_NUMBER
    PATTERNS = (
        Pattern("grouped", rf"{NOT_AFTER_ALNUM}\d{{4}}\s?{DASH}\s?\d{{6}}\s?{DASH}\s?\d{NOT_BEFORE_DIGIT}", 0.6),
        Pattern("plain_ctx", rf"{NOT_AFTER_ALNUM}\d{{4}}\s?\d{{6}}\s?\d{NOT_BEFORE_DIGIT}", 0.3),
    )
    CONTEXT = ("被保険者番号", "雇用保険番号", "被保険者証", "雇用保険", "資格取得")
    NEGATIVE_CONTEXT = (*NOT_PERSONAL_NUMBERS, "適用事業所")  # the employer's office number has the same shape
    FAR_CONTEXT_BEFORE = FAR_CONTEXT


class BasicPensionNumberRecognizer(JaPatternRecognizer):
    """基礎年金番号: 4-6 digits; 10 plain digits only next to its name."""

    ENTITY = entities.BASIC_PENSION_NUMBER
    PATTERNS = (
        Pattern("grouped", rf"{NOT_AFTER_ALNUM}\d{{4}}\s?{DASH}\s?\d{{6}}{NOT_BEFORE_DIGIT}", 0.5),
        Pattern("plain_ctx", rf"{NOT_AFTER_ALNUM}\d{{4}}\s?\d{{6}}{NOT_BEFORE_DIGIT}", 0.3),
    )
    CONTEXT = ("基礎年金番号", "年金番号", "年金手帳", "基礎年金", "年金")
    NEGATIVE_CONTEXT = NOT_PERSONAL_NUMBERS
    CONTEXT_BEFORE = 25
    FAR_CONTEXT_BEFORE = FAR_CONTEXT


class JobSeekerNumberRecognizer(JaPatternRecognizer):
    """求職番号: 5 digits (office) + up to 8, *only* with job-seeker context.

    求人番号 has the same shape but is a public job-offer number: when 求人 is nearer
    to the number than any job-seeker word, the match is dropped.
    """

    ENTITY = entities.JOB_SEEKER_NUMBER
    PATTERNS = (
        Pattern("number_ctx", rf"{NOT_AFTER_ALNUM}\d{{5}}(?:\s?{DASH}\s?|\s)\d{{1,8}}{NOT_BEFORE_DIGIT}", 0.35),
    )
    CONTEXT = ("求職番号", "求職者番号", "求職登録番号", "求職受付番号", "求職者登録", "求職登録", "求職受付",
               "受付票", "ハローワーク受付", "求職申込", "求職者マイページ", "求職")
    NEGATIVE_CONTEXT = ("求人", *NOT_PERSONAL_NUMBERS, "ゆうちょ", "記号")
    CONTEXT_BEFORE = 30
    CONTEXT_AFTER = 8  # 13010-1234567は求職番号です / …は求人番号です
    FAR_CONTEXT_BEFORE = FAR_CONTEXT
