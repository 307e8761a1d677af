"""Features of a candidate name span and the weights that turn them into a score.

The score is the log-odds of a linear model: evidence from the words themselves
(Sudachi's name tags, GiNZA's Person label and margin, the word-vector probe) plus
evidence from the context (a title after it, a role before it, a particle after it,
a common noun glued to it, a company word before it, quotes around it). The weights
were fitted by logistic regression (scikit-learn, C=1) on the candidate spans of the
Wikipedia dev sentences — a candidate is positive when it overlaps a listed name —
checked by two-fold cross-validation (row-level recall at a false-positive rate of at
most 0.05 on the held-out half: about 0.89-0.90, against 0.88 for the previous
features), no word lists involved, and rounded to 0.25. Set by hand: the HWIS cues
that Wikipedia hardly uses (hon_next: さん; cue: 氏名は, と申します) and common_word,
which keeps HWIS words that Sudachi also lists as names (見方, パート) out; the bias is
the fitted one moved by the threshold with the best recall at that false-positive rate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from guardrails.pii.name_rules import (
    AFTER_A_NAME,
    HONORIFICS,
    NAME_AFTER_CUES,
    NAME_CUES,
    NOT_A_PERSON_SUFFIXES,
    ORGANISATION_WORDS,
    PERSONAL_HONORIFICS,
    TITLES,
    is_kanji,
    is_role,
    words,
)
from guardrails.pii.name_tokens import JOINERS, NameToken

WEIGHTS: dict[str, float] = {
    "bias": -3.5, "role_prev": 2.25, "title_next": 2.0, "nx_は": 1.75, "hon_next": 1.5, "cue": 1.5, "defines": 1.5,
    "nx_が": 1.5, "ippan": 1.25, "vector": 1.25, "allname": 1.0, "alone": 1.0, "kanji": 1.0, "unknown": 1.0,
    "chain": 0.75, "fullname": 0.75, "margin": 0.75, "mei": 0.75, "name": 0.75, "nx_、": 0.75, "nx_と": 0.75,
    "late": 0.5, "no_vector": 0.5, "nx_の": 0.5, "nx_を": 0.5, "person_all": 0.5, "person_part": 0.5,
    "proper": -1.75, "quote": -1.5, "organisation_prev": -1.25, "latin": -1.0, "place": -1.0, "suffix": -1.0,
    "common_all": -0.75, "common_word": -1.0, "compound_next": -0.5, "margin_positive": -0.5, "common": -0.25,
    "compound_prev": -0.25, "in_organisation": -0.25, "in_work": -0.25, "single": -0.25, "in_place": 0.0,
}
THRESHOLD = 0.0  # a candidate at or above it is a name
CONTEXT_THRESHOLD = -5.0  # once a text has a name, candidates at or above this are masked too

ORG_LABELS = words(
    "Company Company_Group Corporation_Other Organization_Other Pro_Sports_Organization Sports_Organization_Other "
    "Political_Organization_Other Political_Party School Public_Institution Government Military "
    "International_Organization Show_Organization Research_Institute Family"
)
WORK_LABELS = words(
    "Book Movie Music Broadcast_Program Show Game Magazine Newspaper Art_Other Product_Other Car Ship Aircraft Train "
    "Vehicle_Other Dish Food_Other Drug Weapon Award Event_Other Occasion_Other War Incident_Other Conference "
    "Title_Other Name_Other Character"
)
PLACE_LABELS = words(
    "City Country Province County GPE_Other Location_Other Domestic_Region Region_Other Station Facility_Other "
    "Sports_Facility Island Mountain River Lake Road Worship_Place Airport Port Park Theater Museum Car_Stop"
)
COMMON_WORD_VECTOR = -2.0  # probe log-odds below which a word is used like a common noun (見方, パート)
_FOLLOWERS = HONORIFICS | TITLES | AFTER_A_NAME
_LATIN = re.compile(r"^[a-z .]+$")
_OPEN_QUOTES, _CLOSE_QUOTES = frozenset("「『\"“"), frozenset("」』\"”")
_COPULA = frozenset({"だっ", "た", "で", "ある", "あっ", "です"})
_CONTEXT_WORDS = ("は", "が", "の", "と", "を", "、")
_COMMON = frozenset("CMK")  # common nouns, whether or not they may also be names
_WEAK_SEEDS = frozenset("MK")  # candidates made of common nouns only (入江, テンプル)
_FUNCTION_WORDS = ("助詞", "補助記号", "助動詞", "動詞", "形容詞", "副詞", "接続詞", "連体詞", "感動詞")


def _role(tok: NameToken | None) -> bool:
    return tok is not None and is_role(tok.text, tok.tag)


def defines_person(tokens: Sequence[NameToken], start: int, end: int) -> bool:
    """「Xは、日本の俳人。」: the span opens a sentence whose predicate is a role or occupation noun."""
    n = len(tokens)
    if (start > 0 and tokens[start - 1].text not in ("、", "「")) or end >= n or tokens[end].text != "は":
        return False
    stop = end + 1
    while stop < n and tokens[stop].text != "。":
        stop += 1
    last = stop - 1
    while last > end and tokens[last].text in _COPULA:
        last -= 1
    return last > end and _role(tokens[last])


def _context(tokens: Sequence[NameToken], start: int, end: int) -> dict[str, float]:
    n = len(tokens)
    nxt, nxt2 = (tokens[end] if end < n else None), (tokens[end + 1] if end + 1 < n else None)
    prv, prv2 = (tokens[start - 1] if start > 0 else None), (tokens[start - 2] if start > 1 else None)
    nt, nt2 = (nxt.text if nxt else ""), (nxt2.text if nxt2 else "")
    pt, pt2 = (prv.text if prv else ""), (prv2.text if prv2 else "")
    f: dict[str, float] = {"nx_" + w: float(nt == w) for w in _CONTEXT_WORDS}
    f["hon_next"] = float(nt in PERSONAL_HONORIFICS)
    titled = nt in HONORIFICS or nt in TITLES or (
        nxt is not None and nxt.tag.startswith("名詞") and (nt2 in HONORIFICS or nt2 in TITLES)
        and nt not in NOT_A_PERSON_SUFFIXES)  # ユーベル海軍中佐
    f["title_next"] = float(titled and not f["hon_next"])
    f["cue"] = float(pt in NAME_CUES or (pt in ("は", ":", "が") and pt2 in NAME_CUES)
                     or (nt == "と" and nt2 in NAME_AFTER_CUES))
    f["role_prev"] = float(_role(prv) or (pt in ("の", "は") and _role(prv2)))
    prev_ok = prv is None or prv.tag.startswith(_FUNCTION_WORDS)
    next_ok = nxt is None or nxt.is_particle or nt in _FOLLOWERS
    f["alone"] = float(prev_ok and next_ok)
    f["compound_next"] = float(nxt is not None and nxt.is_noun and nt not in _FOLLOWERS
                               and nt not in NOT_A_PERSON_SUFFIXES and not nxt.like_num)
    f["compound_prev"] = float(prv is not None and prv.tag.startswith(("名詞", "接頭辞")) and not _role(prv)
                               and not prv.like_num)
    f["quote"] = float(pt in _OPEN_QUOTES and nt in _CLOSE_QUOTES)
    f["organisation_prev"] = float(pt in ORGANISATION_WORDS or (pt in ("の", "、") and pt2 in ORGANISATION_WORDS))
    f["late"] = float(pt == "故")
    f["suffix"] = float(nt in NOT_A_PERSON_SUFFIXES)
    return f


def features(
    tokens: Sequence[NameToken], ents: Sequence[tuple[int, int, str]], start: int, end: int, text: str
) -> dict[str, float]:
    """The named features of the candidate tokens[start:end] (`text` is its surface)."""
    span = tokens[start:end]
    words = [t for t in span if t.text not in JOINERS]
    cats = {t.category for t in words}
    kinds = [t.kind for t in span if t.kind]
    person = [t.label == "Person" for t in span]
    f = _context(tokens, start, end)
    f["person_all"] = float(all(person))
    f["person_part"] = float(any(person) and not all(person))
    margin = span[0].margin
    f["margin"] = max(-1.0, min(1.0, margin / 8.0)) if margin is not None else 0.0
    f["margin_positive"] = float(margin is not None and margin > 0)
    f["fullname"] = float("姓" in kinds and "名" in kinds[kinds.index("姓") :])
    f["mei"], f["ippan"] = float("名" in kinds), float("一般" in kinds)
    f["allname"] = float(bool(words) and cats == {"N"})
    for name, cat in (("name", "N"), ("unknown", "U"), ("place", "P"), ("proper", "R")):
        f[name] = float(cat in cats)
    f["common"] = float(bool(cats & _COMMON))
    f["common_all"] = float(bool(cats) and cats <= _WEAK_SEEDS)
    f["chain"] = float(len(span) > len(words))
    f["kanji"] = float(all(is_kanji(t.text) for t in words))
    f["latin"] = float(bool(_LATIN.match(text)))
    f["single"] = float(len(words) == 1)
    f["suffix"] = max(f["suffix"], float(text in NOT_A_PERSON_SUFFIXES))
    inside = [label for a, b, label in ents if a <= start and b >= end and label != "Person"]
    f["in_organisation"] = float(any(label in ORG_LABELS for label in inside))
    f["in_work"] = float(any(label in WORK_LABELS for label in inside))
    f["in_place"] = float(len(words) == 1 and any(label in PLACE_LABELS for label in inside))
    vectors = [t.vector for t in words if t.vector is not None]
    f["vector"] = max(-1.0, min(1.0, max(vectors) / 4.0)) if vectors else 0.0
    f["no_vector"] = float(not vectors)
    f["common_word"] = float(bool(vectors) and len(vectors) == len(words) and max(vectors) < COMMON_WORD_VECTOR)
    f["defines"] = float(defines_person(tokens, start, end))
    return f


def score(feats: dict[str, float]) -> float:
    """The weighted sum of the features (log-odds that the span is a person name)."""
    return WEIGHTS["bias"] + sum(WEIGHTS.get(name, 0.0) * value for name, value in feats.items())
