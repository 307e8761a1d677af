"""Staff sessions: a random cookie token (stored only as its SHA-256) and a CSRF token per session."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from app.storage.repository import Repository
from app.storage.staff_models import StaffSession, StaffUser

_TOUCH_EVERY = timedelta(minutes=1)  # write last_seen_at at most this often


@dataclass(frozen=True)
class StaffActor:
    """Who is acting: a logged-in staff user, or the automation token (`via="token"`)."""

    username: str
    role: str
    via: str  # session | token
    csrf_token: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_secret(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


class StaffSessions:
    def __init__(self, repository: Repository, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.repository = repository
        self.clock = clock

    def create(self, user_id: int, lifetime: timedelta) -> tuple[str, str]:
        """Start a session; returns (cookie token, CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = self.clock()
        with self.repository.session() as session:
            session.execute(delete(StaffSession).where(StaffSession.expires_at < now))
            session.add(
                StaffSession(
                    id=hash_token(token), user_id=user_id, csrf_token=csrf, created_at=now,
                    expires_at=now + lifetime, last_seen_at=now,
                )
            )
        return token, csrf

    def lookup(self, token: str | None, idle: timedelta) -> StaffActor | None:
        """The actor of a live session, or None (unknown, expired, idle too long, user disabled)."""
        if not token or len(token) > 200:
            return None
        now = self.clock()
        with self.repository.session() as session:
            row = session.execute(
                select(StaffSession, StaffUser)
                .join(StaffUser, StaffUser.id == StaffSession.user_id)
                .where(StaffSession.id == hash_token(token))
            ).first()
            if row is None:
                return None
            staff_session, user = row
            expires, seen = staff_session.expires_at, staff_session.last_seen_at
            assert expires is not None and seen is not None
            if not user.active or expires <= now or seen + idle <= now:
                session.delete(staff_session)
                return None
            if now - seen >= _TOUCH_EVERY:
                staff_session.last_seen_at = now
            return StaffActor(user.username, user.role, "session", staff_session.csrf_token)

    def end(self, token: str | None) -> None:
        if token:
            with self.repository.session() as session:
                session.execute(delete(StaffSession).where(StaffSession.id == hash_token(token)))
