"""Where the page sends people when the FAQ cannot help: the office finder and the HWIS help desk.

Facts only from official pages, each cited in `source`. No official page we could read gives the HWIS
help desk's telephone number and hours, so the page does not print any: it says where the site lists
its contact (ヘルプデスク) and links the official pages, in the wording of the vetted FAQ entry
about-006 (faq/data/entries/about.yaml), whose source is the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from guardrails.access import HELLOWORK_OFFICES_URL


@dataclass(frozen=True)
class ContactLink:
    title: str
    url: str
    source: str  # the official page the title and URL come from


OFFICES = ContactLink(
    "全国のハローワークの所在地（管轄のハローワークを探す）",
    HELLOWORK_OFFICES_URL,
    source=HELLOWORK_OFFICES_URL,
)
OFFICES_NOTE = (
    "手続きや個別のご相談は、仕事を探す方はお住まいを管轄するハローワーク、"
    "事業主の方は事業所を管轄するハローワークにお問い合わせください。"
)
HELP_DESK_NOTE = (
    "ハローワークインターネットサービスの操作方法が分からない場合は、"
    "サイトに掲載されているお問い合わせ先（ヘルプデスク）をご利用ください。"
)
HELP_DESK_LINKS = (
    ContactLink(
        "ハローワークインターネットサービス（お問い合わせ先の掲載ページ）",
        "https://www.hellowork.mhlw.go.jp/",
        source="https://www.hellowork.mhlw.go.jp/",
    ),
    ContactLink(
        "よくあるご質問（仕事をお探しの方）",
        "https://www.hellowork.mhlw.go.jp/help/question02.html",
        source="https://www.hellowork.mhlw.go.jp/help/question02.html",
    ),
    ContactLink(
        "よくあるご質問（事業主の方）",
        "https://www.hellowork.mhlw.go.jp/help/question04.html",
        source="https://www.hellowork.mhlw.go.jp/help/question04.html",
    ),
)
