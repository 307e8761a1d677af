"""Decoded copies of a normalised text, for the injection classifier to score beside the text itself.

Normalising (NFKC, invisible characters dropped, look-alikes folded, casefold) undoes
disguises that change how characters are written. These copies undo the ones that
change the characters themselves: letters spaced out ("i g n o r e"), leetspeak
("1gn0r3"), rot13, reversed text and base64. The classifier scores every copy and the
guard keeps the highest score, so a disguise can only add evidence, never hide it.

Base64 arrives casefolded (the normaliser ran first), so its case is lost: each group of
four characters has up to 16 readings, and `decode_casefolded_base64` picks the sequence
of readings that makes the most plausible text (printable ASCII or well-formed UTF-8).
"""

from __future__ import annotations

import codecs
import itertools
import unicodedata

import regex

MAX_BASE64_CHARS = 400  # decode at most this much of each base64 run (300 bytes), and at most MAX_BASE64_RUNS runs
MAX_BASE64_RUNS = 4
MIN_ROT13_LETTERS = 8
MIN_BASE64_CHARS = 16

SEGMENTS = False
MIN_SEGMENT_CHARS = 6
MAX_SEGMENTS = 6
_SENTENCE_END = regex.compile(r"(?<=[。！？!?])|\n+|(?<=[.])\s+")
_SEP = r"[\s\-_.*·•|/\\~^`'\"+,:;・]"
_SPACED_RUN = regex.compile(rf"(?:(?<!\w)\w{_SEP}+){{3,}}\w(?!\w)")
_SEPARATORS = regex.compile(rf"{_SEP}+")
_LEETED = regex.compile(r"[a-z][0134578@$!][a-z0-9]|[0134578@$][a-z]{2}")
_LEET_WORD = regex.compile(r"(?<![a-z0-9@$!])(?=[a-z0-9@$!]*[a-z])(?=[a-z0-9@$!]*[0134578@$!])[a-z0-9@$!]{2,}[a-z0-9]")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
                       "!": "i"})
_ASCII_LETTERS = regex.compile(r"[a-z]")
# Telltales of text written the right way round, and the same read backwards (or in rot13). A copy is decoded
# only when its telltales are at least as many as the plain ones: a text with neither (short, or in another
# language) is decoded too. This halves the work on ordinary questions and keeps their gibberish copies away.
_FORWARD_MARKS = regex.compile(r"して|ます|です|ださい|ません|ました|について|ですか|the |ing\b|tion|\band |\byou\b")
_BACKWARD_MARKS = regex.compile(r"てし|すま|すで|いさだ|んせま|たしま|ていつに|かすで|\beht|\bgni|noit| dna\b|\buoy\b")
_ENGLISH_MARKS = regex.compile(r"\bthe\b|ing\b|tion|\band\b|\byou|\bis\b|\bto\b|\bof\b|\bwhat\b|\bhow\b")
_ROT13_MARKS = regex.compile(r"\bgur\b|vat\b|gvba|\bnaq\b|\blbh|\bvf\b|\bgb\b|\bbs\b|\bjung\b|\bubj\b")
_BASE64_RUN = regex.compile(rf"(?<![a-z0-9+/])[a-z0-9+/]{{{MIN_BASE64_CHARS},}}={{0,2}}(?![a-z0-9+/=])")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUES = {ch: [i for i, c in enumerate(_B64) if c.casefold() == ch] for ch in set(_B64.casefold())}


def _outnumbers(marks: regex.Pattern[str], plain: regex.Pattern[str], text: str) -> bool:
    return len(marks.findall(text)) >= len(plain.findall(text))


def copies(text: str) -> list[tuple[str, str]]:
    """(kind, copy) pairs: the text first, then each decoded copy that differs from it."""
    out = [("text", text)]
    if SEGMENTS:
        parts = [p.strip() for p in _SENTENCE_END.split(text)]
        parts = [p for p in parts if len(p) >= MIN_SEGMENT_CHARS]
        if len(parts) >= 2:
            out.extend(("segment", p) for p in parts[:MAX_SEGMENTS])
    if _SPACED_RUN.search(text):
        out.append(("joined", _SPACED_RUN.sub(lambda m: _SEPARATORS.sub("", m.group()), text)))
    if _LEETED.search(text):
        out.append(("leet", _LEET_WORD.sub(lambda m: m.group().translate(_LEET), text)))
    if len(_ASCII_LETTERS.findall(text)) >= MIN_ROT13_LETTERS and _outnumbers(_ROT13_MARKS, _ENGLISH_MARKS, text):
        out.append(("rot13", codecs.encode(text, "rot13")))
    if _outnumbers(_BACKWARD_MARKS, _FORWARD_MARKS, text):
        out.append(("reversed", text[::-1]))
    runs = [m.group()[:MAX_BASE64_CHARS] for m in itertools.islice(_BASE64_RUN.finditer(text), MAX_BASE64_RUNS)]
    decoded = [d for d in map(decode_casefolded_base64, runs) if d]
    if decoded:
        out.append(("base64", unicodedata.normalize("NFKC", " ".join(decoded)).casefold()))
    seen: set[str] = set()
    unique = []
    for kind, copy in out:
        if copy not in seen:
            seen.add(copy)
            unique.append((kind, copy))
    return unique


