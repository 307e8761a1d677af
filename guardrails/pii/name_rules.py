"""Word lists and character tests behind the person-name recognizer.

These are linguistic cues, not a list of names: honorifics and titles that follow a
name, roles and kinship words that introduce one (建築家の…, 父…), cues that announce
one, suffixes that turn a surname-like word into an organisation or a place (中山駅,
田中工業, 吉田町), and words that make the next name a company (メーカーの…).
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
# More titles and roles written right after a name (キュリオ大佐, 嘉納館長, ハリス師).
TITLES = words(
    "中佐 大佐 少佐 中将 少将 大将 准将 元帥 中尉 少尉 大尉 提督 艦長 船長 機長 司令官 長官 参謀 伯爵 侯爵 公爵 "
    "子爵 男爵 卿 王子 王女 皇子 皇女 皇太子 親王 内親王 法王 教皇 司教 大司教 牧師 神父 修道士 上人 和尚 法師 禅師 "
    "大師 師 嬢 外相 内相 蔵相 副大統領 外務大臣 総理大臣 幹事長 総裁 副総裁 頭取 専務 常務 学長 総長 議長 副議長 "
    "報道官 弁護士 研究員 名誉教授 准教授 講師 記者 編集長 総統 書記長 主席 帝 女帝 上皇 法皇 皇后 王妃 大公 総督 "
    "役 自身 本人 等 兄弟 姉妹 親子 父子 一族 一門 館長 酋長 団長 隊長 署長 園長 室長 店主 監修 作 作詞 作曲 編曲 "
    "原作 脚本 主演 演出"
)
# Roles, occupations and kinship words that introduce a name (父の…, 建築家…, 社長の…).
ROLES = words(
    "父 母 兄 姉 弟 妹 夫 妻 息子 娘 長男 次男 三男 長女 次女 三女 四女 祖父 祖母 叔父 叔母 伯父 伯母 孫 甥 姪 "
    "義父 義母 養父 養母 友人 親友 同僚 部下 上司 師匠 弟子 恋人 婚約者 主人公 相棒 選手 監督 社長 会長 首相 "
    "大統領 教授 議員 知事 市長 国王 女王 王 皇帝 将軍 参謀 作者 原作者 作家 俳優 女優 歌手 画家 作曲家 建築家 "
    "詩人 商人 摂政 宰相 通訳 秘書 司令官 主将 新人 夫人 デザイナー ライター コメディアン アーティスト リーダー "
    "プロデューサー ディレクター パネラー レーサー 代表 社主 総裁 書記 委員 後任 前任 創業者 経営者 研究者 編集者 "
    "庭師 巨匠 司会 棋士 騎手 力士 ソリスト 英雄 助手 酋長 館長 団長 隊長 先輩 後輩 盟友 旧友 令嬢 未亡人 遺族 "
    "子孫 ギタリスト ピアニスト ベーシスト ドラマー ボーカル ボーカリスト ヴォーカル 漫画家 小説家 脚本家"
)
ROLE_ENDINGS = tuple("家者手優師士官相将佐尉督授帝長")  # 作家, 研究者, 歌手, 女優, 弁護士, 長官, 首相, 監督 …
NOT_ROLES_WITH_NIN = words("個人 法人 本人 他人 人人 一人 二人 三人 数人 万人 千人 百人 個々人")
# Words after which a name is the name of a company, team or brand (自動車メーカーのスズキ).
ORGANISATION_WORDS = words(
    "メーカー メーカ 会社 企業 ブランド 球団 銀行 チーム クラブ 社 グループ 店 商社 出版社 レーベル 事務所 団体 政党 "
    "王朝 帝国 国"
)
# Words that may follow a name without making it part of a compound (山田ら, 福田派, 徳川家).
AFTER_A_NAME = words("ら など 派 方 側 家 氏")
PERSONAL_HONORIFICS = words("さん 様 さま 氏 くん 君 ちゃん 殿")
SELF_REFERENCES = words("私 わたし 僕 俺 わたくし 自分")
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


def is_role(text: str, tag: str) -> bool:
    """A role, occupation or kinship noun (社長, 建築家, 父), or a nationality before a name (ロシア人)."""
    if text in ROLES:
        return True
    if not tag.startswith("名詞") or "人名" in tag or len(text) < 2:
        return False
    return text.endswith(ROLE_ENDINGS) or (text.endswith("人") and text not in NOT_ROLES_WITH_NIN)


def is_katakana(text: str) -> bool:
    """Only katakana (with ー, ・, =)."""
    return bool(_KATAKANA.match(text))


def is_kanji(text: str) -> bool:
    """Only kanji (with 々, 〆, ヶ)."""
    return bool(_KANJI.match(text))


def has_japanese(text: str) -> bool:
    """Any kanji or kana at all: without them there is no Japanese name to look for."""
    return bool(_HAS_KANA_OR_KANJI.search(text))
