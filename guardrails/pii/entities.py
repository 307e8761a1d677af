"""Entity types the PII guard detects, and the typed placeholder each is masked with.

Placeholders use full-width angle brackets. NFKC folds ＜＞ to <>, so once the text
is normalised a full-width bracket can only come from the masker: nothing the user
typed can pass for a placeholder, and downstream guards can tell the two apart.
"""

from __future__ import annotations

import re

PERSON = "PERSON"
PHONE_NUMBER = "PHONE_NUMBER"
EMAIL_ADDRESS = "EMAIL_ADDRESS"
MY_NUMBER = "JP_MY_NUMBER"
EMPLOYMENT_INSURANCE_NUMBER = "JP_EMPLOYMENT_INSURANCE_NUMBER"
JOB_SEEKER_NUMBER = "JP_JOB_SEEKER_NUMBER"
BASIC_PENSION_NUMBER = "JP_BASIC_PENSION_NUMBER"
ADDRESS = "JP_ADDRESS"
POSTAL_CODE = "JP_POSTAL_CODE"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
BANK_ACCOUNT = "JP_BANK_ACCOUNT"
CREDIT_CARD = "CREDIT_CARD"
PASSPORT_NUMBER = "JP_PASSPORT_NUMBER"
RESIDENCE_CARD_NUMBER = "JP_RESIDENCE_CARD_NUMBER"

PLACEHOLDERS: dict[str, str] = {
    PERSON: "＜氏名＞",
    PHONE_NUMBER: "＜電話番号＞",
    EMAIL_ADDRESS: "＜メールアドレス＞",
    MY_NUMBER: "＜マイナンバー＞",
    EMPLOYMENT_INSURANCE_NUMBER: "＜雇用保険被保険者番号＞",
    JOB_SEEKER_NUMBER: "＜求職番号＞",
    BASIC_PENSION_NUMBER: "＜基礎年金番号＞",
    ADDRESS: "＜住所＞",
    POSTAL_CODE: "＜郵便番号＞",
    DATE_OF_BIRTH: "＜生年月日＞",
    BANK_ACCOUNT: "＜口座番号＞",
    CREDIT_CARD: "＜クレジットカード番号＞",
    PASSPORT_NUMBER: "＜旅券番号＞",
    RESIDENCE_CARD_NUMBER: "＜在留カード番号＞",
}
STRUCTURED = frozenset(PLACEHOLDERS) - {PERSON}
ALL_ENTITIES = tuple(PLACEHOLDERS)
PLACEHOLDER_RE = re.compile("|".join(map(re.escape, PLACEHOLDERS.values())))


def placeholder(entity: str) -> str:
    """The placeholder for an entity type (unknown types get a generic one)."""
    return PLACEHOLDERS.get(entity, "＜個人情報＞")
