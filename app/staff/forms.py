"""Small helpers for the console's HTML forms (urlencoded bodies, no extra parser needed)."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs

from fastapi import Request

MAX_FIELDS = 50


async def read_form(request: Request) -> dict[str, str]:
    """The fields of an `application/x-www-form-urlencoded` body (last value wins); {} otherwise.

    The body is cached on the request, so a dependency and the route can both read it.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return {}
    body = await request.body()
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {key: values[-1] for key, values in parsed.items()}


async def read_form_lists(request: Request, max_fields: int = 200) -> dict[str, list[str]]:
    """Like `read_form`, with every value of a repeated field (checkbox lists), in order."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return {}
    try:
        return parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True, max_num_fields=max_fields)
    except (UnicodeDecodeError, ValueError):
        return {}


def parse_day(value: str | None) -> date | None:
    """A `YYYY-MM-DD` form value, or None when empty or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def safe_next(value: str | None, default: str = "/staff") -> str:
    """Only a local console path may be a redirect target after log-in."""
    if not value or not value.startswith("/staff") or value.startswith("//") or "\\" in value:
        return default
    return value
