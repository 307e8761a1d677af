"""Candidate person-name spans over NameTokens: what *might* be a name, before any scoring.

A candidate starts from a seed token — Sudachi tags it 人名 (N), GiNZA calls it Person,
it is a word the dictionary does not know (U: katakana, or latin letters), a proper
noun the dictionary also lists as a name (L), a kanji common noun the dictionary also
lists as a name (M: 入江, 王) or a katakana common noun (K: テンプル) — and grows over
neighbouring seeds:

- katakana parts joined by ・ or = (ジョン・F・ケネディ) when one part is N, U or L or
  GiNZA calls a part Person;
- a surname followed by a short kanji word (須藤 + 元気, 楊 + 秀麗) that is not a title
  or a suffix;
- a trailing common kanji noun is cut off again (田口 + 電灯, 前田 + 製紙): the name
  is then followed by a noun, which the scorer reads as a compound;
- ラムセス + 2 + 世.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from guardrails.pii.name_rules import HONORIFICS, NOT_A_PERSON_SUFFIXES, TITLES, is_kanji
from guardrails.pii.name_tokens import JOINERS, NameToken

_LATIN_WORD = re.compile(r"^[a-z]{3,}$")
_INITIAL = re.compile(r"^[a-z]$")
_NOT_PARTS = NOT_A_PERSON_SUFFIXES


def _is_seed(tok: NameToken) -> bool:
    return (
        bool(tok.kind)
        or tok.label == "Person"
        or tok.category in ("L", "M", "K")
        or (tok.category == "U" and (tok.katakana or bool(_LATIN_WORD.match(tok.text))))
    )


def _mark_chains(tokens: Sequence[NameToken], seeds: list[bool]) -> None:
    """Seed every part of a katakana chain (X・Y・Z) that has one name-like part."""
    n = len(tokens)
    i = 0
    while i < n:
        if not tokens[i].katakana:
            i += 1
            continue
        j = i + 1
        while j + 1 < n and tokens[j].text in JOINERS and _chain_part(tokens[j + 1]):
            j += 2
        if j > i + 1 and tokens[j - 1].katakana:
            parts = [tokens[k] for k in range(i, j, 2) if tokens[k].katakana]
            named = any(p.category in ("N", "U", "L") for p in parts)
            if named or any(tokens[k].label == "Person" for k in range(i, j)):
                for k in range(i, j):
                    seeds[k] = True
        i = max(j, i + 1)


def _given_name_follows(tokens: Sequence[NameToken], end: int) -> bool:
    """A surname is followed by a short kanji noun that may be a given name Sudachi does not know."""
    if end >= len(tokens) or tokens[end - 1].kind != "姓":
        return False
    nxt = tokens[end]
    return (
        is_kanji(nxt.text)
        and len(nxt.text) <= 2
        and nxt.text not in HONORIFICS
        and nxt.text not in NOT_A_PERSON_SUFFIXES
        and nxt.text not in TITLES
        and nxt.tag.startswith(("名詞", "形状詞"))
    )


def _chain_part(tok: NameToken) -> bool:
    return tok.katakana or bool(_INITIAL.match(tok.text))


def candidate_spans(tokens: Sequence[NameToken], may_be_name: Callable[[str], bool]) -> list[tuple[int, int]]:
    """(start token, end token) of every candidate; `may_be_name(word)`: SudachiDict lists the word as a name."""
    n = len(tokens)
    seeds = [_is_seed(t) for t in tokens]
    _mark_chains(tokens, seeds)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if not seeds[i] or tokens[i].text in JOINERS:  # a span never starts with a joiner
            i += 1
            continue
        j = i + 1
        while j < n and seeds[j] and not (tokens[j].text in JOINERS and not (j + 1 < n and _chain_part(tokens[j + 1]))):
            j += 1
        start, end = i, j
        while end - start >= 2 and tokens[end - 1].text in JOINERS:
            end -= 1
        if end - start >= 3 and tokens[start + 1].text in JOINERS:
            while end < n and tokens[end].katakana and tokens[end - 1].katakana and tokens[end].text not in _NOT_PARTS:
                end += 1  # ステファヌス・ヴァン・コート + ランド: one word in two tokens
        if _given_name_follows(tokens, end):
            end += 1
        while (
            end - start >= 2
            and is_kanji(tokens[end - 1].text)
            and len(tokens[end - 1].text) >= 2
            and tokens[end - 1].category in ("C", "O")
            and not may_be_name(tokens[end - 1].text)
        ):
            end -= 1  # 田口電灯 -> 田口 + 電灯
        if end + 1 < n and tokens[end].like_num and tokens[end + 1].text == "世" and tokens[end - 1].katakana:
            end += 2  # ラムセス2世
        spans.append((start, end))
        i = max(j, end)
    return spans
