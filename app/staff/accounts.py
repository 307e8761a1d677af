"""Staff users: argon2id password hashes, log-in checks with lock-out after repeated failures."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.storage.repository import Repository
from app.storage.staff_models import ROLES, LoginFailures, StaffSession, StaffUser

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


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise StaffAccountError(f"password must have at least {MIN_PASSWORD_CHARS} characters")


class StaffAccounts:
    def __init__(
        self, repository: Repository, clock: Callable[[], datetime] = lambda: datetime.now(UTC), pepper: str = ""
    ) -> None:
        self.repository = repository
        self.clock = clock
        self.pepper = pepper.encode()

    def _failure_key(self, username: str) -> str:
        return hmac.new(self.pepper, username.strip().casefold().encode(), hashlib.sha256).hexdigest()

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
            session.execute(delete(LoginFailures).where(LoginFailures.key == self._failure_key(username)))
            session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))  # log out everywhere

    def set_active(self, username: str, active: bool) -> None:
        with self.repository.session() as session:
            user = self._get(session, username)
            user.active = active
            if not active:
                session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))

    def unlock(self, username: str) -> None:
        with self.repository.session() as session:
            self._get(session, username)
            session.execute(delete(LoginFailures).where(LoginFailures.key == self._failure_key(username)))

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
        """Check a log-in; count failures per typed name and lock it at `max_attempts` in a row.

        Known and unknown names are counted, locked and answered alike (and cost the same time),
        so the answers never tell which staff user names exist.
        """
        now = self.clock()
        key = self._failure_key(username)
        with self.repository.session() as session:
            failures = session.get(LoginFailures, key)
            if failures is not None and failures.locked_until is not None and failures.locked_until > now:
                return LoginResult(None, username, None, "locked")
            user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
            if user is None or not _safe_verify(user.password_hash, password):
                if user is None:
                    _safe_verify(_DUMMY_HASH, password)
                if failures is None:
                    failures = LoginFailures(key=key, failed_attempts=0)
                    session.add(failures)
                failures.failed_attempts += 1
                if failures.failed_attempts >= max_attempts:
                    failures.failed_attempts, failures.locked_until = 0, now + lockout
                    return LoginResult(None, username, None, "locked")
                return LoginResult(user.id if user else None, username, user.role if user else None,
                                   "bad_credentials")
            if failures is not None:
                session.delete(failures)
            if not user.active:
                return LoginResult(user.id, user.username, user.role, "inactive")
            user.last_login_at = now
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            return LoginResult(user.id, user.username, user.role, "ok")


def _safe_verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
