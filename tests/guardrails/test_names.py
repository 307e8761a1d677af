"""Person names: the scorer's parts on hand-made tokens (no model), and the whole chain on sentences."""

from __future__ import annotations

import pytest

from guardrails.chain import GuardChain
from guardrails.pii.name_features import THRESHOLD, WEIGHTS, defines_person, features, score
from guardrails.pii.name_spans import candidate_spans
from guardrails.pii.name_tokens import Lexicon, NameToken, category
from guardrails.pii.names import JapaneseNameRecognizer, NameSpanScorer, mostly_hiragana
from guardrails.pii.person_probe import load_probe


def toks(*parts: tuple[str, str, str]) -> list[NameToken]:
    """NameTokens from (text, Sudachi tag, category) triples, offsets counted from 0."""
    out, idx = [], 0
    for text, tag, cat in parts:
        out.append(NameToken(text, idx, tag, category=cat))
        idx += len(text)
    return out


NOUN, PARTICLE, JOIN = "名詞-普通名詞-一般", "助詞-係助詞", "補助記号-一般"
SEI, MEI, FOREIGN = "名詞-固有名詞-人名-姓", "名詞-固有名詞-人名-名", "名詞-固有名詞-人名-一般"


def test_katakana_chain_with_one_name_part_is_one_candidate() -> None:
    tokens = toks(("オーレ", NOUN, "C"), ("・", JOIN, "J"), ("シェーレン", NOUN, "U"), ("は", PARTICLE, "O"))
    assert candidate_spans(tokens, lambda word: False) == [(0, 3)]


def test_trailing_common_noun_is_cut_off_a_surname() -> None:
    tokens = toks(("田口", SEI, "N"), ("電灯", NOUN, "C"), ("の", "助詞-格助詞", "O"))
    spans = candidate_spans(tokens, lambda word: False)
    assert spans == [(0, 1)]
    feats = features(tokens, [], 0, 1, "田口")
    assert feats["compound_next"] == 1.0 and feats["alone"] == 0.0


def test_title_and_role_raise_the_score() -> None:
    plain = toks(("、", JOIN, "J"), ("ロストフ", NOUN, "U"), ("は", PARTICLE, "O"))
    titled = toks(("建築家", NOUN, "C"), ("ロストフ", NOUN, "U"), ("大佐", NOUN, "C"), ("は", PARTICLE, "O"))
    assert score(features(titled, [], 1, 2, "ロストフ")) > score(features(plain, [], 1, 2, "ロストフ")) + 1


def test_full_name_scores_above_threshold() -> None:
    tokens = toks(("山田", SEI, "N"), ("花子", MEI, "N"), ("は", PARTICLE, "O"))
    assert score(features(tokens, [], 0, 2, "山田花子")) >= THRESHOLD


def test_definition_sentence_names_a_person() -> None:
    tokens = toks(("ロストフ", NOUN, "U"), ("は", PARTICLE, "O"), ("、", JOIN, "J"), ("ロシア", NOUN, "P"),
                  ("の", "助詞-格助詞", "O"), ("建築家", NOUN, "C"), ("。", "補助記号-句点", "J"))
    assert defines_person(tokens, 0, 1)
    assert not defines_person(tokens, 3, 4)


def test_cued_katakana_skips_common_words() -> None:
    name = toks(("ヤマグチミキ", NOUN, "C"), ("さん", "接尾辞-名詞的-一般", "O"))
    part = [NameToken("パート", 0, NOUN, category="C", vector=-3.2), NameToken("さん", 3, "接尾辞-名詞的-一般")]
    assert NameSpanScorer.cued_katakana(name) == [(0, 6)]
    assert NameSpanScorer.cued_katakana(part) == []


