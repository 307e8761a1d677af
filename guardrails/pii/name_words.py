"""Is this kana or romaji word a name? What SudachiDict and the reading table say about it.

A word written in kana or romaji is *listed* when SudachiDict has that very spelling
as a person name (やまだ, はなこ: the dictionary lists common names in kana too; a romaji
word is looked up in kana, yamada as ヤマダ), *read* as a name when it is the reading of
one (たろう, yamada: see name_readings), *frequent* when that reading is a common one,
and *common* when the dictionary has the spelling only as an ordinary noun, pronoun,
adverb or particle (しごと, どこ, みな, から — not たろう, whose kanji form 太郎 is a name,
nor しょう, a frequent reading) or it is on the short lists below (greetings, kinship
words before さん, English, Spanish and Portuguese words). A common word is never taken
for a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from guardrails.pii.name_readings import GIVEN, SURNAME, name_readings
from guardrails.pii.name_rules import words
from guardrails.pii.name_tokens import Lexicon
from guardrails.pii.romaji import long_vowel_variants, name_key, romaji_to_kana, to_hiragana

MIN_SPLIT = 2  # characters of each part when one kana word is cut into surname + given name
# Parts of speech whose whole-word entries make a kana word common (verbs are left out: まさる, かおる;
# so are proper nouns: たろう).
_COMMON_POS = frozenset({"名詞", "代名詞", "副詞", "形状詞", "連体詞", "感動詞", "接続詞", "形容詞", "助詞", "助動詞"})
# Kana words before さん/さま that are not names (kinship, greetings), and words the dictionary misses.
NOT_NAMES_KANA = words(
    "おかあ おとう おにい おねえ おじい おばあ おじ おば おっか おっとう かあ とう にい ねえ じい ばあ "
    "おきゃく きゃく おつかれ ごくろう ごちそう おかげ おたがい おまちどう おまちどお おだいじ おひさし "
    "かみ おく おこ あか ぼっ じょう おじょう おひめ おう おうじ おいしゃ いしゃ かんごし おまわり だんな "
    "おかみ おすもう おしょう ごしゅじん しゅじん おくさ みな みんな みなさ たんとう たんとうしゃ かかり "
    "はい いいえ ええ うん そう どう ここ そこ どこ だれ なに なん いつ あした きょう きのう あす いま "
    "はじめまして こんにちは こんばんは おはよう おはようございます もしもし よろしく おねがい "
    "わたし わたくし ぼく おれ じぶん あなた かれ かのじょ ほんにん かぞく こども むすこ むすめ おっと つま "
    "ひらがな かたかな かんじ ろーまじ なまえ しめい ふりがな でんわ めーる じゅうしょ "
    "パート バイト アルバイト スタッフ ママ パパ ケアマネ ヘルパー ドライバー"
)
NOT_NAMES_LATIN = words(
    "a an the this that is are was were be am i me my mine you your he she his her we our they them it its "
    "to of in on at for with from by and or not no yes ok okay so do does did go hi hello please thank thanks "
    "name names mr ms mrs miss dr san sama kun chan email mail tel fax id web site home page net com co jp ne "
    "org info test user admin here there what who when where how why which can will would should may must "
    "hire care time make take see more some one two man men woman sale anime manga sushi tokyo osaka kobe "
    "kyoto japan nihon nippon work ai gpt chat bot system prompt mode "
    "de la el los las una uno que por para como todo nada mi su tu se sido haya hola gracias favor bien "
    "sim nao muito obrigado obrigada trabalho desu masu wa ga wo moushimasu iimasu watashi boku namae onegai shimasu"
)


@dataclass(frozen=True)
class WordInfo:
    """What is known about one kana or romaji word."""

    kinds: str  # "s", "g", "sg" or "": the name kinds its spelling key reads as
    listed: str  # the kinds SudachiDict lists this very spelling as ("s", "g", "sg"; "": not a name there)
    common: bool  # an ordinary word, never a name
    frequent: str = ""  # the kinds among `kinds` that are common readings (capitals in the reading table)
    text_end_small: bool = False  # ends in っ: a piece of a word (しゅっさん), never a name

    @property
    def named(self) -> bool:
        return bool(self.kinds) and not self.common and not self.text_end_small

    @property
    def known_surname(self) -> bool:
        """A surname reading that is common, or a surname spelling the dictionary lists."""
        return SURNAME in self.frequent or SURNAME in self.listed


class NameWords:
    """Looks kana and romaji words up in SudachiDict (through a Lexicon) and the reading table."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon()
        self.readings = name_readings()
        self.info = lru_cache(maxsize=20_000)(self._info)
        self.listed_kinds = lru_cache(maxsize=20_000)(self._listed_kinds)

    def _info(self, word: str) -> WordInfo:
        key = name_key(word)
        table = self.readings.get(key, "") if key and len(word) >= 2 else ""
        frequent = "".join(k.lower() for k in table if k.isupper())
        if word.isascii():
            common = word in NOT_NAMES_LATIN or len(word) < 2
            listed_romaji = self.listed_kinds(word)
            return WordInfo(_kinds(set(table.lower() + listed_romaji)), listed_romaji, common, frequent)
        kinds = set(table.lower())
        listed: set[str] = set()
        function_word = False
        common = word in NOT_NAMES_KANA
        for pos1, pos2, pos3, pos4, lemma, normalised in self.lexicon.entries(word):
            if pos3 == "人名" and pos4 in ("姓", "名"):
                listed.add(SURNAME if pos4 == "姓" else GIVEN)
            elif pos1 in _COMMON_POS and pos2 != "固有名詞" and lemma == word:
                common = common or not self.lexicon.lookup(normalised)[1]  # たろう is 太郎: still a name
                function_word = function_word or pos1 != "名詞"
        if (listed or frequent) and word not in NOT_NAMES_KANA and not function_word:
            common = False  # さとう (砂糖), しょう (賞): nouns that are also common names; この, から stay words
        small = word.endswith(("っ", "ッ"))
        kinds |= listed
        return WordInfo(_kinds(kinds), _kinds(listed), common, frequent, small)

    def _listed_kinds(self, word: str) -> str:
        """Name kinds SudachiDict lists for a romaji word spelled in kana (yamada: ヤマダ 姓; sato: さとう 姓)."""
        kana = romaji_to_kana(word)
        variants = long_vowel_variants(kana) if kana else []
        kinds = {
            SURNAME if e[3] == "姓" else GIVEN
            for variant in variants + [to_hiragana(v) for v in variants]
            for e in self.lexicon.entries(variant)
            if e[2] == "人名" and e[3] in ("姓", "名")
        }
        return "".join(k for k in (SURNAME, GIVEN) if k in kinds)

    def romaji_full_name(self, first: str, second: str) -> bool:
        """Two romaji words that read as given name + surname or surname + given name, the surname a common one
        (a frequent reading, or one SudachiDict lists in kana): taro yamada, yamada taro; not haya sido."""
        one, two = self.info(first), self.info(second)
        if not (one.named and two.named):
            return False
        return (GIVEN in one.kinds and two.known_surname) or (GIVEN in two.kinds and one.known_surname)

    def split(self, word: str) -> tuple[str, str] | None:
        """Cut one kana word into a well-known surname + a given name (やまだたろう, not がく+せい for がくせい),
        preferring parts the dictionary lists."""
        best: tuple[int, tuple[str, str]] | None = None
        for i in range(MIN_SPLIT, len(word) - MIN_SPLIT + 1):
            left, right = self.info(word[:i]), self.info(word[i:])
            if not (left.named and right.named and left.known_surname and GIVEN in right.kinds):
                continue
            rank = 2 * bool(left.listed) + bool(right.listed)
            if best is None or rank > best[0]:
                best = (rank, (word[:i], word[i:]))
        return best[1] if best else None

    def full_name(self, parts: list[str], either_order: bool = False, known: bool = False) -> bool:
        """Two parts that read as surname + given name (either order for romaji; `known`: a well-known surname)."""
        if len(parts) != 2:
            return False
        first, second = self.info(parts[0]), self.info(parts[1])
        if not (first.named and second.named):
            return False
        if SURNAME in first.kinds and GIVEN in second.kinds and (first.known_surname or not known):
            return True
        return either_order and GIVEN in first.kinds and SURNAME in second.kinds and (second.known_surname or not known)


def _kinds(kinds: set[str]) -> str:
    return "".join(k for k in (SURNAME, GIVEN) if k in kinds)
