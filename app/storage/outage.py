"""What an outage of the database or Redis looks like, and the 503 the service answers with."""

from __future__ import annotations

import redis.exceptions
import sqlalchemy.exc
from fastapi.responses import JSONResponse

# Errors that mean "the store cannot be reached right now" (not a bug in a statement):
# a refused or dropped connection, an exhausted pool, a timeout.
STORE_UNAVAILABLE: tuple[type[Exception], ...] = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
UNAVAILABLE_MESSAGE = (
    "ただいまシステムが混み合っているか、点検中のため利用できません。"
    "しばらく待ってからもう一度お試しください。お急ぎの方はお近くのハローワークへお問い合わせください。"
)
RETRY_AFTER_SECONDS = 30


def unavailable_response() -> JSONResponse:
    return JSONResponse(
        {"code": "service_unavailable", "message": UNAVAILABLE_MESSAGE, "retry_after": RETRY_AFTER_SECONDS},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
