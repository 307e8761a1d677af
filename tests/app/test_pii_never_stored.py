"""Every personal-data string of the project's PII set, sent through the HTTP API, is found
nowhere in the database afterwards (nor in the logs)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from app.main import create_app
from app.pipeline.concierge import Concierge
from app.settings import Settings

PII_SET = Path(__file__).resolve().parents[1] / "data" / "pii_ja.jsonl"


def _strings(value: object) -> list[str]:
    """Every string stored in a column, looking inside JSON; numbers are not text (a float such as
    0.8001101… would otherwise 'contain' a listed account number by chance)."""
    if isinstance(value, str):
        try:
            decoded = json.loads(value)
        except ValueError:
            return [value]
        return [value] if isinstance(decoded, str) else _strings(decoded)
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _strings(v)]
    return []


def all_stored_text(concierge: Concierge) -> str:
    assert concierge.repository is not None
    chunks: list[str] = []
    with concierge.repository.session() as session:
        for table in inspect(session.get_bind()).get_table_names():
            for row in session.execute(text(f'SELECT * FROM "{table}"')):
                chunks.extend(t for value in row for t in _strings(value))
    return "\n".join(chunks)


def test_pii_set_never_reaches_the_database(settings: Settings, concierge: Concierge,
                                            caplog: pytest.LogCaptureFixture) -> None:
    roomy = settings.model_copy(update={"daily_question_limit": 10_000, "anonymous_ip_daily_limit": 10_000,
                                        "rate_limit_messages": "100000/minute", "rate_limit_default": "100000/minute"})
    concierge.settings = roomy
    client = TestClient(create_app(roomy, concierge))
    assert client.post("/api/v1/consent", json={"terms_version": concierge.knowledge.store.terms.version}).is_success
    conversation = client.post("/api/v1/conversations").json()["id"]
    rows = [json.loads(line) for line in PII_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    listed = [value for row in rows for value in row["pii"]]
    assert len(listed) >= 200
    caplog.set_level(logging.DEBUG)
    url = f"/api/v1/conversations/{conversation}/messages"
    for row in rows:
        response = client.post(url, json={"text": row["text"][:400]})
        assert response.status_code == 200, response.text
    stored = all_stored_text(concierge)
    assert stored.count('"text"') >= 0 and len(stored) > 10_000  # the turns are there
    leaked = [value for value in listed if value in stored]
    assert leaked == []
    logged = "\n".join(record.getMessage() + json.dumps(record.__dict__, ensure_ascii=False, default=str)
                       for record in caplog.records)
    assert [value for value in listed if value in logged] == []
