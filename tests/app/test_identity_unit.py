from starlette.requests import Request

from app.identity import SessionSigner, client_ip


def request_from(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "client": (peer, 1234), "headers": headers})


def test_client_ip_trusts_only_configured_proxies() -> None:
    assert client_ip(request_from("198.51.100.7", "203.0.113.9"), []) == "198.51.100.7"
    assert client_ip(request_from("10.0.0.2", "203.0.113.9, 10.0.0.1"), ["10.0.0.0/8"]) == "203.0.113.9"
    assert client_ip(request_from("10.0.0.2"), ["10.0.0.0/8"]) == "10.0.0.2"


def test_session_signer_round_trip_and_tamper() -> None:
    signer = SessionSigner("k" * 40, 3600)
    token = signer.sign("abc")
    assert signer.verify(token) == "abc"
    assert signer.verify(token + "x") is None
    assert signer.verify(None) is None
    assert SessionSigner("other" * 10, 3600).verify(token) is None
