import pytest

from retrieval.analyzer import JapaneseAnalyzer, SynonymTable, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ﾊﾛｰﾜｰｸ", "ハローワーク"),
        ("ＡＢＣ１２３", "abc123"),
        ("求人\u200b番号", "求人番号"),
        ("  複数   の 空白 ", "複数 の 空白"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_synonyms_rewrite_longest_variant_first() -> None:
    table = SynonymTable({"雇用保険の基本手当": ["失業保険", "失業"], "ハローワーク": ["ハロワ", "職安"]})
    assert table.rewrite("失業保険とハロワ") == "雇用保険の基本手当とハローワーク"
    assert len(table) == 4


def test_tokens_use_normalised_forms_and_drop_particles() -> None:
    analyzer = JapaneseAnalyzer()
    tokens = analyzer.tokens("ﾊﾛｰﾜｰｸで引越しの手続きをしたい")
    assert "ハローワーク" in tokens and "引っ越し" in tokens and "手続き" in tokens
    assert "で" not in tokens and "の" not in tokens


def test_tokens_apply_synonyms() -> None:
    analyzer = JapaneseAnalyzer(SynonymTable({"ハローワーク": ["職安"]}))
    assert "ハローワーク" in analyzer.tokens("職安に行きたい")


def test_empty_and_symbol_only_input() -> None:
    analyzer = JapaneseAnalyzer()
    assert analyzer.tokens("") == []
    assert analyzer.tokens("？！。、") == []


def test_bad_mode_rejected() -> None:
    with pytest.raises(ValueError):
        JapaneseAnalyzer(mode="Z")


def test_light_verbs_are_dropped_in_their_normalised_kanji_form() -> None:
    tokens = JapaneseAnalyzer().tokens("手続きをしてくれる所はありますか")
    assert "手続き" in tokens
    assert not {"為る", "呉れる", "所", "有る"} & set(tokens)


def test_readings_match_across_kana_and_kanji_and_homophone_typos() -> None:
    analyzer = JapaneseAnalyzer()
    kanji = analyzer.reading("失業保険はいつもらえますか")
    assert analyzer.reading("しつぎょうほけんはいつもらえますか") == kanji == "シツギョウホケンイツモラエ"
    assert analyzer.reading("雇用保健") == analyzer.reading("雇用保険")
    assert analyzer.reading("ﾊﾛｰﾜｰｸ") == "ハローワーク" and analyzer.reading("") == ""


def test_kana_only_questions_are_respelled_with_the_corpus_words() -> None:
    analyzer = JapaneseAnalyzer()
    assert analyzer.prepare("しつぎょうほけんのしんせい") == "しつぎょうほけんのしんせい"  # nothing learned yet
    analyzer.learn_readings(["失業保険の申請について", "再就職手当の支給", "ログインできない場合"])
    assert analyzer.prepare("しつぎょうほけんのしんせい") == "失業保険の申請"
    assert analyzer.prepare("さいしゅうしょくてあて") == "再就職手当"  # long units are learned too
    assert "ログイン" in analyzer.tokens("ろぐいんできない")
    # hiragana inside ordinary mixed text is inflection and particles: left alone
    assert analyzer.prepare("申請していいでしょうか") == "申請していいでしょうか"


def test_respelled_questions_meet_synonyms_again() -> None:
    analyzer = JapaneseAnalyzer(SynonymTable({"基本手当": ["失業保険"]}))
    analyzer.learn_readings(["失業保険", "基本手当"])
    assert analyzer.prepare("しつぎょうほけん") == "基本手当"
