"""Tables of the FAQ as staff change it: every published version, and the drafts behind them.

A version's `entries` hold the whole FAQ as published (each entry with the YAML file it belongs
in), so every version stays readable and every answer traceable to the exact text shown: a turn
records the `faq_version` it was answered from. The newest row is the version served. The
bundled FAQ (faq/data) is recorded as a version of its own the first time a service starts with
it (`origin` "bundle"); a draft approved by an admin other than its author adds a version of
origin "draft". Drafts hold staff-written content and wordings taken from (already masked)
questions, never raw user text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import Base, utcnow
from app.storage.types import UTCDateTime

DRAFT_STATUSES = ("pending", "approved", "rejected")


class FaqVersionRow(Base):
    __tablename__ = "faq_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Not unique: retiring an entry just added gives back an earlier version's content and id.
    version: Mapped[str] = mapped_column(String(16), index=True)
    parent_version: Mapped[str | None] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(16))  # bundle | draft
    draft_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(200))
    entries: Mapped[list[Any]] = mapped_column(JSON)  # [{"file": ..., "entry": {...}}, ...]
    entry_count: Mapped[int] = mapped_column(Integer)
    published_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class FaqDraft(Base):
    __tablename__ = "faq_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # new | edit | add_alternates | retire
    faq_id: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(String(200))
    base_version: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    published_version: Mapped[str | None] = mapped_column(String(16))
