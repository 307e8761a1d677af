"""Which selector decides: retrieval thresholds first; the LLM only when retrieval is not
already confident, the daily token budget has room, and there is something to send it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from app.settings import Settings
from app.storage.repository import Repository
from guardrails.access import QuotaDay
from retrieval.llm_prompt import LLMQuery
from retrieval.llm_selector import LLMSelector
from retrieval.selectors import Candidate, RetrievalSelector, Selection

TOKENS_KEY = "__llm_tokens__"


class SelectionPolicy:
    def __init__(
        self,
        settings: Settings,
        retrieval: RetrievalSelector,
        llm: LLMSelector | None,
        repository: Repository,
        clock: Callable[[], datetime],
    ) -> None:
        self.settings = settings
        self.retrieval = retrieval
        self.llm = llm
        self.repository = repository
        self.clock = clock

    def wants_llm(self, decision: Selection) -> bool:
        confident = decision.outcome == "answer" and decision.confidence >= self.settings.llm_skip_confidence
        return self.llm is not None and not confident

    def _budget_left(self) -> bool:
        day = QuotaDay.of(self.clock()).day
        return self.repository.used_today(TOKENS_KEY, day) < self.settings.llm_daily_token_budget

    def select(self, text: str, candidates: Sequence[Candidate], menu_path: Sequence[str],
               keywords: Sequence[str], keywords_only: bool = False) -> Selection:
        """Retrieval decides, or the LLM chooses among the candidates. `keywords_only` (the injection
        guard found the text suspicious): only the picked keywords may reach the model, whatever
        HWIS_LLM_INPUT says."""
        decision = self.retrieval.select(text, candidates)
        if not candidates or not self.wants_llm(decision):
            return decision
        assert self.llm is not None
        if not self._budget_left():
            return replace(decision, reason=f"llm_skipped:budget; {decision.reason}")
        masked = text if self.settings.llm_input == "masked_text" and not keywords_only else None
        if masked is None and not keywords:
            return replace(decision, reason=f"llm_skipped:no_keywords; {decision.reason}")
        query = LLMQuery(tuple(menu_path), tuple(keywords), masked)
        selection = self.llm.select(query, candidates[: self.settings.llm_candidates], decision)
        spent = sum(selection.usage.values())
        if spent:
            self.repository.add_count(TOKENS_KEY, QuotaDay.of(self.clock()).day, spent)
        return selection
