from starlette.datastructures import Headers

from app.middleware.identity import SessionSigner, client_ip


def forwarded(value: str | None = None) -> Headers:
    return Headers({"x-forwarded-for": value} if value else {})


def test_client_ip_trusts_only_configured_proxies() -> None:
    assert client_ip("198.51.100.7", forwarded("203.0.113.9"), []) == "198.51.100.7"
    assert client_ip("10.0.0.2", forwarded("203.0.113.9, 10.0.0.1"), ["10.0.0.0/8"]) == "203.0.113.9"
    assert client_ip("10.0.0.2", forwarded(), ["10.0.0.0/8"]) == "10.0.0.2"
    assert client_ip("127.0.0.1", forwarded("203.0.113.9"), []) == "127.0.0.1"  # loopback is no proxy unless listed
    assert client_ip(None, forwarded(), []) == "unknown"


def test_session_signer_round_trip_and_tamper() -> None:
    signer = SessionSigner("k" * 40, 3600)
    token = signer.sign("abc")
    assert signer.verify(token) == "abc"
    assert signer.verify(token + "x") is None
    assert signer.verify(None) is None
    assert SessionSigner("other" * 10, 3600).verify(token) is None
