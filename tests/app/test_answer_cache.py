"""The per-worker answer cache: same text, scope and FAQ version give the stored result; nothing raw is kept."""

from __future__ import annotations

from app.pipeline.answer_cache import AnswerCache
from app.pipeline.concierge import Concierge
from app.settings import Settings
from app.storage.models import Turn


def test_a_repeated_question_is_served_from_the_cache_with_the_same_answer(concierge: Concierge) -> None:
    cache = AnswerCache(8)
    cached = Concierge(concierge.settings, concierge.knowledge, concierge.guards, concierge.repository, cache=cache)
    first = cached.answer("失業保険はいつ振り込まれますか")
    second = cached.answer("失業保険はいつ振り込まれますか")
    assert (cache.hits, cache.misses) == (1, 1)
    assert "cache_hit" in second.timings_ms and "cache_hit" not in first.timings_ms
    assert second.reply == first.reply and second.candidates == first.candidates
    assert second.reply == concierge.answer("失業保険はいつ振り込まれますか").reply  # same as no cache at all
    scoped = cached.answer("失業保険はいつ振り込まれますか", "js")
    assert cache.misses == 2 and scoped.reply is not None  # another scope is another key


def test_the_cache_keeps_no_raw_text_and_stays_bounded(concierge: Concierge) -> None:
    cache = AnswerCache(2)
    cached = Concierge(concierge.settings, concierge.knowledge, concierge.guards, concierge.repository, cache=cache)
    result = cached.answer("090-1234-5678に電話がほしいです。求人の探し方は？")
    assert "090-1234-5678" not in result.guard.text
    assert all("090" not in key for key in cache._items)  # keys are SHA-256 digests
    cached.answer("求人票の書き方")
    cached.answer("マイページの作り方")
    assert len(cache) == 2


def test_no_cache_with_an_llm(concierge: Concierge, settings: Settings) -> None:
    from app.pipeline.llm import build_llm_selector

    llm = build_llm_selector(settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "m"}))
    assert llm is not None
    with_llm = Concierge(settings, concierge.knowledge, concierge.guards, concierge.repository, llm=llm,
                         cache=AnswerCache(8))
    assert with_llm.cache is None


def test_served_turns_from_the_cache_are_stored_like_any_other(consented, conversation, concierge) -> None:  # type: ignore[no-untyped-def]
    concierge.cache = AnswerCache(8)
    url = f"/api/v1/conversations/{conversation}/messages"
    replies = [consented.post(url, json={"text": "ハローワークの開庁時間"}).json() for _ in range(3)]
    assert len({r["turn_id"] for r in replies}) == 3
    assert len({r["answer"]["faq_id"] if r.get("answer") else r["kind"] for r in replies}) == 1
    assert concierge.cache.hits == 2
    assert concierge.repository is not None
    with concierge.repository.session() as session:
        assert session.query(Turn).count() == 3
