"""The answer a user sees is byte for byte the stored answer of the chosen entry and version."""

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.pipeline.concierge import Concierge
from app.pipeline.knowledge import Knowledge
from app.storage.models import Turn


def test_every_shown_answer_matches_the_store(
    consented: TestClient, conversation: str, knowledge: Knowledge, concierge: Concierge
) -> None:
    concierge.settings = concierge.settings.model_copy(update={"daily_question_limit": 1000})
    url = f"/api/v1/conversations/{conversation}/messages"
    entries = sorted(knowledge.store, key=lambda e: e.id)[:15]
    answered = 0
    for entry in entries:
        for text in (entry.question, entry.alternates[0]):
            body = consented.post(url, json={"text": text}).json()
            if body["kind"] != "answer":
                continue
            answered += 1
            stored = knowledge.entry(body["answer"]["faq_id"])
            assert body["answer"]["text"].encode("utf-8") == stored.answer.encode("utf-8")
            assert body["answer"]["question"] == stored.question
            assert body["answer"]["faq_version"] == knowledge.version
            assert body["answer"]["links"] == [{"title": link.title, "url": str(link.url)} for link in stored.links]
            assert concierge.repository is not None
            with concierge.repository.session() as session:
                turn = session.scalars(select(Turn).where(Turn.id == body["turn_id"])).one()
                assert (turn.faq_id, turn.faq_version) == (stored.id, knowledge.version)
    assert answered >= 10
