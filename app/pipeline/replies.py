"""What the orchestrator returns: replies, answer cards and menu views (plain data)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from faq.schema import FaqEntry
from guardrails.access import HELLOWORK_OFFICES_URL
from menus.tree import MenuNode, MenuTree

ReplyKind = Literal["menu", "answer", "clarify", "no_answer", "blocked"]

HANDOFF_MESSAGE = (
    "申し訳ありません。このご質問にお答えできるFAQが見つかりませんでした。"
    "言い方を変えてもう一度お試しいただくか、メニューからお選びください。"
    "お急ぎの場合は、お近くのハローワークの窓口でご相談ください。"
)
HANDOFF_LINKS = (
    {"title": "全国のハローワークの所在地", "url": HELLOWORK_OFFICES_URL},
    {"title": "ハローワークインターネットサービス", "url": "https://www.hellowork.mhlw.go.jp/"},
)
ANSWER_NOTICE = (
    "この回答はAIがFAQの中から選んだもので、誤っている場合があります。詳しくはリンク先の公式ページをご確認ください。"
)
CLARIFY_MESSAGE = "ご質問に近いものを選んでください。"
# When the conversation's side is unknown and the offered entries belong to both sides, the clarify
# step asks which side the user is on: each choice says whom it is for (issue #15, item 2).
CLARIFY_SIDE_MESSAGE = (
    "仕事を探している方と事業主の方とで、ご案内が異なります。ご自身の立場に合うものを選んでください。"
)
SIDE_LABELS: dict[str, str] = {"job_seeker": "仕事を探している方", "employer": "事業主の方"}
# Shown with a hand-off until there are enough turns to count what people ask most (see issue #17):
# the questions job seekers and employers start with, one per main topic.
POPULAR_QUESTIONS: dict[str, tuple[str, ...]] = {
    "job_seeker": ("js-insurance-001", "js-account-001", "js-search-001", "js-apply-001", "js-counsel-001"),
    "employer": ("em-offer-001", "em-account-001", "em-establishment-001", "em-selection-001", "em-subsidy-001"),
    "": ("about-001", "js-insurance-001", "js-search-001", "em-offer-001", "js-account-001"),
}


@dataclass(frozen=True)
class AnswerCard:
    faq_id: str
    faq_version: str
    question: str
    text: str
    links: list[dict[str, str]]
    reviewed: str

    @classmethod
    def of(cls, entry: FaqEntry, version: str) -> AnswerCard:
        return cls(
            faq_id=entry.id,
            faq_version=version,
            question=entry.question,
            text=entry.answer,  # byte for byte the stored answer
            links=[{"title": link.title, "url": str(link.url)} for link in entry.links],
            reviewed=entry.reviewed.isoformat(),
        )


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    message: str
    answer: AnswerCard | None = None
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    menu: dict[str, Any] | None = None
    remaining_today: int | None = None
    turn_id: str | None = None
    # when personal data was removed: the question as stored (normalised, with placeholders), for the
    # page to show in place of what was typed
    masked_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def node_view(tree: MenuTree, node: MenuNode) -> dict[str, Any]:
    """A menu node with its children, as the API shows it."""
    return {
        "id": node.id,
        "label": node.label,
        "kind": node.kind,
        "ask": node.ask,
        "audience": node.audience,
        "parent": node.parent,
        "faq_id": node.faq_id,
        "path": [{"id": n.id, "label": n.label} for n in tree.path(node.id)],
        "children": [
            {"id": child.id, "label": child.label, "kind": child.kind} for child in (tree.get(c) for c in node.children)
        ],
    }
