"""Names without a cue word: surname + given-name pairs in romaji or kana, and names spelled with spaces.

- romaji: two words that read as given name + surname or surname + given name, the
  surname a common one (taro yamada, yamada taro; not haya sido);
- kana: two words the dictionary knows as surname + given name (やまだ たろうの…), the
  surname a kana spelling SudachiDict lists;
- mixed: a kanji surname and a given name in hiragana (山田たろうです);
- glued: one run of hiragana that cuts into a surname and a given name SudachiDict both lists,
  standing alone or before one particle (すずきはなこの りれきしょ);
- spaced: single characters separated by spaces (山 田 太 郎, 森 あ す か, や ま だ) joined and
  read with the dictionary and the reading table: surname + given name, or next to a
  cue one listed name or a surname followed by one to three characters (小 川 零です).
  A text spaced out as a whole (前 の 設 定 を …) hides words from filters and is left to
  the injection guard.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from guardrails.pii.name_readings import GIVEN, SURNAME
from guardrails.pii.name_tokens import Lexicon
from guardrails.pii.name_words import NameWords

_KANA = r"\p{Hiragana}\p{Katakana}ー"
_CHAR = r"[\p{Han}々\p{Hiragana}\p{Katakana}]"
# Starts where a word starts (not はい そう: い ends a word) and may be glued to a cue (小 川 零です).
_WORD_START = r"(?:(?<![\p{Han}々])(?=[\p{Han}々])|(?<!\p{Hiragana})(?=\p{Hiragana})|(?<!\p{Katakana})(?=\p{Katakana}))"
_SPACED = regex.compile(rf"{_WORD_START}(?:{_CHAR}[ 　]){{1,7}}{_CHAR}")
_KANA_PAIR = regex.compile(
    r"(?<![^\s、。,.!?！？「」():：])(?=(\p{Hiragana}{2,6}|\p{Katakana}{2,6})[ 　]"
    r"(\p{Hiragana}{2,8}(?=$|[\s、。,.!?！？]|です|さん|さま|から|\p{Han})|\p{Katakana}{2,8}(?!\p{Katakana})))"
)
_PARTICLES = frozenset("のがはにをとでもへ")
_MIXED = regex.compile(
    r"(?<![\p{Han}々])([\p{Han}々]{1,3})(\p{Hiragana}{2,5})(?=\s?(?:です|でございます|と申|ともうし|といい|さん|さま|様|くん|ちゃん)|[\s、。]|$)"
)
_SPACED_CHAR = regex.compile(rf"{_CHAR}[ 　](?={_CHAR})")
MAX_SPACED = 9  # spaced characters in a text beyond which it is spaced out as a whole
_LATIN_WORD = regex.compile(r"[a-zāīūēōâîûêô]{3}")
_LATIN_PAIR = regex.compile(
    r"(?<![a-z0-9@._-])(?=([a-zāīūēōâîûêô]{2,15})(?:,? |-)([a-zāīūēōâîûêô]{2,15})(?![a-z0-9@_-]))"
)
_GLUED_KANA = regex.compile(
    r"(?<![\p{Hiragana}\p{Han}ー])(\p{Hiragana}{5,9}?)(?=[のがはをにもへと]?(?:[\s、。,.!?！？]|$))"
)
_MACRONS = str.maketrans("āīūēōâîûêô", "aiueoaiueo")
_CUE_NEARBY = regex.compile(r"\s?(?:と申|ともう|といい|さん|様|さま|くん|ちゃん|氏|です|でございます)")
_STRONG_NEARBY = regex.compile(r"(?:氏名|名前|なまえ|本名|申込者|応募者)\s?(?:は|が)?\s?[:：]?\s?$")


def latin_pairs(text: str, words: NameWords) -> Iterator[tuple[int, int]]:
    """Two romaji words that read as surname + given name (either order): taro yamada, yamada taro."""
    if not _LATIN_WORD.search(text):
        return
    for m in _LATIN_PAIR.finditer(text):
        first, second = m.group(1).translate(_MACRONS), m.group(2).translate(_MACRONS)  # satō → sato
        if min(len(first), len(second)) >= 3 and words.romaji_full_name(first, second):
            yield m.start(1), m.end(2)


def kana_pairs(text: str, words: NameWords) -> Iterator[tuple[int, int]]:
    """Two kana words that the dictionary knows as surname + given name, with or without a cue
    (やまだ たろうの りしょくひょう): the surname a kana spelling SudachiDict lists, the given name listed
    or a frequent reading."""
    for m in _KANA_PAIR.finditer(text):
        surname = words.info(m.group(1))
        # やまもと, おおはし: common surname readings the dictionary does not spell in kana (not おうぼ: 応募)
        frequent = SURNAME in surname.frequent and len(m.group(1)) >= 3 and not _ordinary_word(words, m.group(1))
        if not (surname.named and (SURNAME in surname.listed or frequent)):
            continue
        second = m.group(2)
        for end in range(len(second), 1, -1):  # たろうの: the given name may be followed by a particle
            given = words.info(second[:end])
            if end < len(second) and second[end] not in _PARTICLES:
                continue
            if given.named and GIVEN in given.kinds and (given.listed or GIVEN in given.frequent):
                yield m.start(1), m.start(2) + end
                break


def _ordinary_word(words: NameWords, word: str) -> bool:
    """SudachiDict has this kana spelling as an ordinary noun, verb or adjective (おうぼ: 応募)."""
    return any(e[1] != "固有名詞" and e[2] != "人名" for e in words.lexicon.entries(word))


def glued_kana_names(text: str, words: NameWords) -> Iterator[tuple[int, int]]:
    """A run of hiragana that cuts into a surname and a given name SudachiDict both lists, standing alone or
    before one particle (すずきはなこの りれきしょ), with no cue word."""
    for m in _GLUED_KANA.finditer(text):
        run = m.group(1)
        if _ordinary_word(words, run):
            continue
        split = words.split(run)
        if split and all(words.info(part).listed for part in split):
            yield m.start(1), m.end(1)


def mixed_names(text: str, words: NameWords) -> Iterator[tuple[int, int]]:
    """A kanji surname the dictionary lists followed by a given name in hiragana (山田たろうです, 鈴木はなこさん)."""
    for m in _MIXED.finditer(text):
        given = words.info(m.group(2))
        if given.named and GIVEN in given.listed + given.frequent and _kind(words.lexicon, m.group(1)) == "姓":
            yield m.start(1), m.end(2)


def spaced_names(text: str, words: NameWords) -> Iterator[tuple[int, int]]:
    """Single characters separated by spaces that join into a name (山 田 太 郎, 森 あ す か, や ま だ)."""
    if len(_SPACED_CHAR.findall(text)) > MAX_SPACED:
        return  # a text spaced out character by character (前 の 設 定 を …) hides words, not a name
    for m in _SPACED.finditer(text):
        yield from _spaced_at(text, m.start(), m.end(), words)


def _spaced_at(text: str, begin: int, finish: int, words: NameWords) -> Iterator[tuple[int, int]]:
    """The name in the spaced run text[begin:finish], if any; a first character that is a particle may be left out
    (の 長 尾 さん)."""
    starts = [begin] + ([begin + 2] if text[begin] in _PARTICLES and finish - begin >= 5 else [])
    for start in starts:
        strong = bool(_STRONG_NEARBY.search(text[:start]))
        for end in range(finish, start + 2, -2):  # drop a last character glued to what follows
            joined = text[start:end].replace(" ", "").replace("　", "")
            after = text[end : end + 4]
            cued = strong or bool(_CUE_NEARBY.match(after)) or bool(_CUE_NEARBY.match(_unspaced(text[end : end + 8])))
            if _spaced_name(joined, cued, strong or after.lstrip().startswith(("と申", "ともう")), words):
                yield start, end
                return


def _unspaced(text: str) -> str:
    """The text with its spaces removed, from the first non-space character (" で す" → "です")."""
    return text.lstrip().replace(" ", "").replace("　", "")


def _spaced_name(joined: str, cued: bool, strong: bool, words: NameWords) -> bool:
    """Surname + given name; next to a cue also one listed name, or a surname and one to three more characters.

    All-kana runs need surname + given name, or one listed name next to a strong cue (氏名, と申します).
    """
    if regex.fullmatch(rf"[{_KANA}]+", joined):
        info = words.info(joined)  # た か は し で す: one surname the dictionary lists, next to a cue
        return bool(words.split(joined)) or (strong and bool(info.listed)) or (
            cued and SURNAME in info.listed and len(joined) >= 3 and not info.common)
    lexicon = words.lexicon
    if cued and lexicon.lookup(joined)[1]:
        return True
    for i in range(1, len(joined)):
        left, right = joined[:i], joined[i:]
        if _kind(lexicon, left) != "姓" and SURNAME not in words.info(left).listed:
            continue
        given = words.info(right)
        if _kind(lexicon, right) == "名" or (given.named and (given.listed or GIVEN in given.frequent)):
            return True
        if cued and len(right) <= 3:
            return True
    return False


def _kind(lexicon: Lexicon, word: str) -> str:
    """姓, 名 or "" for a kanji word (the first person-name entry the dictionary has for it)."""
    return next((e[3] for e in lexicon.entries(word) if e[2] == "人名" and e[3] in ("姓", "名")), "")
