"""Access rules: terms consent, account exclusion and daily question caps.

The rules and their exceptions live here; the database counters that enforce the
caps atomically live in `app/storage/repository.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")
GLOBAL_KEY = "__global__"
HELLOWORK_OFFICES_URL = "https://www.mhlw.go.jp/kyujin/hwmap.html"


class AccessDenied(Exception):
    """Base class: `code` for clients, `message` in Japanese for users."""

    code = "access_denied"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConsentRequired(AccessDenied):
    code = "consent_required"

    def __init__(self, terms_version: str) -> None:
        super().__init__("ご利用の前に、最新の利用規約をご確認のうえ同意してください。")
        self.terms_version = terms_version


class AccountBanned(AccessDenied):
    code = "account_banned"

    def __init__(self) -> None:
        super().__init__(
            "このアカウントでは現在コンシェルジュをご利用いただけません。"
            f"ご用件はお近くのハローワークにお問い合わせください（{HELLOWORK_OFFICES_URL}）。"
        )


class AccountSuspended(AccessDenied):
    code = "account_suspended"

    def __init__(self, until: datetime) -> None:
        super().__init__(
            "不適切な入力が続いたため、このアカウントでのご利用を一時的に停止しています。"
            f"{until.astimezone(JST):%m月%d日%H時%M分}（日本時間）以降に再度ご利用ください。"
            f"ご用件はお近くのハローワークにお問い合わせください（{HELLOWORK_OFFICES_URL}）。"
        )
        self.until = until


class QuotaExceeded(AccessDenied):
    code = "quota_exceeded"

    def __init__(self, scope: str, resets_at: datetime, now: datetime) -> None:
        who = "本日のサービス全体の受付上限" if scope == "global" else "本日のご質問の上限"
        super().__init__(
            f"{who}に達しました。{resets_at:%m月%d日%H時%M分}（日本時間）以降に再度ご利用ください。"
            "メニューからのご案内は引き続きご利用いただけます。"
            f"お急ぎの場合はお近くのハローワークにお問い合わせください（{HELLOWORK_OFFICES_URL}）。"
        )
        self.scope = scope
        self.resets_at = resets_at
        self.retry_after = max(1, int((resets_at - now).total_seconds()))


@dataclass(frozen=True)
class QuotaDay:
    """The JST calendar day a moment falls in, and when the next one starts."""

    day: date
    resets_at: datetime

    @classmethod
    def of(cls, moment: datetime) -> QuotaDay:
        local = moment.astimezone(JST)
        next_midnight = datetime.combine(local.date() + timedelta(days=1), time(0, 0), tzinfo=JST)
        return cls(local.date(), next_midnight)
