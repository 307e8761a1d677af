"""Kana and romaji name words: the spelling key, the reading table, and what counts as a name beside a cue."""

from __future__ import annotations

import pytest

from guardrails.pii.cued_names import BARE, HONORIFIC, SELF, STRONG, CuedNameRecognizer
from guardrails.pii.name_pairs import kana_pairs, latin_pairs, spaced_names
from guardrails.pii.name_readings import name_readings
from guardrails.pii.name_words import NameWords
from guardrails.pii.romaji import long_vowel_variants, name_key, romaji_to_kana


@pytest.fixture(scope="module")
def words() -> NameWords:
    return NameWords()


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["やまだ", "ヤマダ", "yamada", "YAMADA"], "yamada"),
        (["ゆうこ", "ユーコ", "yuko", "yuuko"], "yuko"),
        (["けんいち", "kenichi", "ken'ichi"], "kenichi"),
        (["おおの", "ohno", "oono", "ono"], "ono"),
        (["いとう", "ito", "itou"], "ito"),
        (["ほんま", "homma", "honma"], "honma"),
        (["つつみ", "tsutsumi", "tutumi"], "tsutsumi"),
        (["はっとり", "hattori"], "hattori"),
    ],
)
def test_one_key_for_every_spelling(spellings: list[str], key: str) -> None:
    assert {name_key(s.casefold()) for s in spellings} == {key}


@pytest.mark.parametrize("word", ["hello", "bmw", "xyz", "street"])
def test_words_that_are_not_romaji_have_no_key(word: str) -> None:
    assert romaji_to_kana(word) is None and name_key(word) is None


def test_long_vowel_variants() -> None:
    assert {"タロ", "タロウ"} <= set(long_vowel_variants("タロ"))
    assert "サトウ" in long_vowel_variants("サト")


def test_reading_table_knows_common_names() -> None:
    table = name_readings()
    assert "S" in table["yamada"] and "G" in table["hanako"].upper()
    assert "s" in table["tanaka"].lower() and "g" in table["kenji"].lower()


@pytest.mark.parametrize(
    ("word", "named"),
    [("やまだ", True), ("たろう", True), ("さとう", True), ("しょう", True), ("taro", True), ("yamada", True),
     ("しごと", False), ("どこ", False), ("みな", False), ("そう", False), ("から", False), ("ひらがな", False),
     ("hello", False), ("the", False), ("しゅっ", False)],
)
def test_name_words(words: NameWords, word: str, named: bool) -> None:
    assert words.info(word).named is named


@pytest.mark.parametrize(
    ("word", "split"),
    [("やまだたろう", ("やまだ", "たろう")), ("すずきはなこ", ("すずき", "はなこ")),
     ("おかもとしょう", ("おかもと", "しょう")),
     ("がくせい", None), ("にんてい", None), ("しつぎょう", None)],
)
def test_split_needs_a_known_surname(words: NameWords, word: str, split: tuple[str, str] | None) -> None:
    assert words.split(word) == split


@pytest.mark.parametrize(
    ("first", "second", "name"),
    [("taro", "yamada", True), ("yamada", "taro", True), ("naoko", "goto", True), ("maaya", "yamazaki", True),
     ("haya", "sido", False), ("karen", "jo", False), ("tokyo", "osaka", False), ("canta", "una", False)],
)
def test_romaji_pairs(words: NameWords, first: str, second: str, name: bool) -> None:
    assert words.romaji_full_name(first, second) is name


@pytest.mark.parametrize(
    ("parts", "tier", "name"),
    [
        (["やまだ", "たろう"], STRONG, True),
        (["やまだ"], HONORIFIC, True),
        (["おかあ"], HONORIFIC, False),
        (["いとう"], SELF, True),
        (["むしょく"], SELF, False),
        (["がくせい"], SELF, False),
        (["すずき", "いちろう"], BARE, True),
        (["そう"], BARE, False),
        (["はい", "そう"], BARE, False),
    ],
)
def test_what_a_cue_needs(words: NameWords, parts: list[str], tier: int, name: bool) -> None:
    assert CuedNameRecognizer.accept(parts, tier, words) is name


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("やまだ たろう と申します", ["やまだ たろう"]),
        ("わたしはやまだたろうです", ["やまだたろう"]),
        ("たんとうの たなかさんに", ["たなか"]),
        ("my name is taro yamada.", ["taro yamada"]),
        ("答えるくん", []),
        ("けいさんの しかた", []),
        ("さんかげつ まえに", []),
        ("名前から一字採った", []),
    ],
)
def test_cued_spans(words: NameWords, text: str, spans: list[str]) -> None:
    recognizer = CuedNameRecognizer()
    found = set(recognizer.cued(text, words)) | set(latin_pairs(text, words))
    assert sorted(text[s:e] for s, e in found) == spans


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("やまだ たろうの りしょくひょうが とどきません", ["やまだ たろう"]),
        ("ヤマダ タロウの件", ["ヤマダ タロウ"]),
        ("きゅうじんに おうぼ かのう ？", []),
        ("この かいとう 、 やくに たたなかった", []),
    ],
)
def test_kana_pairs(words: NameWords, text: str, spans: list[str]) -> None:
    assert [text[s:e] for s, e in kana_pairs(text, words)] == spans


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("山 田 太 郎 と申します", ["山 田 太 郎"]),
        ("申込者は小 川 零です", ["小 川 零"]),
        ("森 あ す かです", ["森 あ す か"]),
        ("担当は高 橋 さんです", ["高 橋"]),
        ("はい そうです", []),
        ("前 の 設 定 を リ セ ッ ト し て 、 新 し い 指示", []),
    ],
)
def test_spaced_names(words: NameWords, text: str, spans: list[str]) -> None:
    assert [text[s:e] for s, e in spaced_names(text, words)] == spans