def test_common_nouns_that_may_be_names_are_weak_seeds() -> None:
    lexicon = Lexicon()
    assert category("入江", NOUN, False, lexicon) == "M"  # also a surname in SudachiDict
    assert category("雇用", "名詞-普通名詞-サ変可能", False, lexicon) == "C"
    assert category("テンプル", NOUN, False, lexicon) == "K"
    subject = toks(("、", JOIN, "J"), ("テンプル", NOUN, "K"), ("は", PARTICLE, "O"))
    assert candidate_spans(subject, lambda word: False) == [(1, 2)]
    feats = features(subject, [], 1, 2, "テンプル")
    assert feats["common"] == 1.0 and feats["common_all"] == 1.0
    # without a title, a role or a name tag around it, a common noun alone stays below the threshold
    assert score(feats) < THRESHOLD
    after_role = toks(("監督", NOUN, "C"), ("テンプル", NOUN, "K"), ("は", PARTICLE, "O"))
    assert score(features(after_role, [], 1, 2, "テンプル")) > score(feats) + 1


def test_weights_and_probe_are_complete() -> None:
    assert "bias" in WEIGHTS and all(isinstance(v, float) for v in WEIGHTS.values())
    weights, bias = load_probe()
    assert weights.shape == (300,) and isinstance(bias, float)  # one weight per vector dimension


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("建築家のミハイル・ロストフスキーが設計した駅舎である。", "ロストフスキー"),
        ("詩人のヴォルコフは1921年に亡くなった。", "ヴォルコフ"),
        ("父の浩三郎と母の千恵子は町内で商店を営んでいた。", "千恵子"),
        ("キュリオ大佐は無慈悲な封鎖を命じた。", "キュリオ"),
        ("担当の佐藤さんに相談したい", "佐藤"),
        ("ササキマアヤと申します", "ササキマアヤ"),
    ],
)
def test_names_in_sentences_are_masked(chain: GuardChain, text: str, secret: str) -> None:
    outcome = chain.run(text)
    assert secret not in outcome.text
    assert "PERSON" in outcome.pii_types


@pytest.mark.parametrize(
    "text",
    [
        "梅田の求人を探しています",
        "雇用形態の見方が分からない",
        "新しく入ったパートさんの雇用保険の加入手続きの期限は？",
        "マイページにログインできません",
        "ハローワークインターネットサービスで求人を検索したい",
        "失業保険の認定日を忘れた場合はどうなりますか",
        "トヨタやホンダなどの自動車メーカーの求人",
    ],
)
def test_hwis_words_are_not_names(chain: GuardChain, text: str) -> None:
    assert "PERSON" not in chain.run(text).pii_types


def test_context_masks_more_but_never_hwis_words(chain: GuardChain) -> None:
    outcome = chain.run("山田太郎です。マイページにログインできません")
    assert outcome.text == "＜氏名＞です。マイページにログインできません"


@pytest.mark.parametrize(
    ("text", "span", "dropped"),
    [
        ("きゅうりょうが へった", (3, 6), True),  # りょう of きゅうりょう
        ("たいしょくきんのけいさんほうほう", (8, 10), True),  # けい|さん: 計算
        ("しゅっさんよてい", (0, 3), True),  # ends in っ
        ("まえの かいしゃと いまの かいしゃ", (0, 3), True),  # a text written in hiragana, no honorific
        ("やまださんに でんわしたい", (0, 3), False),  # an honorific follows
        ("長女さつきは同僚と結婚間近", (2, 5), False),  # kanji around: the scorer decides
    ],
)
def test_hiragana_pieces_of_words_are_not_names(text: str, span: tuple[int, int], dropped: bool) -> None:
    recognizer = JapaneseNameRecognizer()
    recognizer._scorer = NameSpanScorer(Lexicon())
    assert recognizer.kana_word(text, *span) is dropped


def test_texts_written_in_hiragana() -> None:
    assert mostly_hiragana("しつぎょうほけんは いつ もらえますか")
    assert not mostly_hiragana("雇用保険はいつもらえますか")
