"""Tables of the staff console: staff users, their sessions, turn labels and the audit log.

They share `Base` with app.storage.models. The migrations create them; importing this
module registers them on the metadata that autogenerate compares against.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import Base, utcnow
from app.storage.types import UTCDateTime

ROLES = ("reviewer", "admin")
VERDICTS = ("correct", "wrong", "new_faq")


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, PHC string
    role: Mapped[str] = mapped_column(String(16))  # reviewer | admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginFailures(Base):
    """Failed log-ins in a row per typed user name, known or not, so that the lock-out tells nobody
    which names exist. `key` is an HMAC of the name (a password typed into the name box is not kept)."""

    __tablename__ = "staff_login_failures"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StaffSession(Base):
    """A logged-in staff browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TurnLabel(Base):
    """A reviewer's verdict on one turn: correct / wrong (+ the right FAQ) / needs a new FAQ."""

    __tablename__ = "turn_labels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id"), unique=True, index=True)
    verdict: Mapped[str] = mapped_column(String(16), index=True)
    expected_faq_id: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    labelled_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """One staff action (log-in, label, ban, export, purge, …); never holds user text."""

    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(48), index=True)
    target: Mapped[str | None] = mapped_column(String(128))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    client_ip: Mapped[str | None] = mapped_column(String(64))


class ClusterDismissal(Base):
    """One wording of an unanswered question that staff set aside as off-topic (weather, ramen, …).

    Only a hash of the normalised (already masked) wording is kept, so a dismissal outlives the
    retention purge without keeping any user text; the same wording asked again stays set aside.
    """

    __tablename__ = "staff_cluster_dismissals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wording_key: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    reason: Mapped[str] = mapped_column(String(32), default="off_topic")
    dismissed_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
