"""Jinja2 (autoescaped) templates and cache-busted static URLs for the chat page and the console."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.web.text import reveal
from guardrails.access import JST

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


@lru_cache(maxsize=64)
def static_version(name: str) -> str:
    path = (STATIC_DIR / name).resolve()
    if STATIC_DIR not in path.parents or not path.is_file():
        raise FileNotFoundError(name)
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_url(name: str) -> str:
    return f"/static/{name}?v={static_version(name)}"


def jst(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (UTC) moment shown in Japan time."""
    if moment is None:
        return ""
    return moment.astimezone(JST).strftime(fmt)  # stored moments come back aware (UTCDateTime)


def ja_date(value: str | date | None) -> str:
    """2026-11-24 -> 2026年11月24日."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "xml", "svg"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static_url"] = static_url
    env.filters["jst"] = jst
    env.filters["ja_date"] = ja_date
    env.filters["reveal"] = reveal
    return env


templates = Jinja2Templates(env=_environment())
