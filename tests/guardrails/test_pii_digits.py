"""The digit view: kanji, kana and spaced-out digits as ASCII for the identifier recognizers, offsets kept."""

from __future__ import annotations

import pytest

from guardrails.pii.digits import digit_view, kanji_number


@pytest.mark.parametrize(
    ("text", "view"),
    [
        # kanji digits, with the separators people type between them
        ("電話は〇九〇-一二三四-五六七八です", "電話は090-1234-5678です"),
        ("〇九〇ー一二三四ー五六七八", "090ー1234ー5678"),
        ("〇四五(六七八)九〇一二", "045(678)9012"),
        ("一二三四五六七八九〇一八", "123456789018"),
        ("〇90-1234-5678", "090-1234-5678"),
        # digits read out in katakana and hiragana; 「の」, 「、」, ハイフン between groups
        ("ゼロキューゼロ、イチニーサンヨン、ゴーロクナナハチ", "090-1234-5678"),
        ("ぜろきゅうぜろ いちにさんよん ごろくななはち", "090-1234-5678"),
        ("ぜろきゅうぜろのいちにいさんよんのごおろくななはち", "090-1234-5678"),
        ("ゼロキューゼロノイチニーサンヨンノゴーロクナナハチ", "090-1234-5678"),
        ("ゼロキュウゼロ ハイフン イチニサンヨン ハイフン ゴロクナナハチ", "090-1234-5678"),
        ("レイハチマル シチシチ クク", "080-77-99"),
        ("マル・キュウ・マル・イチ・ニ・サン・ヨン・ゴ・ロク・ナナ・ハチ", "09012345678"),
        ("ゼロキューゼロ ニイチサンヨン", "090-2134"),  # ニイチ is ニ + イチ
        ("イチニーサンヨンゴーロクナナハチキューゼロイチハチ", "123456789018"),
        # a particle after the number stays a particle
        ("ぜろきゅうぜろのいちにさんよんのごろくななはちにでんわ", "090-1234-5678にでんわ"),
        ("ぜろきゅうぜろいちにさんよんごろくななはちにでんわ", "09012345678にでんわ"),
        # spaced out, slashes, dots, 「の」 between digit groups
        ("0 9 0 1 2 3 4 5 6 7 8", "09012345678"),
        ("0 9 0 - 1 2 3 4 - 5 6 7 8", "09012345678"),
        ("090/1234/5678", "090-1234-5678"),
        ("03.1234.5678", "03-1234-5678"),
        ("090の1234の5678", "090-1234-5678"),
        ("090 1234 5678", "090 1234 5678"),  # groups of three or four keep their spaces
        # kanji numerals with 十 in dates
        ("昭和五十八年四月三日生まれ", "昭和58年4月3日生まれ"),
        ("平成元年十二月二十五日", "平成元年12月25日"),
        ("一九八三年四月三日", "1983年4月3日"),
        ("生年月日は1985.03.02", "生年月日は1985-03-02"),
    ],
)
def test_digit_view(text: str, view: str) -> None:
    assert digit_view(text).text == view


@pytest.mark.parametrize(
    "text",
    [
        "しつぎょうほけんは いつ もらえますか",
        "ごごにしごとがあります",  # digit words, but not a number
        "サンキュー、イチゴ農家の求人",
        "一般の求人を探しています",
        "第一希望の会社",
        "にさんにち まえに めーるを おくりました",
        "メールアドレスを教えて",
    ],
)
def test_text_without_numbers_is_left_alone(text: str) -> None:
    assert digit_view(text).text == text


@pytest.mark.parametrize(
    ("text", "view_span", "source"),
    [
        ("電話はゼロキューゼロ、イチニーサンヨン、ゴーロクナナハチです", (3, 16),
         "ゼロキューゼロ、イチニーサンヨン、ゴーロクナナハチ"),
        ("携帯0 9 0 1 2 3 4 5 6 7 8に", (2, 13), "0 9 0 1 2 3 4 5 6 7 8"),
        ("昭和五十八年四月三日生まれ", (0, 9), "昭和五十八年四月三日"),
        ("マイナンバー一二三四五六七八九〇一八", (6, 18), "一二三四五六七八九〇一八"),
    ],
)
def test_view_spans_map_back_to_the_input(text: str, view_span: tuple[int, int], source: str) -> None:
    view = digit_view(text)
    start, end = view.to_source(*view_span)
    assert text[start:end] == source


def test_unchanged_text_maps_to_itself() -> None:
    view = digit_view("雇用保険の手続き")
    assert not view.changed and view.to_source(2, 4) == (2, 4)


@pytest.mark.parametrize(("numeral", "value"), [("五十八", 58), ("十二", 12), ("二十五", 25), ("十", 10),
                                                ("一九八三", 1983), ("千九百八十三", 1983), ("三", 3)])
def test_kanji_numbers(numeral: str, value: int) -> None:
    assert kanji_number(numeral) == value
