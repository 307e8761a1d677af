"""Puts the caller's identity and client address on every request (pure ASGI).

`request.state.identity` (an `app.identity.Identity`) and `request.state.client_ip`;
a bad or expired bearer token is answered 401 here; a new anonymous account gets its
signed session cookie on the response.
"""

from __future__ import annotations

import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.identity import BAD_TOKEN, Identity, InvalidToken, SessionSigner, TokenVerifier, client_ip
from app.settings import Settings


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

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)
