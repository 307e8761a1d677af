"""Passport and residence card numbers, more birth-date spellings and cued names: (text, masked text) tables.

The masked text is the chain's output (normalised: NFKC, casefolded), so each row pins down
the exact span masked and the placeholder used.
"""

from __future__ import annotations

import pytest

from guardrails.chain import GuardChain
from guardrails.pii.entities import PASSPORT_NUMBER, PLACEHOLDERS, RESIDENCE_CARD_NUMBER
from guardrails.pii.recognizers.documents import PassportNumberRecognizer, ResidenceCardNumberRecognizer


def test_the_new_placeholders_follow_the_scheme() -> None:
    assert PLACEHOLDERS[PASSPORT_NUMBER] == "＜旅券番号＞"
    assert PLACEHOLDERS[RESIDENCE_CARD_NUMBER] == "＜在留カード番号＞"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # passport numbers: with and without a cue, full-width, lower case, spaced, kanji digits
        ("旅券番号はTK1234567です。", "旅券番号は＜旅券番号＞です。"),
        ("パスポートの番号 ＭＺ７６５４３２１ で申請できますか", "パスポートの番号 ＜旅券番号＞ で申請できますか"),
        ("passport no. XR 0987654 を持っています", "passport no. ＜旅券番号＞ を持っています"),
        ("本人確認書類としてRE5550123を登録しました", "本人確認書類として＜旅券番号＞を登録しました"),
        ("パスポート番号：T K 1 2 3 4 5 6 7", "パスポート番号:＜旅券番号＞"),
        ("旅券 No.AB7654321 の写し", "旅券 no.＜旅券番号＞ の写し"),
        ("旅券番号はMZ四五六七八九〇です", "旅券番号は＜旅券番号＞です"),
        ("パスポート番号は A12345678 です", "パスポート番号は ＜旅券番号＞ です"),  # one letter: only with a cue
        # residence card numbers: with and without a cue, full-width, spaced, hyphens
        ("在留カード番号はAB12345678CDです", "在留カード番号は＜在留カード番号＞です"),
        ("在留カードの番号：ab 1234 5678 cd", "在留カードの番号:＜在留カード番号＞"),
        ("確認でＥＦ９８７６５４３２ＧＨを入力しました", "確認で＜在留カード番号＞を入力しました"),
        ("特別永住者証明書の番号 KL-1029-3847-MN です", "特別永住者証明書の番号 ＜在留カード番号＞ です"),
        # birth dates: era abbreviations, dots, slashes, two-digit years, English, after the date
        ("生年月日はH3.4.5です。", "生年月日は＜生年月日＞です。"),
        ("Ｓ５０年生まれです", "＜生年月日＞生まれです"),
        ("昭和五十年十二月三日に生まれました", "＜生年月日＞に生まれました"),
        ("私は平成3年4月5日の生まれです", "私は＜生年月日＞の生まれです"),
        ("生年月日は90年4月5日です", "生年月日は＜生年月日＞です"),
        ("DOB: 05/04/1990", "dob: ＜生年月日＞"),
        ("I was born on April 5, 1990.", "i was born on ＜生年月日＞."),
        ("生年月日：19900405", "生年月日:＜生年月日＞"),
        # names after cues, in kana pairs, with macrons, spaced after a particle
        ("わたしのなまえは、ひらの です。", "わたしのなまえは、＜氏名＞ です。"),
        ("娘のさくらが応募しました", "娘の＜氏名＞が応募しました"),
        ("やまもと けいこ の りしょくひょうが とどきません", "＜氏名＞ の りしょくひょうが とどきません"),
        ("Satō Kenta", "＜氏名＞"),
        ("求職者の 長 尾 さんについて", "求職者の ＜氏名＞ さんについて"),
    ],
)
def test_written_forms_are_masked(chain: GuardChain, text: str, masked: str) -> None:
    assert chain.run(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "パスポートがなくても求職登録できますか",
        "在留カードの提示は必要ですか",
        "旅券番号を書く欄はどこにありますか",
        "4月3日生まれの人は学年が早いですか",
        "令和6年4月1日から制度が変わりますか",
        "H3の鉛筆で書いてもいいですか",
        "求人番号13010-12345678の仕事",
        "型番はabc1234567です",  # three letters: not a passport number
        "メールは taro.ab1234567@example.com です",  # inside an address: masked as the address, not a passport
    ],
)
def test_look_alikes_are_not_documents(chain: GuardChain, text: str) -> None:
    outcome = chain.run(text)
    assert not {"JP_PASSPORT_NUMBER", "JP_RESIDENCE_CARD_NUMBER", "DATE_OF_BIRTH"} & set(outcome.pii_types)


@pytest.mark.parametrize(
    ("recognizer", "text", "found"),
    [
        (PassportNumberRecognizer(), "tk1234567", True),
        (PassportNumberRecognizer(), "tk12345678", False),  # eight digits: only with a cue
        (PassportNumberRecognizer(), "旅券 tk12345678", True),
        (PassportNumberRecognizer(), "x1tk1234567", False),
        (ResidenceCardNumberRecognizer(), "ab12345678cd", True),
        (ResidenceCardNumberRecognizer(), "ab12345678cde", False),
        (ResidenceCardNumberRecognizer(), "ab1234567cd", False),
    ],
)
def test_recognizer_shapes(recognizer: PassportNumberRecognizer | ResidenceCardNumberRecognizer, text: str,
                           found: bool) -> None:
    results = recognizer.analyze(text, [recognizer.ENTITY])
    assert bool([r for r in results if r.score >= 0.4]) is found
