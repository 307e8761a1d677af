"""Enforces the access rules of `guardrails.access` against the database.

Exclusion, consent to the current terms, the daily caps (per account, per client IP
for anonymous accounts, and global) and injection strikes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from app.pipeline.errors import InvalidTermsVersion
from app.settings import Settings
from app.storage.models import Account
from app.storage.repository import Repository
from guardrails.access import (
    GLOBAL_KEY,
    AccountBanned,
    AccountSuspended,
    ConsentRequired,
    QuotaDay,
    QuotaExceeded,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuestionTaken:
    """One question taken from the daily caps: what is left, and the counters it was taken from."""

    remaining: int
    keys: tuple[str, ...]
    day: date


class AccessControl:
    def __init__(
        self, settings: Settings, repository: Repository, terms_version: str, clock: Callable[[], datetime]
    ) -> None:
        self.settings = settings
        self.repository = repository
        self.terms_version = terms_version
        self.clock = clock

    def exclusion(self, account: Account) -> AccountBanned | AccountSuspended | None:
        """Why the account may not ask now (banned, or suspended until a later moment), else None."""
        if account.banned:
            return AccountBanned()
        until = account.suspended_until  # aware, in UTC (app.storage.types.UTCDateTime)
        if until is not None and until > self.clock():
            return AccountSuspended(until)
        return None

    def check(self, account: Account) -> None:
        """Raise if the account is excluded, suspended, or has not consented to the current terms."""
        denied = self.exclusion(account)
        if denied is not None:
            raise denied
        if not self.repository.has_consent(account.id, self.terms_version):
            raise ConsentRequired(self.terms_version)

    def consent(self, account: Account, terms_version: str) -> None:
        if terms_version != self.terms_version:
            raise InvalidTermsVersion(terms_version)
        self.repository.record_consent(account.id, terms_version)

    def remaining_today(self, account: Account) -> int:
        day = QuotaDay.of(self.clock()).day
        return max(0, self.settings.daily_question_limit - self.repository.used_today(account.id, day))

    def take_question(self, account: Account, client_ip: str | None) -> QuestionTaken:
        """Take one free-text question from every cap, atomically; say what the account has left."""
        now = self.clock()
        quota_day = QuotaDay.of(now)
        caps: list[tuple[str, str, int]] = [("account", account.id, self.settings.daily_question_limit)]
        if account.kind == "anonymous" and client_ip:
            caps.append(("ip", f"ip:{client_ip}", self.settings.anonymous_ip_daily_limit))
        caps.append(("global", GLOBAL_KEY, self.settings.global_daily_limit))
        result = self.repository.take_quota([(key, limit) for _, key, limit in caps], quota_day.day)
        if isinstance(result, int):
            raise QuotaExceeded(caps[result][0], quota_day.resets_at, now)
        remaining = max(0, self.settings.daily_question_limit - result[0])
        return QuestionTaken(remaining, tuple(key for _, key, _ in caps), quota_day.day)

    def give_back(self, taken: QuestionTaken) -> None:
        """Return a question that could not be answered and stored (best effort: the store may be down too)."""
        try:
            self.repository.give_back_quota(list(taken.keys), taken.day)
        except Exception:
            logger.warning("could not give back a question to the daily caps")

    def strike(self, account: Account) -> int:
        """Record a blocked injection attempt; flag (and optionally suspend) at the threshold."""
        suspend_until = QuotaDay.of(self.clock()).resets_at if self.settings.suspend_on_flag else None
        return self.repository.add_strike(account.id, self.settings.injection_strike_threshold, suspend_until)
