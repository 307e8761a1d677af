"""Readings of Japanese surnames and given names, keyed by their spelling key (see romaji.py).

Sudachi knows 山田 and 太郎 as names, but a name written やまだ たろう or Taro Yamada
never reaches its dictionary. This table lets the cue-based name recognizer ask "is
this kana or romaji word the reading of a surname, of a given name?". It is built
offline from what ships with the project's packages, no evaluation text involved:
every word of ja_ginza's vocabulary that SudachiDict tags 名詞-固有名詞-人名-姓 or -名,
with the reading Sudachi gives it. Rebuild it (after upgrading ja_ginza or
SudachiDict) with

    python -m guardrails.pii.name_readings

The file holds one line per key: the key, a tab, and its kinds: s (surname), g (given
name), in capitals when the reading is a common one — the vocabulary also spells it in
kana (やまだ), or in at least STRONG_SPELLINGS kanji words (ごとう: 後藤 五島 五嶋 五藤; for
a surname only words of two characters or more count).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import regex

from guardrails.pii.romaji import name_key

READINGS_FILE = Path(__file__).resolve().parent / "data" / "name_readings.tsv"
MIN_KANA = 2  # one-mora readings (イ, キ) are too ambiguous to count as names
STRONG_SPELLINGS = 4  # kanji spellings that make a reading common (後藤 五島 五嶋 五藤)
SURNAME, GIVEN = "s", "g"


@lru_cache(maxsize=1)
def name_readings(path: Path = READINGS_FILE) -> dict[str, str]:
    """Spelling key -> its kinds ("s", "G", "Sg" …), read once from the data file beside this module."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, kinds = line.split("\t")
            table[key] = kinds
    return table


def build_readings() -> dict[str, str]:
    """The table from ja_ginza's vocabulary and SudachiDict (see the module docstring)."""
    import spacy
    from sudachipy import Dictionary

    nlp = spacy.load("ja_ginza", exclude=["tok2vec", "parser", "ner", "attribute_ruler", "morphologizer",
                                          "compound_splitter", "bunsetu_recognizer"])
    dictionary, strings = Dictionary(), nlp.vocab.strings
    spellings: dict[tuple[str, str], set[str]] = {}
    for key in nlp.vocab.vectors.key2row:
        word = strings[key] if key in strings else ""  # noqa: SIM401  (StringStore has no get)
        if not word or len(word) > 6 or word.isascii():
            continue
        for morpheme in dictionary.lookup(word):
            pos = morpheme.part_of_speech()
            if pos[2] != "人名" or pos[3] not in ("姓", "名"):
                continue
            reading = morpheme.reading_form()
            spelling = name_key(reading) if len(reading) >= MIN_KANA else None
            if spelling:
                spellings.setdefault((spelling, SURNAME if pos[3] == "姓" else GIVEN), set()).add(word)
    table: dict[str, str] = {}
    for (key, kind), words in sorted(spellings.items()):
        table[key] = table.get(key, "") + (kind.upper() if is_common(words, kind) else kind)
    return {key: "".join(sorted(kinds, key="sSgG".index)) for key, kinds in table.items()}


def is_common(spellings: set[str], kind: str) -> bool:
    """A reading is common when the vocabulary spells it in kana too (やまだ), or in STRONG_SPELLINGS kanji words
    (of two characters or more for a surname: one-character ones are mostly Chinese readings, 京 徐 宋)."""
    kana = any(not regex.search(r"\p{Han}", w) for w in spellings)
    return kana or sum(1 for w in spellings if kind == GIVEN or len(w) >= 2) >= STRONG_SPELLINGS


def write_readings(path: Path = READINGS_FILE) -> None:
    table = build_readings()
    lines = ["# spelling key<TAB>s (surname) / g (given name), capital: common; python -m guardrails.pii.name_readings"]
    lines += [f"{key}\t{kinds}" for key, kinds in table.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_readings()
