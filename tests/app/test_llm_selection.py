"""LLM selection through an OpenAI-compatible endpoint: request shape, every fallback, the deadline,
the token budget, and that no text from the model can reach a user. The endpoint is a local fake."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.pipeline.concierge import Concierge
from app.pipeline.knowledge import Knowledge
from app.pipeline.llm import build_llm_selector
from app.settings import Settings
from tests.retrieval.fake_openai import FakeOpenAIServer

# Vague enough that retrieval is not confident, so the model is asked.
VAGUE = "登録のことで確認したいことがあります"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def llm_concierge(concierge: Concierge, fake: FakeOpenAIServer) -> Concierge:
    fake.state.mode, fake.state.choose, fake.state.delay = "choice", None, 0.0
    fake.state.requests.clear()
    concierge.settings = concierge.settings.model_copy(update={
        "llm_base_url": fake.base_url, "llm_model": "fake", "llm_timeout": 1.0, "llm_skip_confidence": 1.01,
    })
    concierge.llm = build_llm_selector(concierge.settings)
    return concierge


def test_request_shape_in_keyword_mode(llm_concierge: Concierge, fake: FakeOpenAIServer) -> None:
    text = "田中太郎です。電話は090-1234-5678。求職者マイページのパスワードを忘れてしまった"
    result = llm_concierge.answer(text)
    assert len(fake.state.requests) == 1
    body = fake.state.requests[0]
    candidate_ids = [c.faq_id for c in result.candidates[: llm_concierge.settings.llm_candidates]]
    enum = body["response_format"]["json_schema"]["schema"]["properties"]["faq_id"]["enum"]
    assert enum == [*candidate_ids, "none"]
    assert body["temperature"] == 0 and body["store"] is False and body["max_tokens"] <= 64
    sent = " ".join(m["content"] for m in body["messages"])
    for secret in ("田中", "太郎", "090", "1234", "5678", "忘れてしまった"):
        assert secret not in sent
    payload = json.loads(body["messages"][1]["content"])
    assert set(payload) == {"menu", "candidates", "keywords"} and payload["keywords"]
    assert result.selection is not None and result.selection.selector == "llm"
    assert result.selection.usage == {"prompt_tokens": 123, "completion_tokens": 7}


def test_masked_text_mode_sends_masked_text_only(llm_concierge: Concierge, fake: FakeOpenAIServer) -> None:
    llm_concierge.settings = llm_concierge.settings.model_copy(update={"llm_input": "masked_text"})
    llm_concierge.answer("メールはtaro.yamada@example.jpです。マイページに登録したい")
    sent = fake.state.requests[-1]["messages"][1]["content"]
    assert "taro.yamada" not in sent and "example.jp" not in sent
    assert set(json.loads(sent)) == {"menu", "candidates", "question"}


def test_model_choice_is_shown_as_the_stored_answer(llm_concierge: Concierge, fake: FakeOpenAIServer,
                                                     knowledge: Knowledge) -> None:
    first = llm_concierge.answer(VAGUE)
    pick = first.candidates[1].faq_id
    fake.state.choose = pick
    result = llm_concierge.answer(VAGUE)
    assert result.reply.kind == "answer" and result.reply.answer is not None
    assert result.reply.answer.faq_id == pick
    assert result.reply.answer.text == knowledge.entry(pick).answer


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("unknown", "unknown_id"), ("malformed", "malformed"), ("refusal", "refusal"), ("429", "rate_limited"),
     ("500", "http_500"), ("text", "malformed")],
)
def test_fallbacks(llm_concierge: Concierge, fake: FakeOpenAIServer, mode: str, reason: str) -> None:
    fake.state.mode = mode
    result = llm_concierge.answer(VAGUE)
    assert result.selection is not None
    assert result.selection.reason.startswith(f"llm_fallback:{reason}")
    assert result.reply.kind in {"answer", "clarify", "no_answer"}


def test_model_none_hands_off(llm_concierge: Concierge, fake: FakeOpenAIServer) -> None:
    fake.state.mode = "none"
    result = llm_concierge.answer(VAGUE)
    assert result.reply.kind == "no_answer" and result.selection is not None and result.selection.selector == "llm"


def test_hanging_endpoint_is_cut_at_the_timeout(llm_concierge: Concierge, fake: FakeOpenAIServer) -> None:
    fake.state.mode, fake.state.delay = "slow", 5.0
    start = time.perf_counter()
    result = llm_concierge.answer(VAGUE)
    elapsed = time.perf_counter() - start
    assert result.selection is not None and result.selection.reason.startswith("llm_fallback:timeout")
    assert elapsed <= llm_concierge.settings.llm_timeout + 0.1  # the whole answer, guards and retrieval included


def test_connection_refused_falls_back(concierge: Concierge) -> None:
    concierge.settings = concierge.settings.model_copy(update={
        "llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "fake", "llm_skip_confidence": 1.01})
    concierge.llm = build_llm_selector(concierge.settings)
    result = concierge.answer(VAGUE)
    assert result.selection is not None and result.selection.reason.startswith("llm_fallback:connection_error")


def test_confident_retrieval_skips_the_model(llm_concierge: Concierge, fake: FakeOpenAIServer,
                                             knowledge: Knowledge) -> None:
    llm_concierge.settings = llm_concierge.settings.model_copy(update={"llm_skip_confidence": 0.5})
    answered = [r for r in (llm_concierge.answer(e.question) for e in list(knowledge.store)[:10])
                if r.selection is not None and r.selection.selector == "retrieval" and r.reply.kind == "answer"]
    assert answered, "verbatim FAQ questions should be answered by retrieval alone"
    assert all(r.selection is not None and r.selection.confidence >= 0.5 for r in answered)
    assert len(fake.state.requests) == 10 - len(answered)


def test_no_text_from_the_model_reaches_the_user(llm_concierge: Concierge, fake: FakeOpenAIServer,
                                                  settings: Settings) -> None:
    fake.state.mode = "text"
    with TestClient(create_app(llm_concierge.settings, llm_concierge)) as client:
        client.post("/api/v1/consent", json={"terms_version": llm_concierge.knowledge.store.terms.version})
        conversation = client.post("/api/v1/conversations").json()["id"]
        for mode in ("text", "unknown", "choice"):
            fake.state.mode = mode
            body = client.post(f"/api/v1/conversations/{conversation}/messages", json={"text": VAGUE}).text
            assert "私が考えた回答" not in body and "made-up-entry" not in body
            reply = client.post(f"/api/v1/conversations/{conversation}/messages", json={"text": VAGUE}).json()
            if reply["answer"]:
                stored = llm_concierge.knowledge.entry(reply["answer"]["faq_id"])
                assert reply["answer"]["text"] == stored.answer


def test_token_budget_switches_to_retrieval_only(llm_concierge: Concierge, fake: FakeOpenAIServer) -> None:
    llm_concierge.settings = llm_concierge.settings.model_copy(update={"llm_daily_token_budget": 200})
    llm_concierge.answer(VAGUE)  # spends 130 tokens
    llm_concierge.answer(VAGUE)  # 260 >= 200 after this one
    calls = len(fake.state.requests)
    result = llm_concierge.answer(VAGUE)
    assert len(fake.state.requests) == calls == 2
    assert result.selection is not None and "llm_skipped:budget" in result.selection.reason


def test_turn_stores_usage_and_fallback_reason(llm_concierge: Concierge, fake: FakeOpenAIServer) -> None:
    from sqlalchemy import select

    from app.storage.models import Turn

    fake.state.mode = "500"
    with TestClient(create_app(llm_concierge.settings, llm_concierge)) as client:
        client.post("/api/v1/consent", json={"terms_version": llm_concierge.knowledge.store.terms.version})
        conversation = client.post("/api/v1/conversations").json()["id"]
        turn_id = client.post(f"/api/v1/conversations/{conversation}/messages", json={"text": VAGUE}).json()["turn_id"]
    assert llm_concierge.repository is not None
    with llm_concierge.repository.session() as session:
        turn = session.scalars(select(Turn).where(Turn.id == turn_id)).one()
        assert turn.reason is not None and turn.reason.startswith("llm_fallback:http_500")
        assert turn.selector == "retrieval(fallback:http_500)"


def test_retrieval_only_without_base_url(settings: Settings) -> None:
    assert build_llm_selector(settings) is None
    azure = settings.model_copy(update={"llm_base_url": "https://example.openai.azure.com", "llm_model": "dep",
                                        "llm_azure_api_version": "2024-10-21"})
    selector = build_llm_selector(azure)
    assert selector is not None and type(selector.client).__name__ == "AzureOpenAI"


class _CapturingLLM:
    """Stands in for the LLM selector: records what it would have been sent, chooses nothing."""

    def __init__(self) -> None:
        self.queries: list[object] = []

    def select(self, query, candidates, fallback):  # type: ignore[no-untyped-def]
        self.queries.append(query)
        return fallback


@pytest.mark.parametrize(("keywords_only", "sent_text"), [(False, True), (True, False)])
def test_suspicious_text_reaches_the_model_as_keywords_only(
    concierge: Concierge, keywords_only: bool, sent_text: bool
) -> None:
    from app.pipeline.selection import SelectionPolicy
    from retrieval.selectors import Candidate, RetrievalSelector

    settings = concierge.settings.model_copy(update={"llm_input": "masked_text", "llm_skip_confidence": 1.0})
    llm = _CapturingLLM()
    retrieval = RetrievalSelector(concierge.knowledge.confidence, 0.99, 0.0)
    policy = SelectionPolicy(settings, retrieval, llm, concierge.repository, concierge.clock)  # type: ignore[arg-type]
    candidates = [Candidate("js-account-001", "q1", 1.0, {}), Candidate("js-account-002", "q2", 0.9, {})]
    policy.select("マイページ 開設", candidates, [], ["マイページ", "開設"], keywords_only=keywords_only)
    (query,) = llm.queries
    assert (query.masked_text is not None) is sent_text and query.keywords == ("マイページ", "開設")  # type: ignore[attr-defined]
