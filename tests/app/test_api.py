"""The public HTTP contract, over HTTP (TestClient speaks real ASGI HTTP)."""

from fastapi.testclient import TestClient

from app.pipeline.knowledge import Knowledge


def test_health_and_readiness(client: TestClient, knowledge: Knowledge) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["faq_version"] == knowledge.version


def test_terms_and_consent_gate(client: TestClient, knowledge: Knowledge) -> None:
    terms = client.get("/api/v1/terms").json()
    assert terms["version"] == knowledge.store.terms.version and "AI" in terms["text"]
    blocked = client.post("/api/v1/conversations")
    assert blocked.status_code == 403
    assert blocked.json()["code"] == "consent_required" and blocked.json()["terms_version"] == terms["version"]
    stale = client.post("/api/v1/consent", json={"terms_version": "old"})
    assert stale.status_code == 422 and stale.json()["message"]
    assert client.post("/api/v1/consent", json={"terms_version": terms["version"]}).status_code == 200
    assert client.post("/api/v1/conversations").status_code == 201


def test_session_cookie_is_set_and_signed(client: TestClient) -> None:
    response = client.get("/api/v1/terms")
    assert "hwis_session" in response.cookies
    client.cookies.clear()
    client.cookies.set("hwis_session", "tampered.value")
    again = client.get("/api/v1/terms")
    assert again.cookies.get("hwis_session") not in (None, "tampered.value")


def test_walk_menus_to_a_vetted_answer(consented: TestClient, conversation: str, knowledge: Knowledge) -> None:
    root = consented.get("/api/v1/menus").json()
    assert {c["id"] for c in root["children"]} >= {"js", "em", "about"}
    node = consented.get("/api/v1/menus/js").json()
    topic = node["children"][0]["id"]
    step = consented.post(f"/api/v1/conversations/{conversation}/messages", json={"menu": topic}).json()
    assert step["kind"] == "menu" and step["menu"]["id"] == topic
    sub = next(c["id"] for c in step["menu"]["children"] if c["kind"] != "faq")
    leaves = consented.get(f"/api/v1/menus/{sub}").json()["children"]
    leaf = next(c for c in leaves if c["kind"] == "faq")
    answer = consented.post(f"/api/v1/conversations/{conversation}/messages", json={"menu": leaf["id"]}).json()
    assert answer["kind"] == "answer"
    entry = knowledge.entry(answer["answer"]["faq_id"])
    assert answer["answer"]["text"] == entry.answer
    assert answer["remaining_today"] == 20  # menu steps are free


def test_free_text_question_gets_vetted_answer(consented: TestClient, conversation: str, knowledge: Knowledge) -> None:
    entry = next(iter(knowledge.store))
    reply = consented.post(f"/api/v1/conversations/{conversation}/messages", json={"text": entry.question}).json()
    assert reply["kind"] == "answer", reply
    assert reply["answer"]["faq_id"] == entry.id
    assert reply["answer"]["text"] == entry.answer
    assert reply["answer"]["faq_version"] == knowledge.version
    assert reply["remaining_today"] == 19
    feedback = consented.post(f"/api/v1/turns/{reply['turn_id']}/feedback", json={"helpful": True})
    assert feedback.json() == {"recorded": True}


def test_out_of_scope_question_hands_off(consented: TestClient, conversation: str) -> None:
    reply = consented.post(
        f"/api/v1/conversations/{conversation}/messages", json={"text": "明日の東京の天気は晴れますか"}
    )
    body = reply.json()
    assert body["kind"] in {"no_answer", "clarify"}
    if body["kind"] == "no_answer":
        assert any("hwmap" in link["url"] for link in body["links"])


def test_bad_requests_get_japanese_messages(consented: TestClient, conversation: str) -> None:
    url = f"/api/v1/conversations/{conversation}/messages"
    cases = [
        consented.post(url, json={}),
        consented.post(url, json={"text": "a", "unknown": 1}),
        consented.post(url, content=b"{not json", headers={"content-type": "application/json"}),
        consented.post(url, json={"text": "あ" * 1000}),
        consented.post(url, json={"text": "   "}),
        consented.post(url, content=b"x" * 40_000, headers={"content-type": "application/json"}),
    ]
    assert [c.status_code for c in cases] == [422, 422, 422, 422, 422, 413]
    for case in cases:
        message = case.json()["message"]
        assert any("\u3040" <= ch <= "\u30ff" for ch in message)


def test_unknown_things_are_404(consented: TestClient, conversation: str) -> None:
    assert consented.get("/api/v1/menus/nope").status_code == 404
    assert consented.post("/api/v1/conversations/nope/messages", json={"text": "求人"}).status_code == 404
    assert consented.post(f"/api/v1/conversations/{conversation}/messages", json={"menu": "nope"}).status_code == 404
    assert consented.post("/api/v1/turns/nope/feedback", json={"helpful": True}).status_code == 404
    assert consented.get("/no/such/page").json()["message"] == "ページが見つかりません。"


def test_other_accounts_cannot_use_a_conversation(
    consented: TestClient, conversation: str, knowledge: Knowledge
) -> None:
    consented.cookies.clear()
    consented.post("/api/v1/consent", json={"terms_version": knowledge.store.terms.version})
    response = consented.post(f"/api/v1/conversations/{conversation}/messages", json={"text": "求人"})
    assert response.status_code == 404


def test_openapi_lists_the_contract(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/terms",
        "/api/v1/consent",
        "/api/v1/menus",
        "/api/v1/menus/{node_id}",
        "/api/v1/conversations",
        "/api/v1/conversations/{conversation_id}/messages",
        "/api/v1/turns/{turn_id}/feedback",
        "/healthz",
        "/readyz",
    ):
        assert path in paths
