"""JSON logs, one object per line, each carrying the id of the request it belongs to.

`app.middleware.request_id` takes the client's `X-Request-ID` only when it matches
`^[A-Za-z0-9-]{8,64}$` (else it makes a new one), keeps it in `request_id_var` for the
request, and sends it back in the response header. A log record factory copies it onto
every record as `request_id`. `uvicorn_log_config()` is the logging set-up that
`hwis-concierge serve` hands to uvicorn (so every worker process uses it).

Callers log codes and figures (`extra={...}`), never the user's text.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REQUEST_ID_HEADER = "X-Request-ID"
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}
_base_factory = logging.getLogRecordFactory()


def _record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    record.request_id = request_id_var.get()
    return record


if getattr(logging.getLogRecordFactory(), "__name__", "") != _record_factory.__name__:
    logging.setLogRecordFactory(_record_factory)


def new_request_id(candidate: str | None) -> str:
    """The client's id if it is well formed, else a fresh one."""
    if candidate and VALID_REQUEST_ID.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def uvicorn_log_config(level: str = "INFO") -> dict[str, Any]:
    """A `logging.config.dictConfig` for the service; uvicorn's own access log is replaced by `app.access`."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "app.observability.logs.JsonFormatter"}},
        "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }
