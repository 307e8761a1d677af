"""Every personal-data string of the project's PII sets, sent through the HTTP API, is found
nowhere in the database afterwards (nor in the logs), on whichever backend the run uses
(`HWIS_TEST_BACKEND=postgres` for PostgreSQL + Redis, see tests/backends.py).

Two sets: pii_ja.jsonl (plain forms) and pii_forms_dev.jsonl (every written form of issue #16:
kanji, kana, spaced and slashed digits, far context words, spelled-out e-mail, 和暦, names in
hiragana, romaji and spaced, passport and residence card numbers). A value counts as leaked when
it is found as typed, normalised (NFKC, casefolded: what the guard chain stores) or with its
digits rewritten as ASCII (the digit view the identifier patterns read).
"""

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
from guardrails.normalize import normalize
from guardrails.pii.digits import digit_view

DATA = Path(__file__).resolve().parents[1] / "data"
# Forms the HTTP test must cover (issue #16); each is a "form" of pii_forms_dev.jsonl.
REQUIRED_FORMS = frozenset({
    "phone_kanji", "phone_spaced", "phone_slash_dot", "phone_katakana", "my_number_kanji", "pension_far",
    "email_spelled", "dob_kanji", "dob_more", "name_hiragana", "name_romaji", "name_romaji_caps", "name_spaced",
    "passport", "residence_card",
})


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


def logged_text(records: list[logging.LogRecord]) -> str:
    """Every message and every text attribute of the records (numbers such as `relativeCreated` are not
    text: 710190.5 would otherwise 'contain' a listed 5-digit number by chance)."""
    chunks: list[str] = []
    for record in records:
        chunks.append(record.getMessage())
        for key, value in vars(record).items():
            if key in ("msg", "args"):
                continue
            chunks.extend(_strings(value))
            if not isinstance(value, str | int | float | bool | dict | list | tuple | None):
                chunks.append(str(value))  # an object passed in `extra`
    return "\n".join(chunks)


def _spellings(value: str) -> set[str]:
    """The value as typed, normalised as the guard chain stores text, and with its digits as ASCII."""
    normalised = normalize(value).text
    return {value, normalised, digit_view(normalised).text}


def _rows(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _values(row: dict[str, object]) -> list[str]:
    items = row.get("pii") or []
    assert isinstance(items, list)
    return [str(item["value"]) if isinstance(item, dict) else str(item) for item in items]


@pytest.mark.parametrize(("set_name", "at_least"), [("pii_ja.jsonl", 200), ("pii_forms_dev.jsonl", 450)])
def test_pii_set_never_reaches_the_database(settings: Settings, concierge: Concierge,
                                            caplog: pytest.LogCaptureFixture, set_name: str, at_least: int) -> None:
    roomy = settings.model_copy(update={"daily_question_limit": 10_000, "anonymous_ip_daily_limit": 10_000,
                                        "rate_limit_messages": "100000/minute", "rate_limit_default": "100000/minute"})
    concierge.settings = roomy
    client = TestClient(create_app(roomy, concierge))
    assert client.post("/api/v1/consent", json={"terms_version": concierge.knowledge.store.terms.version}).is_success
    conversation = client.post("/api/v1/conversations").json()["id"]
    rows = [row for row in _rows(set_name) if _values(row)]
    listed = [value for row in rows for value in _values(row)]
    assert len(listed) >= at_least
    if set_name == "pii_forms_dev.jsonl":
        assert {str(row.get("form")) for row in rows} >= REQUIRED_FORMS
    caplog.set_level(logging.DEBUG)
    url = f"/api/v1/conversations/{conversation}/messages"
    for row in rows:
        response = client.post(url, json={"text": str(row["text"])[:400]})
        assert response.status_code == 200, response.text
    stored = all_stored_text(concierge)
    assert len(stored) > 10_000  # the turns are there
    leaked = [value for value in listed if any(s in stored for s in _spellings(value))]
    assert leaked == []
    logged = logged_text(caplog.records)
    assert [value for value in listed if any(s in logged for s in _spellings(value))] == []
