"""Phone numbers and e-mail addresses as Japanese users write them."""

from __future__ import annotations

from functools import lru_cache

import regex
import tldextract
from presidio_analyzer import Pattern

from guardrails.pii import entities
from guardrails.pii.base import DASH, NOT_AFTER_ALNUM, NOT_BEFORE_DIGIT, SEP, JaPatternRecognizer
from guardrails.pii.checksums import digits_only

_OPEN = r"[(\[]"
_CLOSE = r"[)\]]"
_COUNTRY = r"(?:\+|00)81\s?" + DASH + r"?\s?\(?0?\)?"


class JaPhoneRecognizer(JaPatternRecognizer):
    """Landline, mobile (070/080/090), IP (050), toll-free (0120/0800), navi dial (0570), +81.

    Hyphens of every kind (including the long-vowel mark ー typed for a hyphen),
    spaces, dots and brackets around the area code; full-width digits arrive here
    as ASCII after NFKC. Validation: 10 or 11 digits once +81 is read as 0.
    """

    ENTITY = entities.PHONE_NUMBER
    PATTERNS = (
        Pattern("grouped", rf"{NOT_AFTER_ALNUM}(?:{_COUNTRY}|0)\d{{1,4}}(?:{SEP}|{_CLOSE}\s?)\d{{1,4}}{SEP}\d{{3,4}}"
                rf"{NOT_BEFORE_DIGIT}", 0.6),
        Pattern("bracketed", rf"{NOT_AFTER_ALNUM}{_OPEN}0\d{{1,4}}{_CLOSE}\s?\d{{1,4}}{SEP}?\d{{3,4}}"
                rf"{NOT_BEFORE_DIGIT}", 0.6),
        Pattern("area_bracketed", rf"{NOT_AFTER_ALNUM}0\d{{1,4}}\s?{_OPEN}\d{{1,4}}{_CLOSE}\s?\d{{3,4}}"
                rf"{NOT_BEFORE_DIGIT}", 0.6),
        Pattern("mobile_plain", rf"{NOT_AFTER_ALNUM}0[5-9]0\d{{8}}{NOT_BEFORE_DIGIT}", 0.6),
        Pattern("landline_plain", rf"{NOT_AFTER_ALNUM}0[1-9]\d{{8}}{NOT_BEFORE_DIGIT}", 0.45),
        Pattern("international_plain", rf"{NOT_AFTER_ALNUM}\+81\s?[1-9]\d{{8,9}}{NOT_BEFORE_DIGIT}", 0.6),
    )
    CONTEXT = ("電話", "tel", "携帯", "連絡先", "番号", "ファックス", "fax", "けいたい", "でんわ", "スマホ")

    def validate_result(self, pattern_text: str) -> bool | None:
        """10 or 11 digits starting with 0 (or +81 followed by 9 or 10 digits)."""
        text = pattern_text.strip()
        digits = digits_only(text)
        if text.startswith(("+81", "0081")):
            digits = "0" + digits[(2 if text.startswith("+") else 4) :].lstrip("0")
        if not digits.startswith("0") or len(digits) not in (10, 11):
            return False
        return None


