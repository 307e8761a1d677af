"""A sample of real and generated texts, and odd or hostile inputs, through the HTTP API: no 5xx."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.pipeline.concierge import Concierge
from app.pipeline.knowledge import Knowledge
from app.settings import Settings
from tests.sweep_texts import joiner_texts, wikipedia_sentences

ODD = [
    "\u200b\u200b\u200b", "\ufeff求人", "\u202e求人を探す", "求\u0301人", "🧑‍💼👩‍🔧" * 20, "\ud7ff", "ｶﾞｷﾞｸﾞ",
    "\x00\x01\x02", "<script>alert(1)</script>", "' OR 1=1 --", "{{7*7}}", "${jndi:ldap://x}", "%00%0d%0a",
    "\\u0000", "　" * 300 + "求人", "ー" * 400, "a" * 400, "𠮷野家の求人", "①②③④⑤", "㍻㍼㌔", "ﾊﾛｰﾜｰｸ･ｲﾝﾀｰﾈｯﾄ",
    "田中・・・・・・", "・" * 50, "＝＝＝", "／／／", "、、、、", "山田\u3000太郎・\u200b人事部", "Ｔａｎａｋａ・Ｈｒ",
]


@pytest.fixture
def sweep_client(settings: Settings, concierge: Concierge, knowledge: Knowledge) -> TestClient:
    tuned = settings.model_copy(update={"rate_limit_default": "100000/minute", "rate_limit_messages": "100000/minute",
                                        "daily_question_limit": 100000, "anonymous_ip_daily_limit": 100000})
    concierge.settings = tuned
    client = TestClient(create_app(tuned, concierge))
    assert client.post("/api/v1/consent", json={"terms_version": knowledge.store.terms.version}).status_code == 200
    return client


def test_a_sample_of_real_generated_and_odd_texts_never_gets_a_5xx(sweep_client: TestClient) -> None:
    texts = wikipedia_sentences()[::40] + joiner_texts()[::60] + ODD
    conversation = sweep_client.post("/api/v1/conversations").json()["id"]
    url = f"/api/v1/conversations/{conversation}/messages"
    codes: dict[int, int] = {}
    errors = []
    for text in texts:
        response = sweep_client.post(url, json={"text": text[:400]})
        codes[response.status_code] = codes.get(response.status_code, 0) + 1
        if response.status_code >= 500 or response.json().get("reason") == "guard_error":
            errors.append((response.status_code, text[:40]))
        elif response.status_code == 200:
            assert response.json()["kind"] in {"answer", "clarify", "no_answer", "blocked"}
        else:
            assert response.status_code == 422 and response.json()["code"] == "invalid_input"
    assert errors == [] and len(texts) > 200, codes
