"""Per FAQ entry: how often it was shown, what users said of it, how often a clarify step passed it
over, and what reviewers labelled it — which answers disappoint.

- 表示: turns that showed the entry (typed questions, menus and picks after a clarify step).
- 解決した / 解決しなかった: feedback on those turns, with the reasons given.
- 聞き返しで選ばれなかった: clarify steps that offered the entry and where the user chose
  「どれにも当てはまらない」 or opened another offered entry.
- ラベル 正しい / 誤り: reviewer labels on typed questions that showed the entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from app.staff.turn_facts import turn_facts
from app.storage.repository import Repository


@dataclass
class FaqQuality:
    faq_id: str
    shown: int = 0
    shown_typed: int = 0
    helpful: int = 0
    not_helpful: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    offered: int = 0  # in clarify steps
    rejected: int = 0  # offered, and the user chose none of these or another entry
    labelled_correct: int = 0
    labelled_wrong: int = 0

    @property
    def not_helpful_share(self) -> float | None:
        votes = self.helpful + self.not_helpful
        return self.not_helpful / votes if votes else None


SORTS = {
    "faq_id": "FAQのID",
    "shown": "表示",
    "helpful": "解決した",
    "not_helpful": "解決しなかった",
    "not_helpful_share": "解決しなかった割合",
    "rejected": "聞き返しで選ばれなかった",
    "labelled_correct": "ラベル：正しい",
    "labelled_wrong": "ラベル：誤り",
}


def faq_quality(repository: Repository, first: date, last: date, known_ids: list[str]) -> list[FaqQuality]:
    """One row per entry of the current FAQ (and per retired id still found in turns)."""
    rows = {faq_id: FaqQuality(faq_id) for faq_id in known_ids}

    def row(faq_id: str) -> FaqQuality:
        return rows.setdefault(faq_id, FaqQuality(faq_id))

    for fact in turn_facts(repository, first, last):
        if fact.outcome == "answer" and fact.faq_id:
            entry = row(fact.faq_id)
            entry.shown += 1
            entry.shown_typed += fact.input_kind == "text"
            for vote in fact.feedback:
                entry.helpful += vote.helpful
                entry.not_helpful += not vote.helpful
                if not vote.helpful:
                    entry.reasons[vote.reason or "none_given"] += 1
            if fact.input_kind == "text" and fact.verdict in ("correct", "wrong"):
                entry.labelled_correct += fact.verdict == "correct"
                entry.labelled_wrong += fact.verdict == "wrong"
        elif fact.outcome == "clarify":
            passed_over = fact.none_of_these or fact.picked is not None
            for faq_id in fact.suggestions:
                entry = row(faq_id)
                entry.offered += 1
                entry.rejected += passed_over and faq_id != fact.picked
    return list(rows.values())


def sort_rows(rows: list[FaqQuality], key: str, descending: bool) -> list[FaqQuality]:
    key = key if key in SORTS else "shown"
    if key == "faq_id":
        return sorted(rows, key=lambda r: r.faq_id, reverse=descending)

    def value(r: FaqQuality) -> tuple[float, str]:
        v = getattr(r, key)
        number = -1.0 if v is None else float(v)
        return (-number if descending else number, r.faq_id)

    return sorted(rows, key=value)
