"""The orchestrator: every request flows through here, in the order of DESIGN.md.

identity -> ban? -> consent? -> menu step | free text -> quota -> guard chain
(normalise, PII mask, injection, content) -> retrieve (menu scope) -> select ->
vetted answer / clarify / hand-off -> log the masked turn -> reply.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from app.pipeline.access import AccessControl
from app.pipeline.answer_cache import AnswerCache
from app.pipeline.answering import Answering
from app.pipeline.errors import InvalidInput, InvalidTermsVersion, NotFound
from app.pipeline.knowledge import Knowledge
from app.pipeline.replies import (
    ANSWER_NOTICE,
    CLARIFY_MESSAGE,
    CLARIFY_SIDE_MESSAGE,
    HANDOFF_LINKS,
    HANDOFF_MESSAGE,
    POPULAR_QUESTIONS,
    SIDE_LABELS,
    AnswerCard,
    Reply,
    node_view,
)
from app.pipeline.selection import SelectionPolicy
from app.settings import Settings
from app.storage.models import Account, GuardrailEvent, Turn
from app.storage.repository import Repository
from guardrails.chain import GuardChain
from guardrails.pii.entities import PLACEHOLDER_RE
from menus.tree import UnknownMenuNode
from retrieval.llm_selector import LLMSelector
from retrieval.priors import AUDIENCES
from retrieval.selectors import Candidate, RetrievalSelector, Selection

logger = logging.getLogger(__name__)


STALE_TERMS = "利用規約の版が最新ではありません。画面を再読み込みして最新の規約をご確認ください。"


class Concierge:
    """One orchestrator for the API, the CLI and the evaluations."""

    def __init__(
        self,
        settings: Settings,
        knowledge: Knowledge,
        guards: GuardChain,
        repository: Repository,
        llm: LLMSelector | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        cache: AnswerCache | None = None,
        observer: Callable[[Answering], None] | None = None,
    ) -> None:
        self._knowledge = knowledge
        self.guards = guards
        self.repository = repository
        self.clock = clock
        self._llm = llm
        self._cache = cache
        self.observer = observer  # e.g. the metrics of each free-text question, recorded at the edge
        self.settings = settings  # builds the access rules and the selection policy once

    @property
    def settings(self) -> Settings:
        return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self._settings = settings
        self._build()

    @property
    def llm(self) -> LLMSelector | None:
        return self._llm

    @llm.setter
    def llm(self, llm: LLMSelector | None) -> None:
        self._llm = llm
        self._build()

    @property
    def cache(self) -> AnswerCache | None:
        """The per-worker answer cache, only without an LLM (with one, answers may differ between calls)."""
        return self._cache if self._llm is None else None

    @cache.setter
    def cache(self, cache: AnswerCache | None) -> None:
        self._cache = cache

    @property
    def knowledge(self) -> Knowledge:
        return self._serving[0]

    @knowledge.setter
    def knowledge(self, knowledge: Knowledge) -> None:
        """Serve another FAQ version: the selection policy for it is built first, then both are
        swapped in with one assignment, so a question never sees one without the other."""
        self._knowledge = knowledge
        self._build()

    def _build(self) -> None:
        """Build what depends on the settings and the knowledge: once per change, never per question."""
        settings, knowledge = self._settings, self._knowledge
        confidence = knowledge.confidence
        threshold = settings.answer_threshold
        if threshold is None:
            threshold = confidence.threshold_for(settings.answer_precision_target)
        retrieval = RetrievalSelector(confidence, threshold, settings.clarify_threshold,
                                      vocabulary=knowledge.vocabulary)
        self.access = AccessControl(settings, self.repository, knowledge.store.terms.version, self.clock)
        self._serving = (knowledge, SelectionPolicy(settings, retrieval, self.llm, self.repository, self.clock))

    @property
    def selection(self) -> SelectionPolicy:
        return self._serving[1]

    def consent(self, account: Account, terms_version: str) -> None:
        try:
            self.access.consent(account, terms_version)
        except InvalidTermsVersion as exc:
            raise InvalidInput(STALE_TERMS) from exc

    def remaining_today(self, account: Account) -> int:
        return self.access.remaining_today(account)

    # ---------------------------------------------------------- conversations
    def start_conversation(self, account: Account) -> str:
        self.access.check(account)
        return self.repository.create_conversation(account.id)

    def _own_conversation(self, account: Account, conversation_id: str) -> None:
        conversation = self.repository.get_conversation(conversation_id)
        if conversation is None or conversation.account_id != account.id:
            raise NotFound("指定された会話が見つかりません。新しい会話を始めてください。")

    def message(
        self, account: Account, conversation_id: str, text: str | None, menu: str | None, client_ip: str | None = None
    ) -> Reply:
        """Handle one message: a menu step, or a free-text question (optionally scoped)."""
        self.access.check(account)
        self._own_conversation(account, conversation_id)
        if text is None:
            if menu is None:
                raise InvalidInput("メニューを選ぶか、ご質問を入力してください。")
            return self._menu_step(account, conversation_id, menu)
        cleaned = text.strip()
        if not cleaned:
            raise InvalidInput("ご質問を入力してください。")
        if len(cleaned) > self.settings.max_text_chars:
            raise InvalidInput(f"ご質問は{self.settings.max_text_chars}文字以内で入力してください。")
        scope = self._valid_scope(menu)
        taken = self.access.take_question(account, client_ip)
        try:
            result = self.answer(cleaned, scope, self._audience(account, scope))
            menu_path = self.knowledge.menu.ancestors(scope) if scope else []
            turn = result.to_turn(conversation_id, menu_path, result.faq_version)
            guard = result.guard
            event = None
            if not guard.allowed or guard.suspicious:
                event = GuardrailEvent(
                    account_id=account.id,
                    guard=guard.blocked_by or "injection",
                    reason=guard.reason or "suspicious",
                )
            # One transaction: the turn and its guardrail event are stored together or not at all.
            turn_id = self.repository.save_turn(turn, None, event)
        except Exception:
            self.access.give_back(taken)  # nothing was stored, so the question does not count
            raise
        if self.observer is not None:
            self.observer(result)
        remaining = taken.remaining
        if result.guard.failed:
            self.access.give_back(taken)  # our fault, not the user's: the question does not count
            remaining += 1
        elif result.guard.blocked_by == "injection" and result.guard.score >= self.settings.injection_strike_score:
            self.access.strike(account)
        masked = result.guard.text if result.guard.pii_types and result.guard.text else None
        return replace(result.reply, remaining_today=remaining, turn_id=turn_id, masked_text=masked)

    @staticmethod
    def _audience(account: Account, scope: str | None) -> str | None:
        """Who is asking: the HWIS role from the token, else the side of the menu the user is in."""
        if account.role in AUDIENCES:
            return account.role
        side = (scope or "").split(".", 1)[0]
        return {"js": "job_seeker", "em": "employer"}.get(side)

    def _valid_scope(self, menu: str | None) -> str | None:
        if menu is None:
            return None
        try:
            self.knowledge.menu.get(menu)
        except UnknownMenuNode as exc:
            raise NotFound("指定されたメニューが見つかりません。") from exc
        return menu

    def _menu_step(self, account: Account, conversation_id: str, node_id: str) -> Reply:
        knowledge = self.knowledge  # one FAQ version for the whole step, even if a new one is swapped in
        tree = knowledge.menu
        try:
            node = tree.get(node_id)
        except UnknownMenuNode as exc:
            raise NotFound("指定されたメニューが見つかりません。") from exc
        if node.faq_id:
            card = AnswerCard.of(knowledge.entry(node.faq_id), knowledge.version)
            reply = Reply("answer", ANSWER_NOTICE, answer=card, menu=node_view(tree, node))
        else:
            reply = Reply("menu", node.label, menu=node_view(tree, node))
        turn = Turn(
            conversation_id=conversation_id,
            input_kind="menu",
            masked_text=None,
            menu_path=tree.ancestors(node_id),
            outcome=reply.kind,
            faq_id=node.faq_id,
            faq_version=knowledge.version,
            selector="menu",
        )
        turn_id = self.repository.save_turn(turn, node_id)
        return replace(reply, remaining_today=self.remaining_today(account), turn_id=turn_id)

    def feedback(self, account: Account, turn_id: str, helpful: bool, reason: str | None = None) -> None:
        if self.repository.turn_owner(turn_id) != account.id:
            raise NotFound("指定された回答が見つかりません。")
        self.repository.add_feedback(turn_id, helpful if reason is None else False, reason)

    # ------------------------------------------------------------ answering
    def answer(self, text: str, scope: str | None = None, audience: str | None = None) -> Answering:
        """The free-text pipeline without storage: guards, retrieval, selection (or the cached result)."""
        serving = self._serving  # one FAQ version per question, even if a new one is swapped in meanwhile
        knowledge = serving[0]
        if self.cache is None:
            return self._work_out(serving, text, scope, audience)
        start = time.perf_counter()
        key = self.cache.key(text, scope, knowledge.version, audience)
        found = self.cache.get(key)
        if found is not None:
            return replace(found, timings_ms={"cache_hit": 1.0, "total": (time.perf_counter() - start) * 1000})
        result = self._work_out(serving, text, scope, audience)
        self.cache.put(key, result)
        return result

    def _work_out(
        self, serving: tuple[Knowledge, SelectionPolicy], text: str, scope: str | None, audience: str | None = None
    ) -> Answering:
        knowledge, selector = serving
        timings: dict[str, float] = {}
        start = time.perf_counter()
        guard = self.guards.run(text)
        timings.update({f"guard_{k}": v for k, v in guard.timings_ms.items()})
        notices = [guard.message] if guard.allowed and guard.message else []
        if not guard.allowed:
            timings["total"] = (time.perf_counter() - start) * 1000
            reply = Reply("blocked", guard.message or "このご質問にはお答えできません。", links=list(HANDOFF_LINKS))
            return Answering(reply, guard, [], None, timings, knowledge.version)
        # Placeholders (＜氏名＞, ＜電話番号＞) are not words the user asked about: they must not steer
        # retrieval, the keyword pick-up or the model.
        query = " ".join(PLACEHOLDER_RE.sub(" ", guard.text).split())
        result = knowledge.retrieve(query, self.settings.retrieval_top_k, scope, audience)
        timings.update({f"retrieval_{k}": v for k, v in result.timings_ms.items()})
        entries = knowledge.store.entries
        candidates = [Candidate(h.doc_id, entries[h.doc_id].question, h.score, h.parts) for h in result.hits]
        tick = time.perf_counter()
        menu_path = [n.label for n in knowledge.menu.path(scope)] if scope else []
        keywords = knowledge.keywords.pick(query)
        selection = selector.select(query, candidates, menu_path, keywords, keywords_only=guard.suspicious)
        timings["select"] = (time.perf_counter() - tick) * 1000
        reply = self._reply_for(knowledge, selection, notices, audience)
        timings["total"] = (time.perf_counter() - start) * 1000
        logger.info(
            "answered",
            extra={
                "outcome": reply.kind,
                "faq_id": selection.faq_id,
                "confidence": round(selection.confidence, 3),
                "total_ms": round(timings["total"], 2),
            },
        )
        return Answering(reply, guard, candidates, selection, timings, knowledge.version)

    def _reply_for(
        self, knowledge: Knowledge, selection: Selection, notices: list[str], audience: str | None = None
    ) -> Reply:
        entries = knowledge.store.entries
        if selection.outcome == "answer" and selection.faq_id in entries:
            card = AnswerCard.of(entries[selection.faq_id], knowledge.version)
            return Reply("answer", ANSWER_NOTICE, answer=card, notices=notices)
        if selection.outcome == "clarify" and selection.suggestions:
            offered = [entries[fid] for fid in selection.suggestions if fid in entries]
            sides = {str(e.audience) for e in offered} & SIDE_LABELS.keys()
            ask_side = audience is None and len(sides) > 1
            suggestions = [
                {"faq_id": e.id, "menu": f"faq.{e.id}",
                 "question": f"【{SIDE_LABELS[str(e.audience)]}】{e.question}"
                 if ask_side and str(e.audience) in SIDE_LABELS else e.question}
                for e in offered
            ]
            message = CLARIFY_SIDE_MESSAGE if ask_side else CLARIFY_MESSAGE
            return Reply("clarify", message, suggestions=suggestions, notices=notices)
        return self._handoff(knowledge, notices, audience)

    def _handoff(self, knowledge: Knowledge, notices: list[str], audience: str | None) -> Reply:
        """No dead end: the audience's own menu (the top menu when unknown) and the questions people of
        that audience start with, besides the way to a Hello Work office. (A question with FAQ words in
        it never gets here: the selector offers its best candidates instead.)"""
        tree, entries = knowledge.menu, knowledge.store.entries
        node_id = {"job_seeker": "js", "employer": "em"}.get(audience or "", tree.root_id)
        try:
            menu = node_view(tree, tree.get(node_id))
        except UnknownMenuNode:
            menu = None
        popular = [
            {"faq_id": fid, "question": entries[fid].question, "menu": f"faq.{fid}"}
            for fid in POPULAR_QUESTIONS.get(audience or "", POPULAR_QUESTIONS[""]) if fid in entries
        ]
        return Reply("no_answer", HANDOFF_MESSAGE, suggestions=popular, links=list(HANDOFF_LINKS), notices=notices,
                     menu=menu)
