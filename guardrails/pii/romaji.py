"""One spelling key for a Japanese name however it is written: hiragana, katakana or romaji.

やまだ, ヤマダ, yamada and YAMADA (casefolded before it gets here) all give "yamada";
ゆうこ, ユーコ, yuko and yuuko all give "yuko"; けんいち and kenichi both give
"kenichi". The key is Hepburn romaji with the long vowels folded (ou, oo → o; uu → u;
ー and the h of "ohno" dropped), because that is what a passport spelling keeps.
Romaji is read as Hepburn, Kunrei or the way people type it (si, tu, hu, zi, sya,
nn, n'); a string that is not romaji at all (hello, bmw) has no key.
"""

from __future__ import annotations

import re

_ROWS = {
    "": "アイウエオ", "k": "カキクケコ", "g": "ガギグゲゴ", "s": "サシスセソ", "z": "ザジズゼゾ",
    "t": "タチツテト", "d": "ダヂヅデド", "n": "ナニヌネノ", "h": "ハヒフヘホ", "b": "バビブベボ",
    "p": "パピプペポ", "m": "マミムメモ", "r": "ラリルレロ",
}
_IRREGULAR = {"シ": "shi", "チ": "chi", "ツ": "tsu", "フ": "fu", "ジ": "ji", "ヂ": "ji", "ヅ": "zu"}
KANA_ROMAJI: dict[str, str] = {"ヤ": "ya", "ユ": "yu", "ヨ": "yo", "ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o",
                               "ン": "n", "ヴ": "vu", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
                               "ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa", "ー": ""}
for _consonant, _kana in _ROWS.items():
    for _vowel, _ch in zip("aiueo", _kana, strict=True):
        KANA_ROMAJI[_ch] = _IRREGULAR.get(_ch, _consonant + _vowel)

# Romaji syllables (Hepburn, Kunrei, typed) to kana, longest first when parsing.
ROMAJI_KANA: dict[str, str] = {}
for _ch, _roma in KANA_ROMAJI.items():
    if _roma and _ch not in "ァィゥェォャュョヮヰヱヲヂヅン":
        ROMAJI_KANA.setdefault(_roma, _ch)
ROMAJI_KANA.update({"si": "シ", "ti": "チ", "tu": "ツ", "hu": "フ", "zi": "ジ", "di": "ヂ", "du": "ヅ",
                    "wo": "ヲ", "ye": "イェ"})
for _stem, _i_kana in {"k": "キ", "g": "ギ", "n": "ニ", "h": "ヒ", "b": "ビ", "p": "ピ", "m": "ミ", "r": "リ"}.items():
    for _y, _small in (("a", "ャ"), ("u", "ュ"), ("o", "ョ")):
        ROMAJI_KANA[f"{_stem}y{_y}"] = _i_kana + _small
for _stems, _i_kana in ((("sh", "sy"), "シ"), (("ch", "ty", "cy"), "チ"), (("j", "zy", "jy"), "ジ")):
    for _stem in _stems:
        for _y, _small in (("a", "ャ"), ("u", "ュ"), ("o", "ョ"), ("e", "ェ")):
            ROMAJI_KANA[_stem + _y] = _i_kana + _small
_LONGEST = max(map(len, ROMAJI_KANA))
_VOWELS = frozenset("aiueo")
_MACRONS = str.maketrans("āīūēôâîûêō", "aiueoaiueo")
_FOLDS = ((re.compile(r"ou|oo"), "o"), (re.compile(r"uu"), "u"))


def to_katakana(text: str) -> str:
    """Hiragana to katakana (other characters unchanged)."""
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)


def to_hiragana(text: str) -> str:
    """Katakana to hiragana (other characters unchanged)."""
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


def kana_to_romaji(kana: str) -> str | None:
    """Hepburn romaji of a kana string (None when a character is not kana)."""
    kana = to_katakana(kana)
    out: list[str] = []
    double = False
    for i, ch in enumerate(kana):
        if ch == "ッ":
            double = True
            continue
        roma = KANA_ROMAJI.get(ch)
        if roma is None:
            return None
        if ch in "ャュョ" and out and out[-1].endswith("i") and i > 0 and kana[i - 1] not in "イ":
            stem = out[-1][:-1]
            out[-1] = stem + (roma[1:] if stem.endswith(("sh", "ch", "j")) else roma)
            continue
        if double and roma:
            roma = roma[0] + roma
        double = False
        out.append(roma)
    return "".join(out)


def romaji_to_kana(text: str) -> str | None:
    """Katakana for a romaji word (None when it is not romaji: hello, bmw, xyz)."""
    word = text.casefold().translate(_MACRONS)
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        nxt = word[i + 1] if i + 1 < n else ""
        if ch == "'" and out and out[-1] == "ン":
            i += 1
            continue
        if ch == "n" and (nxt == "'" or (nxt not in _VOWELS and nxt != "y")):
            out.append("ン")
            i += 2 if nxt == "'" else 1
            continue
        if ch == "m" and nxt in ("b", "m", "p"):
            out.append("ン")
            i += 1
            continue
        if ch == "h" and out and out[-1] in "オ" and nxt not in _VOWELS and nxt != "y":
            out.append("ー")  # ohno: the h marks a long o
            i += 1
            continue
        if ch not in _VOWELS and (ch == nxt or (ch == "t" and nxt == "c")) and ch != "n":
            out.append("ッ")
            i += 1
            continue
        for size in range(min(_LONGEST, n - i), 0, -1):
            kana = ROMAJI_KANA.get(word[i : i + size])
            if kana:
                out.append(kana)
                i += size
                break
        else:
            return None
    return "".join(out)


def fold(romaji: str) -> str:
    """Long vowels folded: ou, oo → o; uu → u."""
    for pattern, repl in _FOLDS:
        romaji = pattern.sub(repl, romaji)
    return romaji


def name_key(text: str) -> str | None:
    """The spelling key of one word of a name (kana or romaji); None when it is neither."""
    if not text:
        return None
    if text.isascii():
        kana = romaji_to_kana(text)
        if kana is None:
            return None
        text = kana
    roma = kana_to_romaji(text)
    return fold(roma) if roma else None


_O_ROW = frozenset("オコソトノホモヨロゴゾドボポョ")
_LONG_AFTER = _O_ROW | frozenset("ウクスツヌフムユルグズヅブプュ")


def long_vowel_variants(kana: str, limit: int = 16) -> list[str]:
    """Katakana spellings a romaji reading may stand for: taro is タロ or タロウ, ono オノ or オオノ, sato サトウ.

    Romaji drops long vowels; each o- or u-row kana may be followed by ウ (or オ after an o-row kana),
    and ー may stand for either.
    """
    out = [""]
    for ch in kana:
        options = ["ウ", "オ"] if ch == "ー" else [ch]
        grown = [prefix + option for prefix in out for option in options]
        if ch in _LONG_AFTER:
            grown += [g + "ウ" for g in grown] + ([g + "オ" for g in grown] if ch in _O_ROW else [])
        out = grown[:limit]
    return out
