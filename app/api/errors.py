"""Map the packages' exceptions to HTTP responses with a clear Japanese message."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.api.ratelimit import Throttled, throttled_response
from app.pipeline.errors import InvalidInput, NotFound
from app.storage.outage import STORE_UNAVAILABLE, unavailable_response
from guardrails.access import AccessDenied, AccountSuspended, ConsentRequired, QuotaExceeded

logger = logging.getLogger(__name__)

_STATUS_MESSAGES = {
    404: "ページが見つかりません。",
    405: "この操作はできません。",
    413: "送信された内容が大きすぎます。短くしてもう一度お試しください。",
    415: "送信形式が正しくありません（JSONで送信してください）。",
    429: "アクセスが集中しています。しばらく待ってからもう一度お試しください。",
    500: "システムで問題が発生しました。しばらく待ってからもう一度お試しください。",
    503: "ただいまサービスを利用できません。しばらく待ってからもう一度お試しください。",
}


INVALID_REQUEST = (
    "入力内容に誤りがあります。内容を確認してもう一度お試しください（文字コードはUTF-8のJSONでお送りください）。"
)


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"code": code, "message": message, **extra}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AccessDenied)
    async def _access(_: Request, exc: AccessDenied) -> JSONResponse:
        extra: dict[str, object] = {}
        headers: dict[str, str] = {}
        if isinstance(exc, ConsentRequired):
            extra["terms_version"] = exc.terms_version
        if isinstance(exc, AccountSuspended):
            extra["until"] = exc.until.isoformat()
        if isinstance(exc, QuotaExceeded):
            extra["resets_at"] = exc.resets_at.isoformat()
            extra["scope"] = exc.scope
            headers["Retry-After"] = str(exc.retry_after)
        status = 429 if isinstance(exc, QuotaExceeded) else 403
        return JSONResponse(error_body(exc.code, exc.message, **extra), status_code=status, headers=headers)

    @app.exception_handler(Throttled)
    async def _throttled(_: Request, exc: Throttled) -> JSONResponse:
        return throttled_response(exc.retry_after)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(error_body("not_found", exc.message), status_code=404)

    @app.exception_handler(InvalidInput)
    async def _invalid(_: Request, exc: InvalidInput) -> JSONResponse:
        return JSONResponse(error_body("invalid_input", exc.message), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = sorted({".".join(str(p) for p in err.get("loc", ())[1:]) or "body" for err in exc.errors()})
        return JSONResponse(error_body("invalid_request", INVALID_REQUEST, fields=fields), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # a body FastAPI could not parse (too deep, huge numbers, not UTF-8)
            return JSONResponse(error_body("invalid_request", INVALID_REQUEST, fields=["body"]), status_code=422)
        message = _STATUS_MESSAGES.get(exc.status_code, "リクエストを処理できませんでした。")
        return JSONResponse(
            error_body(f"http_{exc.status_code}", message),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
        logger.warning("store unavailable: %s", type(exc).__name__)  # the type only: messages may hold SQL values
        return unavailable_response()

    for error in STORE_UNAVAILABLE:
        app.add_exception_handler(error, _unavailable)
    # Anything else is answered by app.middleware.error_boundary (a 500 with the usual headers).
