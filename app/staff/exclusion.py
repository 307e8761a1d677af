"""Exclusion: ban and unban accounts (with a reason, audited), and the accounts to review."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.staff import audit
from app.storage.models import Account, Conversation, GuardrailEvent
from app.storage.repository import Repository

MAX_REASON_CHARS = 500


class ExclusionError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AccountRow:
    account: Account
    conversations: int
    events: int


def review_accounts(repository: Repository) -> tuple[list[AccountRow], list[AccountRow]]:
    """(flagged or suspended accounts not banned, banned accounts), each with activity counts."""
    with repository.session() as session:
        conversations = (
            select(func.count(Conversation.id)).where(Conversation.account_id == Account.id).scalar_subquery()
        )
        events = select(func.count(GuardrailEvent.id)).where(GuardrailEvent.account_id == Account.id).scalar_subquery()
        query = select(Account, conversations, events).order_by(Account.strikes.desc(), Account.id)
        flagged = session.execute(
            query.where(
                Account.banned.is_(False), or_(Account.flagged.is_(True), Account.suspended_until.is_not(None))
            )
        ).all()
        banned = session.execute(query.where(Account.banned.is_(True))).all()
    return (
        [AccountRow(a, int(c or 0), int(e or 0)) for a, c, e in flagged],
        [AccountRow(a, int(c or 0), int(e or 0)) for a, c, e in banned],
    )


def ban(repository: Repository, account_id: str, reason: str, actor: str, client_ip: str | None) -> None:
    reason = reason.strip()
    if not reason:
        raise ExclusionError("利用停止の理由を入力してください。")
    if len(reason) > MAX_REASON_CHARS:
        raise ExclusionError(f"理由は{MAX_REASON_CHARS}文字以内で入力してください。")
    if not repository.set_ban(account_id.strip(), True, reason):
        raise ExclusionError("指定されたアカウントが見つかりません。")
    audit.record(repository, actor, "ban", account_id, {"reason": reason}, client_ip)


def unban(repository: Repository, account_id: str, actor: str, client_ip: str | None) -> None:
    if not repository.set_ban(account_id.strip(), False, None):
        raise ExclusionError("指定されたアカウントが見つかりません。")
    audit.record(repository, actor, "unban", account_id, {}, client_ip)