@lru_cache(maxsize=1)
def offline_tld_extractor() -> tldextract.TLDExtract:
    """A TLDExtract that only reads the snapshot bundled with the package: never a download."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


_LOCAL = r"[a-z0-9](?:[a-z0-9._%+\-]{0,62}[a-z0-9_%+\-])?"
_DOMAIN = r"(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}"
_AT_WORD = (r"\s?(?:@|\(at\)|\[at\]|<at>|\{at\}|\(?(?:@マーク|アット\s?マーク|あっと\s?まーく|アット|あっと)\)?|[★☆]"
            r"|\sat(?:\s?mark)?\s)\s?")
_DOT_WORD = r"(?:\.|\s\.\s|\s?(?:\(dot\)|\[dot\]|<dot>|\{dot\}|\(?(?:ドット|どっと)\)?)\s?|\sdot\s)"
_JOIN_WORD = r"\s?(?:ハイフン|はいふん|アンダーバー|あんだーばー|アンダースコア)\s?"
_SPELLED_LOCAL = rf"{_LOCAL}(?:(?:{_DOT_WORD}|{_JOIN_WORD}){_LOCAL})*"
# Domains and top-level domains as people read them out in katakana (ジーメール ドットコム).
KANA_DOMAINS = {"ジーメール": "gmail", "じーめーる": "gmail", "ヤフー": "yahoo", "やふー": "yahoo", "ドコモ": "docomo",
                "どこも": "docomo", "エーユー": "au", "ソフトバンク": "softbank", "アイクラウド": "icloud",
                "ホットメール": "hotmail", "アウトルック": "outlook", "イージーウェブ": "ezweb"}
KANA_TLDS = {"ドットコム": ".com", "どっとこむ": ".com", "ドットジェーピー": ".jp", "ドットジェイピー": ".jp",
             "ドットネット": ".net", "どっとねっと": ".net", "ドットシーオー": ".co", "ドットエヌイー": ".ne"}
_KANA_DOMAIN = "|".join(KANA_DOMAINS)
_KANA_TLD = rf"\s?(?:{'|'.join(KANA_TLDS)})"
_LABEL = rf"(?:[a-z0-9\-]{{1,63}}|{_KANA_DOMAIN})\s?"
_OBFUSCATED_DOMAIN = rf"{_LABEL}(?:(?:{_DOT_WORD}{_LABEL})*(?:{_DOT_WORD}[a-z]{{2,24}}|{_KANA_TLD})+)"
_WORDS_TO_SYMBOLS = (
    (regex.compile(_KANA_TLD), lambda m: KANA_TLDS[m.group().strip()]),
    (regex.compile(_KANA_DOMAIN), lambda m: KANA_DOMAINS[m.group()]),
    (regex.compile(_AT_WORD), lambda m: "@"),
    (regex.compile(_DOT_WORD), lambda m: "."),
    (regex.compile(_JOIN_WORD), lambda m: "-"),
)


def spelled_out_address(text: str) -> str:
    """The address an e-mail written out in words stands for (taro アットマーク example ドット com)."""
    out = text.casefold().strip()
    for pattern, symbol in _WORDS_TO_SYMBOLS:
        out = pattern.sub(symbol, out)
    return out.replace(" ", "")


class JaEmailRecognizer(JaPatternRecognizer):
    """E-mail addresses glued to Japanese text ("メールはtaro@example.comです"), also written out.

    Written out: アットマーク/アット/(at)/★ for @, ドット/(dot) for the dots, ハイフン and
    アンダーバー in the local part, common providers and top-level domains read out in katakana
    (ジーメール ドットコム), with or without spaces around the words. The digit view is
    not used: the dots of an address are not separators between numbers.
    """

    ENTITY = entities.EMAIL_ADDRESS
    PATTERNS = (
        Pattern("address", rf"(?<![a-z0-9._%+\-]){_LOCAL}\s?@\s?{_DOMAIN}(?![a-z0-9\-])", 0.8),
        Pattern("spelled_out", rf"(?<![a-z0-9._%+\-]){_SPELLED_LOCAL}{_AT_WORD}{_OBFUSCATED_DOMAIN}(?![a-z0-9\-])",
                0.6),
    )
    CONTEXT = ("メール", "mail", "アドレス", "e-mail", "連絡先")
    USE_DIGIT_VIEW = False

    def validate_result(self, pattern_text: str) -> bool | None:
        """The domain must end in a public suffix (read from tldextract's bundled list)."""
        address = spelled_out_address(pattern_text)
        if "@" not in address:
            return False
        domain = address.rsplit("@", 1)[-1].strip(" )]}>")
        suffix = offline_tld_extractor()(domain).suffix
        return None if suffix else False
