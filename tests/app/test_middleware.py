"""The HTTP edge: errors keep every header and the connection, bodies are counted as they stream,
the client address is the app's decision, and unparseable bodies get the one error contract."""

from __future__ import annotations

import json
import select
import socket
import time
import tracemalloc
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app
from app.pipeline.concierge import Concierge
from app.pipeline.knowledge import Knowledge
from app.settings import Settings
from app.tools.server import uvicorn_options
from tests.live import live_server

SECURITY_HEADERS = ("x-request-id", "content-security-policy", "x-content-type-options", "x-frame-options")


def _boom() -> None:
    raise RuntimeError("a bug with a user's 山田太郎 in its message")


@pytest.fixture
def failing_app(settings: Settings, concierge: Concierge) -> FastAPI:
    app = create_app(settings, concierge)
    app.add_api_route("/api/v1/boom", _boom, methods=["GET"])
    return app


def test_an_unhandled_error_is_a_japanese_500_with_every_header(
    failing_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    with TestClient(failing_app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error" and "システム" in response.json()["message"]
    for header in SECURITY_HEADERS:
        assert header in response.headers, header
    assert response.headers["x-content-type-options"] == "nosniff"
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "RuntimeError" in logged and "山田" not in logged


def test_an_error_does_not_close_the_keep_alive_connection(failing_app: FastAPI, settings: Settings) -> None:
    with live_server(failing_app, settings) as url, httpx.Client(base_url=url) as client:
        first = client.get("/api/v1/boom")
        port = first.extensions["network_stream"].get_extra_info("client_addr")[1]
        second = client.get("/healthz")
        assert first.status_code == 500 and second.status_code == 200
        assert first.headers.get("connection", "").lower() != "close"
        assert second.extensions["network_stream"].get_extra_info("client_addr")[1] == port  # same connection


# ---------------------------------------------------------------------------------------- body size
def _stream_until_answered(url: str, path: str, total: int, chunk: int = 64 * 1024) -> tuple[int, bytes]:
    """Send a chunked body of up to `total` bytes; stop as soon as the server answers. Returns (sent, answer)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {parts.hostname}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        payload = b"a" * chunk
        sent = 0
        while sent < total:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(payload)
        sock.settimeout(10)
        answer = b""
        deadline = time.monotonic() + 10
        while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        return sent, answer


def test_a_chunked_body_is_refused_as_it_streams(settings: Settings, concierge: Concierge) -> None:
    assert settings.max_body_bytes == 16_384
    app = create_app(settings, concierge)
    with live_server(app, settings) as url:
        tracemalloc.start()
        try:
            before, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            sent, answer = _stream_until_answered(url, "/api/v1/conversations/x/messages", 50 * 1024 * 1024)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 8 * 1024 * 1024, f"the 413 came only after {sent} bytes"
    assert peak - before < 5 * 1024 * 1024, f"the server held {peak - before} bytes"


def test_declared_oversized_body_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post("/api/v1/consent", content=b"{}", headers={"content-length": "99999999"})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


def test_a_body_within_the_limit_reaches_the_route_unchanged(client: TestClient, knowledge: Knowledge) -> None:
    body = json.dumps({"terms_version": knowledge.store.terms.version}).encode()

    def chunks() -> Iterator[bytes]:
        yield body[:5]
        yield body[5:]

    response = client.post("/api/v1/consent", content=chunks(), headers={"content-type": "application/json"})
    assert response.json()["consented"] is True


# ------------------------------------------------------------------------------------ client address
def _ask_as_new_anonymous(client: httpx.Client, knowledge: Knowledge, forwarded_for: str) -> int:
    client.cookies.clear()
    headers = {"X-Forwarded-For": forwarded_for}
    version = knowledge.store.terms.version
    assert client.post("/api/v1/consent", json={"terms_version": version}, headers=headers).status_code == 200
    conversation = client.post("/api/v1/conversations", headers=headers).json()["id"]
    response = client.post(f"/api/v1/conversations/{conversation}/messages", json={"text": "求人の探し方"},
                           headers=headers)
    return response.status_code


@pytest.mark.parametrize("trusted", [[], ["127.0.0.1"]])
def test_x_forwarded_for_counts_only_from_a_trusted_proxy(
    settings: Settings, concierge: Concierge, knowledge: Knowledge, trusted: list[str]
) -> None:
    tuned = settings.model_copy(update={"anonymous_ip_daily_limit": 2, "trusted_proxies": trusted})
    concierge.settings = tuned
    with live_server(create_app(tuned, concierge), tuned) as url, httpx.Client(base_url=url) as client:
        codes = [_ask_as_new_anonymous(client, knowledge, f"203.0.113.{i}") for i in range(1, 5)]
    if trusted:
        assert codes == [200, 200, 200, 200]  # four clients behind the proxy, each with its own address
    else:
        assert codes == [200, 200, 429, 429]  # one client on 127.0.0.1, whatever header it sends


def test_the_server_never_rewrites_the_client_address(settings: Settings) -> None:
    options = uvicorn_options(settings.model_copy(update={"trusted_proxies": ["10.0.0.0/8"]}))
    assert options["proxy_headers"] is False and options["forwarded_allow_ips"] == ""


# ------------------------------------------------------------------------------------- bad bodies
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"[" * 5000 + b"]" * 5000, "application/json"),
        (b'{"text": ' + b"9" * 5000 + b"}", "application/json"),
        ('{"text": "求人の探し方"}'.encode("shift_jis"), "application/json"),
        (b'{"text": "\xff\xfe"}', "application/json; charset=utf-8"),
        (b"text=hello", "application/x-www-form-urlencoded"),
    ],
    ids=["deep-nesting", "5000-digit-integer", "shift-jis", "invalid-utf8", "form"],
)
def test_unparseable_bodies_get_422_invalid_request(
    client: TestClient, conversation: str, body: bytes, content_type: str
) -> None:
    url = f"/api/v1/conversations/{conversation}/messages"
    response = client.post(url, content=body, headers={"content-type": content_type})
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_request" and "入力内容" in response.json()["message"]
