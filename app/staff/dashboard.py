"""Dashboard figures over a range of JST days: questions, outcomes, top FAQs, LLM use, feedback."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select

from app.staff.queries import jst_start
from app.staff.wording import OUTCOME_LABELS
from app.storage.models import Feedback, Turn
from app.storage.repository import Repository

TEXT_OUTCOMES = ("answer", "clarify", "no_answer", "blocked")
__all__ = ["OUTCOME_LABELS", "TEXT_OUTCOMES", "Dashboard", "build_dashboard", "jst_day"]


@dataclass
class Dashboard:
    days: list[date]
    questions: list[int] = field(default_factory=list)  # free-text questions per day
    menu_steps: list[int] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)  # free-text questions by outcome
    top_faqs: list[tuple[str, int]] = field(default_factory=list)  # answers shown (menus included)
    llm_calls: list[int] = field(default_factory=list)
    prompt_tokens: list[int] = field(default_factory=list)
    completion_tokens: list[int] = field(default_factory=list)
    helpful: list[int] = field(default_factory=list)
    not_helpful: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "days": [d.isoformat() for d in self.days],
            "questions": self.questions,
            "menu_steps": self.menu_steps,
            "outcomes": dict(self.outcomes),
            "top_faqs": [{"faq_id": f, "count": n} for f, n in self.top_faqs],
            "llm_calls": self.llm_calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "helpful": self.helpful,
            "not_helpful": self.not_helpful,
        }


def jst_day(column: Any, dialect: str) -> Any:
    """The JST calendar day of a UTC timestamp column, in SQL."""
    if dialect == "sqlite":
        return func.date(column, "+9 hours")
    return func.date(func.timezone("Asia/Tokyo", column))


def _llm_call() -> ColumnElement[bool]:
    return or_(Turn.selector == "llm", Turn.selector.like("retrieval(fallback:%"))


def build_dashboard(repository: Repository, first: date, last: date, top: int = 10) -> Dashboard:
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    board = Dashboard(days)
    start, end = jst_start(first), jst_start(last + timedelta(days=1))
    with repository.session() as session:
        dialect = session.get_bind().dialect.name
        turn_day = jst_day(Turn.created_at, dialect)
        in_range = (Turn.created_at >= start, Turn.created_at < end)
        per_day = session.execute(
            select(
                turn_day,
                func.sum(case((Turn.input_kind == "text", 1), else_=0)),
                func.sum(case((Turn.input_kind == "menu", 1), else_=0)),
                func.sum(case((_llm_call(), 1), else_=0)),
                func.sum(func.coalesce(Turn.usage["prompt_tokens"].as_integer(), 0)),
                func.sum(func.coalesce(Turn.usage["completion_tokens"].as_integer(), 0)),
            )
            .where(*in_range)
            .group_by(turn_day)
        ).all()
        outcomes = session.execute(
            select(Turn.outcome, func.count()).where(*in_range, Turn.input_kind == "text").group_by(Turn.outcome)
        ).all()
        top_faqs = session.execute(
            select(Turn.faq_id, func.count().label("n"))
            .where(*in_range, Turn.outcome == "answer", Turn.faq_id.is_not(None))
            .group_by(Turn.faq_id)
            .order_by(func.count().desc(), Turn.faq_id)
            .limit(top)
        ).all()
        feedback_day = jst_day(Feedback.created_at, dialect)
        feedback = session.execute(
            select(feedback_day, Feedback.helpful, func.count())
            .where(Feedback.created_at >= start, Feedback.created_at < end)
            .group_by(feedback_day, Feedback.helpful)
        ).all()
    rows = {str(day)[:10]: values for day, *values in per_day}
    for day in days:
        text, menu, calls, prompt, completion = rows.get(day.isoformat(), (0, 0, 0, 0, 0))
        board.questions.append(int(text or 0))
        board.menu_steps.append(int(menu or 0))
        board.llm_calls.append(int(calls or 0))
        board.prompt_tokens.append(int(prompt or 0))
        board.completion_tokens.append(int(completion or 0))
    board.outcomes = Counter({str(outcome): int(n) for outcome, n in outcomes})
    board.top_faqs = [(str(faq_id), int(n)) for faq_id, n in top_faqs]
    votes = {(str(day)[:10], bool(helpful)): int(n) for day, helpful, n in feedback}
    board.helpful = [votes.get((d.isoformat(), True), 0) for d in days]
    board.not_helpful = [votes.get((d.isoformat(), False), 0) for d in days]
    return board