# Kana by rough frequency in Japanese text, and frequent pairs: enough to choose between the readings that
# differ in one base64 letter's case (which moves a character by 26 code points, as て↔が, テ↔ム).
_KANA_BY_FREQUENCY = "のいてにとしたはるがかなをですれらっまくもうこりおあきどよけださんえせつちやわめみろそばじご"
_KATAKANA_BY_FREQUENCY = "ンールトスイクラリタシドプレアコテメジカフロマッキサデバブパミセグムビニオ"
_KANA_SCORE = {ch: 6.0 - 2.0 * i / len(order) for order in (_KANA_BY_FREQUENCY, _KATAKANA_BY_FREQUENCY)
               for i, ch in enumerate(order)}
_PAIRS = frozenset({
    "して", "てく", "くだ", "ださ", "さい", "ます", "です", "ない", "った", "って",
    "では", "には", "から", "まで", "こと", "ての", "を教", "教え", "えて", "ルー",
    "ール", "シス", "ステ", "テム", "プロ", "ロン", "ンプ", "プト", "モー", "ード",
    "パス", "スワ", "ワー", "ユー", "ザー", "デー", "ータ",
})


def _char_score(char: str, previous: str) -> float:
    """How plausible one decoded non-ASCII character is after `previous`: frequent kana and common kanji
    (JIS level 1) most, rare kanji little, anything else hardly at all; a frequent pair earns a bonus."""
    code = ord(char)
    bonus = 2.0 if previous + char in _PAIRS else 0.0
    if 0x3040 <= code <= 0x30FF:
        return _KANA_SCORE.get(char, 3.0) + bonus
    if 0x4E00 <= code <= 0x9FFF:
        try:
            return (5.0 if char.encode("shift_jis")[0] <= 0x98 else 2.0) + bonus
        except UnicodeEncodeError:
            return 0.5
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
        return 4.0
    return 1.0 if unicodedata.category(char)[0] in "LNPZ" else 0.0


def _step(byte: int, partial: bytes, previous: str) -> tuple[float, bytes, str] | None:
    """(plausibility gained, bytes of an unfinished character, last whole character) after one more byte;
    None when the bytes are not text."""
    if partial:
        if not 0x80 <= byte <= 0xBF:
            return None
        partial += bytes([byte])
        needed = 2 if partial[0] < 0xE0 else 3 if partial[0] < 0xF0 else 4
        if len(partial) < needed:
            return 0.0, partial, previous
        try:
            char = partial.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return _char_score(char, previous), b"", char
    if byte >= 0x80:
        return (0.0, bytes([byte]), previous) if 0xC2 <= byte <= 0xF4 else None
    char = chr(byte)
    if char.isalpha():
        return (2.0 if char.islower() else 1.5), b"", char
    if char == " ":
        return 1.5, b"", char
    return (0.5, b"", char) if char.isprintable() or char in "\n\t" else None


def decode_casefolded_base64(run: str) -> str | None:
    """The most plausible text whose base64, casefolded, is `run`; None when no reading is text."""
    body = run.rstrip("=")
    if len(body) % 4 == 1 or len(body) < MIN_BASE64_CHARS:
        return None
    # Viterbi over groups of four characters; the state is the unfinished UTF-8 character at the group's end.
    paths: dict[bytes, tuple[float, bytes, str]] = {b"": (0.0, b"", "")}
    for start in range(0, len(body), 4):
        group = body[start : start + 4]
        n_bytes = len(group) * 6 // 8
        readings = [0]
        for ch in group:
            readings = [(r << 6) | v for r in readings for v in _B64_VALUES[ch]]
        step: dict[bytes, tuple[float, bytes, str]] = {}
        for state, (score, decoded, last) in paths.items():
            for reading in readings:
                chunk = (reading << (6 * (4 - len(group)))).to_bytes(3, "big")[:n_bytes]
                total, partial, previous = score, state, last
                for byte in chunk:
                    scored = _step(byte, partial, previous)
                    if scored is None:
                        break
                    total, partial, previous = total + scored[0], scored[1], scored[2]
                else:
                    if partial not in step or step[partial][0] < total:
                        step[partial] = (total, decoded + chunk, previous)
        if not step:
            return None
        paths = step
    if b"" not in paths:
        return None
    return paths[b""][1].decode("utf-8")
