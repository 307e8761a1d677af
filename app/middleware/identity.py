"""Who is asking: an HWIS-issued JWT, or an anonymous account in a signed session cookie.

Every request ends up with an account id (never an empty key):
- `Authorization: Bearer <JWT>` (HS256 secret or RS256 public key from settings) names
  the HWIS account (`sub`) and its role; a bad or expired token gets 401;
- otherwise a valid session cookie names an anonymous account;
- otherwise a fresh anonymous id is issued and set as the cookie on the response.
`identity.identified` tells whether the caller proved an existing identity
(rate limits fall back to the client IP when it did not). `IdentityMiddleware` (pure ASGI)
puts `request.state.identity` and `request.state.client_ip` on every request.
"""

from __future__ import annotations

import ipaddress
import uuid
from dataclasses import dataclass

import jwt
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.send import on_response_start
from app.settings import Settings

ROLES = frozenset({"job_seeker", "employer"})
BAD_TOKEN = "ログイン情報を確認できませんでした。HWISに再度ログインしてからお試しください。"


@dataclass(frozen=True)
class Identity:
    account_id: str
    kind: str  # anonymous | hwis
    role: str | None
    identified: bool


class InvalidToken(Exception):
    pass


class SessionSigner:
    def __init__(self, secret: str, max_age_seconds: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="hwis-session")
        self.max_age = max_age_seconds

    def sign(self, account_id: str) -> str:
        return self._serializer.dumps(account_id)

    def verify(self, token: str | None) -> str | None:
        if not token:
            return None
        try:
            value = self._serializer.loads(token, max_age=self.max_age)
        except BadSignature:
            return None
        return value if isinstance(value, str) and value else None


class TokenVerifier:
    """Verifies HWIS-issued JWTs; `exp`, `sub` and a known `role` are required."""

    def __init__(self, settings: Settings) -> None:
        if settings.jwt_public_key:
            self.key, self.algorithms = settings.jwt_public_key, ["RS256"]
        else:
            self.key, self.algorithms = settings.jwt_secret, ["HS256"]
        self.audience = settings.jwt_audience or None
        self.issuer = settings.jwt_issuer or None

    @property
    def enabled(self) -> bool:
        return bool(self.key)

    def verify(self, token: str) -> Identity:
        if not self.enabled:
            raise InvalidToken("tokens are not configured")
        try:
            claims = jwt.decode(
                token, self.key, algorithms=self.algorithms, audience=self.audience, issuer=self.issuer,
                options={"require": ["exp", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        subject, role = claims.get("sub"), claims.get("role")
        if not isinstance(subject, str) or not subject.strip() or role not in ROLES:
            raise InvalidToken("sub or role missing")
        return Identity(f"hwis:{subject}", "hwis", role, True)


def client_ip(peer: str | None, headers: Headers, trusted: list[str]) -> str:
    """The peer address, or the first untrusted hop of X-Forwarded-For behind a trusted proxy.

    This is the one place that decides the client address: the server is told not to rewrite
    it (`app.tools.server.uvicorn_options`), so `X-Forwarded-For` counts only when the peer is
    listed in HWIS_TRUSTED_PROXIES.
    """
    peer = peer or "unknown"
    networks = [ipaddress.ip_network(t, strict=False) for t in trusted]

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in networks)

    if not is_trusted(peer):
        return peer
    hops = [h.strip() for h in headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop):
            return hop
    return peer


class IdentityMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.signer = SessionSigner(settings.secret_key, settings.session_max_age_days * 86400)
        self.tokens = TokenVerifier(settings)
        self.trusted = list(settings.trusted_proxies)

    def _cookie_header(self, account_id: str) -> str:
        carrier = Response()
        carrier.set_cookie(
            self.settings.session_cookie,
            self.signer.sign(account_id),
            max_age=self.signer.max_age,
            httponly=True,
            samesite="lax",
            secure=self.settings.environment == "production",
        )
        return carrier.headers["set-cookie"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        peer = scope["client"][0] if scope.get("client") else None
        state = scope.setdefault("state", {})
        state["client_ip"] = client_ip(peer, headers, self.trusted)
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            try:
                state["identity"] = self.tokens.verify(authorization[7:].strip())
            except InvalidToken:
                refusal = JSONResponse({"code": "invalid_token", "message": BAD_TOKEN}, status_code=401,
                                       headers={"WWW-Authenticate": "Bearer"})
                await refusal(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        account_id = self.signer.verify(HTTPConnection(scope).cookies.get(self.settings.session_cookie))
        identity = Identity(account_id or uuid.uuid4().hex, "anonymous", None, account_id is not None)
        state["identity"] = identity
        if identity.identified:
            await self.app(scope, receive, send)
            return
        cookie = self._cookie_header(identity.account_id)

        def set_cookie(message: Message) -> None:
            MutableHeaders(scope=message).append("set-cookie", cookie)

        await self.app(scope, receive, on_response_start(send, set_cookie))
