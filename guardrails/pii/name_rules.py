"""Word lists and character tests behind the person-name recognizer.

These are linguistic cues, not a list of names: honorifics and titles that follow a
name, cues that announce one, and suffixes that turn a surname-like word into an
organisation or a place (中山駅, 田中工業, 吉田町).
"""

from __future__ import annotations

import regex


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a set."""
    return frozenset(text.split())


# Words that follow a person's name.
HONORIFICS = words(
    "さん 様 さま サマ 氏 君 くん ちゃん 先生 殿 どの 選手 監督 教授 博士 議員 首相 大統領 容疑者 被告 夫妻 夫人 "
    "一家 兄弟 姉妹 社長 会長 部長 課長 係長 主任 店長 所長 局長 委員長 理事長 院長 校長 先輩 後輩 "
    "さんち 宛 宛て あて 名義 本人 自身 総理 知事 市長 町長 村長 大臣 長官 次官 主席 国王 女王 王 皇帝 将軍 コーチ "
    "投手 捕手 内野手 外野手 騎手 棋士 力士 名人 師匠 父 母 兄 姉 弟 妹 夫 妻 息子 娘 母親 父親 ら 氏ら"
)
# Words after which a name is expected (名前は…, 山田と申します).
NAME_CUES = words("氏名 名前 なまえ 本名 旧姓 名義 フルネーム 担当者 私 わたし 僕 俺")
NAME_AFTER_CUES = words("申し 申す 申します と いい いいます 言い")
# Suffixes that make the preceding word an organisation, place, product or era.
NOT_A_PERSON_SUFFIXES = words(
    "社 株式会社 有限会社 工業 重工業 銀行 証券 駅 線 号 賞 市 町 村 区 県 府 都 郡 大学 高校 高等学校 中学校 中学 "
    "小学校 学校 寺 神社 宮 城 川 山 島 湖 橋 湾 港 空港 通り 丸 党 軍 派 流 式 病院 商店 商会 製作所 研究所 財団 "
    "記念館 美術館 博物館 文庫 劇場 球場 電鉄 鉄道 自動車 建設 興業 産業 グループ ホールディングス 杯 ステークス "
    "記念 事務所 センター 協会 連盟 委員会 省 庁 局 部 課 公園 インターチェンジ ジャンクション バイパス 通 街道 "
    "丁目 番地 ビル ホール 温泉 家 屋 店 堂 館 亭 酒造 薬品 製薬 電機 電気 製菓 食品 出版 書店 新聞 放送 病 "
    "症 法 条約 事件 の乱 の変 戦争 時代 朝 藩 幕府 政権 線路 ライン 方式 賞典 スタジアム 遺跡 古墳 ハローワーク"
)
_KATAKANA = regex.compile(r"^[\p{Katakana}ー・=]+$")
_KANJI = regex.compile(r"^[\p{Han}々〆ヶ]+$")
_HAS_KANA_OR_KANJI = regex.compile(r"[\p{Han}\p{Katakana}\p{Hiragana}]")


def is_katakana(text: str) -> bool:
    """Only katakana (with ー, ・, =)."""
    return bool(_KATAKANA.match(text))


def is_kanji(text: str) -> bool:
    """Only kanji (with 々, 〆, ヶ)."""
    return bool(_KANJI.match(text))


def has_japanese(text: str) -> bool:
    """Any kanji or kana at all: without them there is no Japanese name to look for."""
    return bool(_HAS_KANA_OR_KANJI.search(text))
