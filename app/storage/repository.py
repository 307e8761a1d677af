"""All database reads and writes the orchestrator needs, one short transaction each."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.storage.counters import Counters, DatabaseCounters
from app.storage.models import Account, Consent, Conversation, Feedback, GuardrailEvent, Turn

_CONSENT_CACHE_SIZE = 100_000


class Repository:
    """Thin data access over a session factory."""

    def __init__(self, sessions: sessionmaker[Session], counters: Counters | None = None) -> None:
        self.sessions = sessions
        self.counters: Counters = counters if counters is not None else DatabaseCounters(sessions)
        self._consented: OrderedDict[tuple[str, str], None] = OrderedDict()  # bounded, oldest dropped first

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    # accounts -----------------------------------------------------------
    def get_or_create_account(
        self, account_id: str | None, kind: str = "anonymous", role: str | None = None
    ) -> Account:
        with self.session() as session:
            account = session.get(Account, account_id) if account_id else None
            if account is None:
                account = (
                    Account(kind=kind, role=role)
                    if account_id is None
                    else Account(id=account_id, kind=kind, role=role)
                )
                session.add(account)
                session.flush()
            elif role and account.role != role:
                account.role = role
            return account

    def set_ban(self, account_id: str, banned: bool, reason: str | None) -> bool:
        with self.session() as session:
            account = session.get(Account, account_id)
            if account is None:
                return False
            account.banned = banned
            account.ban_reason = reason if banned else None
            if not banned:
                account.flagged = False
                account.strikes = 0
                account.suspended_until = None
            return True

    def add_strike(self, account_id: str, threshold: int, suspend_until: datetime | None = None) -> int:
        """Count one blocked injection; at `threshold` flag the account (and maybe suspend it)."""
        with self.session() as session:
            account = session.get(Account, account_id)
            if account is None:
                return 0
            account.strikes += 1
            if account.strikes >= threshold:
                account.flagged = True
                if suspend_until is not None:
                    account.suspended_until = suspend_until
            return account.strikes

    def flagged_accounts(self) -> list[Account]:
        with self.session() as session:
            return list(session.scalars(select(Account).where(Account.flagged.is_(True)).order_by(Account.id)))

    # consent --------------------------------------------------------------
    def has_consent(self, account_id: str, version: str) -> bool:
        # Consents are never withdrawn or deleted, so a "yes" is remembered (a new terms version is a new key).
        if (account_id, version) in self._consented:
            return True
        with self.session() as session:
            found = session.scalar(
                select(Consent.id).where(Consent.account_id == account_id, Consent.terms_version == version)
            )
        if found is None:
            return False
        self._remember_consent(account_id, version)
        return True

    def _remember_consent(self, account_id: str, version: str) -> None:
        self._consented[(account_id, version)] = None
        if len(self._consented) > _CONSENT_CACHE_SIZE:
            self._consented.popitem(last=False)

    def record_consent(self, account_id: str, version: str) -> None:
        with self.session() as session:
            exists = session.scalar(
                select(Consent.id).where(Consent.account_id == account_id, Consent.terms_version == version)
            )
            if exists is None:
                session.add(Consent(account_id=account_id, terms_version=version))
        self._remember_consent(account_id, version)

    # quotas ---------------------------------------------------------------
    def take_quota(self, keys_and_limits: list[tuple[str, int]], day: date) -> list[int] | int:
        """Take one question from every (key, limit) at once.

        Returns the new counts, or the index of the first key whose limit was
        reached (then nothing is taken from any key).
        """
        return self.counters.take(keys_and_limits, day)

    def add_count(self, key: str, day: date, amount: int) -> None:
        """Add `amount` to a daily counter with no limit (e.g. LLM tokens spent)."""
        self.counters.add(key, day, amount)

    def used_today(self, key: str, day: date) -> int:
        return self.counters.used(key, day)

    def give_back_quota(self, keys: list[str], day: date) -> None:
        """Return one question to each key (the question could not be stored)."""
        self.counters.give_back(keys, day)

    def ping(self) -> None:
        """Raise if the database or the counter store cannot be reached."""
        with self.session() as session:
            session.execute(text("SELECT 1"))
        self.counters.ping()

    # conversations and turns ------------------------------------------------
    def create_conversation(self, account_id: str) -> str:
        with self.session() as session:
            conversation = Conversation(account_id=account_id)
            session.add(conversation)
            session.flush()
            return conversation.id

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        with self.session() as session:
            return session.get(Conversation, conversation_id)

    def save_turn(self, turn: Turn, menu_node: str | None, event: GuardrailEvent | None = None) -> str:
        with self.session() as session:
            session.add(turn)
            session.flush()
            if menu_node is not None:
                conversation = session.get(Conversation, turn.conversation_id)
                if conversation is not None:
                    conversation.menu_node = menu_node
            if event is not None:
                event.turn_id = turn.id
                session.add(event)
            return turn.id

    def turn_owner(self, turn_id: str) -> str | None:
        with self.session() as session:
            return session.scalar(
                select(Conversation.account_id)
                .join(Turn, Turn.conversation_id == Conversation.id)
                .where(Turn.id == turn_id)
            )

    def add_feedback(self, turn_id: str, helpful: bool, reason: str | None = None) -> None:
        with self.session() as session:
            session.add(Feedback(turn_id=turn_id, helpful=helpful, reason=reason))

    def count(self, model: Any, since: datetime | None = None) -> int:
        with self.session() as session:
            query = select(func.count()).select_from(model)
            if since is not None:
                query = query.where(model.created_at >= since)
            return int(session.scalar(query) or 0)
