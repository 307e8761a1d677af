"""Staff users: argon2id password hashes, log-in checks with lock-out after repeated failures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.storage.repository import Repository
from app.storage.staff_models import ROLES, StaffSession, StaffUser

MIN_PASSWORD_CHARS = 12
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified when the user does not exist, so both cases cost the same time.
_DUMMY_HASH = _HASHER.hash("not-a-real-password-0000")


class StaffAccountError(ValueError):
    """A staff user cannot be created or changed (duplicate name, weak password, bad role)."""


@dataclass(frozen=True)
class LoginResult:
    user_id: int | None
    username: str
    role: str | None
    status: str  # ok | bad_credentials | locked | inactive


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every stored moment is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise StaffAccountError(f"password must have at least {MIN_PASSWORD_CHARS} characters")


class StaffAccounts:
    def __init__(self, repository: Repository, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.repository = repository
        self.clock = clock

    def create(self, username: str, password: str, role: str) -> int:
        username = username.strip()
        if not username or len(username) > 64:
            raise StaffAccountError("username must have 1 to 64 characters")
        if role not in ROLES:
            raise StaffAccountError(f"role must be one of {', '.join(ROLES)}")
        check_password_strength(password)
        with self.repository.session() as session:
            if session.scalar(select(StaffUser.id).where(StaffUser.username == username)) is not None:
                raise StaffAccountError(f"staff user {username!r} already exists")
            user = StaffUser(username=username, password_hash=_HASHER.hash(password), role=role)
            session.add(user)
            session.flush()
            return user.id

    def set_password(self, username: str, password: str) -> None:
        check_password_strength(password)
        with self.repository.session() as session:
            user = self._get(session, username)
            user.password_hash = _HASHER.hash(password)
            user.failed_attempts = 0
            user.locked_until = None
            session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))  # log out everywhere

    def set_active(self, username: str, active: bool) -> None:
        with self.repository.session() as session:
            user = self._get(session, username)
            user.active = active
            if not active:
                session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))

    def unlock(self, username: str) -> None:
        with self.repository.session() as session:
            user = self._get(session, username)
            user.failed_attempts = 0
            user.locked_until = None

    def list(self) -> list[StaffUser]:
        with self.repository.session() as session:
            return list(session.scalars(select(StaffUser).order_by(StaffUser.username)))

    @staticmethod
    def _get(session: Session, username: str) -> StaffUser:
        user = session.scalar(select(StaffUser).where(StaffUser.username == username))
        if user is None:
            raise StaffAccountError(f"no staff user {username!r}")
        return user

    def verify(self, username: str, password: str, max_attempts: int, lockout: timedelta) -> LoginResult:
        """Check a log-in; count failures and lock the account at `max_attempts` in a row."""
        now = self.clock()
        with self.repository.session() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
            if user is None:
                _safe_verify(_DUMMY_HASH, password)
                return LoginResult(None, username, None, "bad_credentials")
            locked_until = as_utc(user.locked_until)
            if locked_until is not None and locked_until > now:
                return LoginResult(user.id, user.username, user.role, "locked")
            if not _safe_verify(user.password_hash, password):
                user.failed_attempts += 1
                if user.failed_attempts >= max_attempts:
                    user.locked_until = now + lockout
                    user.failed_attempts = 0
                    return LoginResult(user.id, user.username, user.role, "locked")
                return LoginResult(user.id, user.username, user.role, "bad_credentials")
            if not user.active:
                return LoginResult(user.id, user.username, user.role, "inactive")
            user.failed_attempts = 0
            user.locked_until = None
            user.last_login_at = now
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            return LoginResult(user.id, user.username, user.role, "ok")


def _safe_verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
