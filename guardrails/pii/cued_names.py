"""Names the token scorer cannot see: in hiragana, katakana or romaji, next to a cue or in a name pair.

Sudachi splits やまだたろう into pieces and knows nothing of "taro yamada" (the guard
sees casefolded text, so capitals cannot help either). Here a *cue* says where a name
is and the name words (name_words: SudachiDict, then the reading table) say whether the
words there can be one. The stronger the cue, the less the words need to prove:

- STRONG — 「…と申します」, 「氏名は…」「名前は…」, "my name is …": every word reads as a name
  (or one kana word cuts into surname + given name);
- HONORIFIC — 「…さん/様/くん/ちゃん/氏」, "mr …", "…-san", 「担当者は…」: one name word, not
  a kinship word or greeting (おかあさん, おつかれさま), nor a word that takes さん as a
  piece of itself (けいさん 計算) or the number three before a counter (さんかげつ);
- SELF — 「私は…です」, "i am …": a name the dictionary lists, a reading of three kana or
  more, or surname + given name;
- BARE — 「…です」 opening the message: only surname + given name (やまだ たろうです), or a
  listed name.

The recognizer also reports romaji and kana surname + given-name pairs and names spelled
with spaces between the characters (name_pairs.py). Nothing here looks at a word without
a cue or a surname + given-name pair, so a question written in hiragana (しつぎょうほけんは
いつ もらえますか) keeps its words.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.pii import entities as pii_entities
from guardrails.pii.name_pairs import glued_kana_names, kana_pairs, latin_pairs, mixed_names, spaced_names
from guardrails.pii.name_readings import SURNAME
from guardrails.pii.name_words import NameWords

SCORE = 0.85
STRONG, HONORIFIC, SELF, BARE = 3, 2, 1, 0
MAX_STRETCH = 24  # characters searched for the name beside a cue
MAX_WORDS = 3

_KANA = r"\p{Hiragana}\p{Katakana}ー"
_BEFORE_CUES = regex.compile(
    r"(?P<strong>\s?(?:と|って)\s?(?:申し|申す|もうし|もうす|いいます|言います|いう者|いうもの)"
    r"|\sto\s(?:moushimasu|moshimasu|mōshimasu|iimasu)(?![a-z]))"
    r"|(?P<honorific>\s?(?:さん|さま|様|くん|君|ちゃん|氏|殿)|[-\s](?:san|sama|kun|chan)(?![a-z]))"
    r"|(?P<desu>\s?(?:です|でございます)(?![\p{Hiragana}]{0,1}(?:ね|よ)?か)|\sdesu(?![a-z]))"
)
_AFTER_CUES = regex.compile(
    r"(?P<strong>(?:(?:氏名|名前|なまえ|お名前)(?:\((?:フリガナ|ふりがな|カナ|かな|ローマ字)\))?|本名|ほんみょう|フルネーム"
    r"|フリガナ|ふりがな|よみがな|ヨミガナ|my name is|my name's|name is|(?<![a-z])(?:full )?name(?=\s?[:=])"
    r"|(?<![a-z])namae\s(?:wa|ha)(?![a-z]))"
    r"\s?(?:[はが:=]\s?[、,]?|[、,])?\s?)"
    r"|(?P<self>(?:私|わたし|わたくし|僕|ぼく|俺|おれ)\s?[は、]\s?"
    r"|(?<![a-z])(?:i am|i'm|this is|(?:watashi|boku)\s(?:wa|ha))\s)"
    r"|(?P<honorific>(?<![a-z])(?:mr|ms|mrs|miss|dr)(?:\.\s?|\s)|担当者?(?:は|:|の)\s?)"
    r"|(?P<kin>(?:娘|息子|夫|妻|主人|母|父|兄|姉|弟|妹|祖母|祖父|子ども|子供|むすめ|むすこ|おっと|つま)(?:の|は)\s?)"
)
_COUNTER = regex.compile(  # さん before a counter is the number three (さんかげつ, さんまんえん)
    r"\s?(?:まん|おく|せん|びゃく|ひゃく|じゅう|にん|ねん|かげつ|かい|ど|ばい|じかん|ぷん|ふん|にち|がつ|さい|えん|わり"
    r"|[万億千百十人年回度倍時分日月歳円割個])"
)
_END_OF_NAME = regex.compile(
    r"\s?(?:です|でございます|と申|ともうし|といい|と言|って|になります)|\s(?:desu|to\s)(?![a-z])"
)
# After a kinship cue the name ends where a word ends: one particle, then no more kana (娘のさくらが応募;
# not 娘の しご|とを, a cut inside しごと).
_KIN_NAME_END = regex.compile(r"$|[\s、。,.!?！？]|(?:さん|ちゃん|くん)|[はがのをにもへとで](?![\p{Hiragana}])")
_SEPARATED = regex.compile(r"[はが:=、\s]$")
_NAME_END = regex.compile(r"$|[\s、。,.!?！？]|です|でございます|と申|ともうし|といい|さん|さま|様")
_SELF_END = regex.compile(r"\s?(?:です|でございます|と申|ともうし|といい|と言|[。!！]|$)")
_PARTICLES = frozenset("はがのをにもへとで")
_HIRAGANA, _HAN = regex.compile(r"\p{Hiragana}"), regex.compile(r"[\p{Han}々]")
_OPENING = regex.compile(
    r"(?:^|[。、,.!！?？\n]|(?:はい|こんにちは|こんばんは|はじめまして|おはようございます|もしもし|お世話になります)[、,\s]*)\s*$"
)

def _script(ch: str) -> str:
    if regex.match(rf"[{_KANA}]", ch):
        return "kana"
    if "a" <= ch <= "z" or ch == "'":
        return "latin"
    return ""


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the words (split at spaces and ・) of text[start:end]."""
    return [(start + m.start(), start + m.end()) for m in regex.finditer(r"[^\s・]+", text[start:end])]


