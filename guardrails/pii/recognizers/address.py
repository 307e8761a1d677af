"""Street addresses and postal codes.

A bare city, ward or Hello Work office name ("新宿のハローワーク", "東京都新宿区") says
where a service is, not who someone is, and stays. An address with a block number
(丁目・番地・号 or 2-8-1) points at a household and is masked, with the building and
room that follow it.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.pii import entities
from guardrails.pii.base import DASH, NOT_AFTER_ALNUM, NOT_BEFORE_DIGIT, JaPatternRecognizer

_PREFS = (
    "北海道|東京都|大阪府|京都府|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|"
    "神奈川県|新潟県|富山県|石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|兵庫県|奈良県|和歌山県|"
    "鳥取県|島根県|岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|"
    "鹿児島県|沖縄県"
)
_NAME = r"[\p{Han}\p{Katakana}ヶケが々ー]"
_NUM = r"[0-9０-９一二三四五六七八九十〇]{1,4}"
_LINK = rf"(?:丁目|番地|番|号|{DASH}|の)"
# Block number: at least two groups (2-8-1, 6丁目2番, 123番地の4) or a single group + 番地.
_BLOCK = rf"{_NUM}(?:{_LINK}\s?{_NUM}){{1,3}}(?:番地|番|号)?(?!\d)|{_NUM}番地"
_BUILDING = r"(?:\s?[\p{Han}\p{Katakana}a-z・ー]{1,20}\s?\d{1,4}(?:号室|号)?(?!\d))?"
_MUNICIPALITY = rf"(?:{_NAME}{{1,6}}?[市区町村郡])"
_TOWN = r"(?:大字|字)?(?:[\p{Han}\p{Katakana}ヶ々][\p{Han}\p{Katakana}\p{Hiragana}ヶ々ーa-z]{0,11}?)?"  # 丸の内jpタワー
_ADDRESS_CONTEXT_WORDS = r"(?:住所|住まい|在住|自宅|現住所|居所|所在地|送付先|送り先|届け先)"


class JaAddressRecognizer(JaPatternRecognizer):
    """A postal address down to the block number, optionally with prefecture, building and room."""

    ENTITY = entities.ADDRESS
    PATTERNS = (
        Pattern("municipal", rf"(?:{_PREFS})?\s?{_MUNICIPALITY}{{1,3}}{_TOWN}\s?(?:{_BLOCK}){_BUILDING}", 0.7),
        Pattern(
            "after_context",
            rf"(?<={_ADDRESS_CONTEXT_WORDS}(?:は|が|:|：|を|の)?\s?)(?:{_PREFS})?{_TOWN}(?:{_BLOCK}){_BUILDING}",
            0.6,
        ),
    )
    CONTEXT = ("住所", "住まい", "在住", "自宅", "引っ越", "転居", "送付先")
    USE_DIGIT_VIEW = False  # reads kanji block numbers itself; the view would rewrite 十日町 or 一宮


class JaPostalCodeRecognizer(JaPatternRecognizer):
    """〒123-4567; bare 123-4567 only next to 郵便番号/住所 or when a prefecture follows."""

    ENTITY = entities.POSTAL_CODE
    PATTERNS = (
        Pattern("mark", rf"〒\s?\d{{3}}\s?{DASH}?\s?\d{{4}}{NOT_BEFORE_DIGIT}", 0.8),
        Pattern("before_prefecture", rf"{NOT_AFTER_ALNUM}\d{{3}}{DASH}\d{{4}}(?=\s?(?:{_PREFS}))", 0.7),
        Pattern("code_ctx", rf"{NOT_AFTER_ALNUM}\d{{3}}\s?{DASH}?\s?\d{{4}}{NOT_BEFORE_DIGIT}", 0.3),
    )
    CONTEXT = ("郵便番号", "〒", "住所", "postal", "zip")
    CONTEXT_BEFORE = 12
    CONTEXT_AFTER = 0