class CuedNameRecognizer(EntityRecognizer):
    """PERSON for kana and romaji names beside a cue, name pairs and names spelled with spaces."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[pii_entities.PERSON], name="CuedNameRecognizer",
                         supported_language="ja")
        self._words: NameWords | None = None

    def load(self) -> None:
        """Nothing to load: the lexicon comes with the NLP engine's artifacts."""

    def name_words(self, nlp_artifacts: NlpArtifacts | None) -> NameWords:
        if self._words is None:
            engine = getattr(nlp_artifacts, "nlp_engine", None)
            self._words = NameWords(getattr(engine, "lexicon", None))
        return self._words

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        """PERSON results for every span found by the cues, the name pairs and the spaced names."""
        if pii_entities.PERSON not in entities:
            return []
        words = self.name_words(nlp_artifacts)
        spans = (set(self.cued(text, words)) | set(latin_pairs(text, words)) | set(kana_pairs(text, words))
                 | set(mixed_names(text, words)) | set(spaced_names(text, words)) | set(glued_kana_names(text, words)))
        return [RecognizerResult(pii_entities.PERSON, s, e, SCORE) for s, e in sorted(spans)]

    def cued(self, text: str, words: NameWords) -> Iterator[tuple[int, int]]:
        for cue in _BEFORE_CUES.finditer(text):
            kind = cue.lastgroup
            tier = STRONG if kind == "strong" else HONORIFIC if kind == "honorific" else BARE
            if cue.start() == 0 or not (script := _script(text[cue.start() - 1])):
                continue
            if tier == HONORIFIC and _COUNTER.match(text, cue.end()):
                continue  # さん かげつ, さんまんえん: the number three
            start = cue.start()
            while start > max(0, cue.start() - MAX_STRETCH) and (
                _script(text[start - 1]) == script or (text[start - 1] in " ・" and start - 1 > 0
                                                       and _script(text[start - 2]) == script)):
                start -= 1
            found = self.name_at_end(text, start, cue.start(), tier, words)
            if found and not (tier == HONORIFIC and words.info(text[found[0] : cue.end()].replace(" ", "")).common):
                yield found  # not けいさん (計算), せいさん
        for cue in _AFTER_CUES.finditer(text):
            kind = cue.lastgroup or "self"
            tier = {"strong": STRONG, "self": SELF, "honorific": HONORIFIC, "kin": HONORIFIC}[kind]
            end = cue.end()
            if end >= len(text) or not (script := _script(text[end])):
                continue
            while end < min(len(text), cue.end() + MAX_STRETCH) and (
                _script(text[end]) == script or (text[end] in " ・" and end + 1 < len(text)
                                                 and _script(text[end + 1]) == script)):
                end += 1
            # 名前から: no は, colon or space after the cue word; 娘のさくらが: a kinship word and の end the cue
            glued = kind != "kin" and not _SEPARATED.search(cue.group())
            found = self.name_at_start(text, cue.end(), end, tier, words, glued)
            if found and (kind != "kin" or _KIN_NAME_END.match(text, found[1])):
                yield found

    def name_at_end(self, text: str, start: int, end: int, tier: int, words: NameWords) -> tuple[int, int] | None:
        """The longest name that ends at `end` within text[start:end] (the cue follows it)."""
        spans = _words(text, start, end)
        best = None
        for k in range(1, min(MAX_WORDS, len(spans)) + 1):
            first_start, first_end = spans[-k]
            cuts = [first_start] + [i for i in range(first_start + 1, first_end - 1) if text[i - 1] in _PARTICLES
                                    and k == 1]  # わたしは|やまだたろう: cut one run of kana after a particle
            for cut in cuts:
                if cut > 0 and _HIRAGANA.match(text, cut) and _HAN.match(text, cut - 1):
                    continue  # 答えるくん: kana glued to a kanji is the end of a word, not a name
                parts = [text[cut:first_end]] + [text[s:e] for s, e in spans[len(spans) - k + 1 :]]
                if tier == BARE and not _OPENING.search(text[:cut]):
                    continue
                if self.accept(parts, tier, words) and (best is None or cut < best[0]):
                    best = (cut, end)
        return best

    def name_at_start(self, text: str, start: int, end: int, tier: int, words: NameWords, glued: bool = False
                      ) -> tuple[int, int] | None:
        """The longest name that starts at `start` within text[start:end] (the cue precedes it); a name `glued`
        to its cue must end where a name ends (a space, punctuation, です, さん …)."""
        stop = _END_OF_NAME.search(text, start, end)
        if stop:
            end = stop.start()
        spans = _words(text, start, end)
        best = None
        for k in range(1, min(MAX_WORDS, len(spans)) + 1):
            head = [text[s:e] for s, e in spans[: k - 1]]
            last_start, last_end = spans[k - 1]
            cuts = [last_end] + [i for i in range(last_start + 2, last_end) if text[i] in _PARTICLES]
            for cut in cuts:
                ended = text[cut - 1 : cut].isascii() or _SELF_END.match(text, cut)  # "i'm taro from …"
                if (tier == SELF and not ended) or (glued and not _NAME_END.match(text, cut)):
                    continue
                if self.accept([*head, text[last_start:cut]], tier, words) and (best is None or cut > best[1]):
                    best = (start, cut)
        return best

    @staticmethod
    def accept(parts: list[str], tier: int, words: NameWords) -> bool:
        """Whether `parts` (the words of a candidate) make a name under a cue of this tier."""
        latin = parts[0].isascii()
        if len(parts) == 1 and not latin and not words.info(parts[0]).named and (split := words.split(parts[0])):
            parts = list(split)  # やまだたろう: surname + given name in one run of kana
        infos = [words.info(p) for p in parts]
        if len(parts) == 2 and words.full_name(parts, either_order=latin, known=tier <= SELF):
            if tier != BARE:
                return True
            return words.romaji_full_name(*parts) if latin else any(i.listed for i in infos)
        if tier == BARE or not all(i.named for i in infos):
            known = bool(infos[0].listed) or (SURNAME in infos[0].frequent and len(parts[0]) >= 3)  # はやしだです
            return tier == BARE and len(parts) == 1 and known and not infos[0].common
        if tier >= HONORIFIC:
            return len(parts) == 1 or (tier == STRONG and len(parts) <= MAX_WORDS)
        # SELF: one word the dictionary lists, or a reading of three kana or more (four letters)
        return len(parts) == 1 and (bool(infos[0].listed) or len(parts[0]) >= (4 if latin else 3))
