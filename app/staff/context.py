"""Rendering helpers shared by the console's page routers."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import QueryParams

from app.staff.forms import parse_day
from app.staff.queries import AUDIENCES, OUTCOMES, ConversationFilter
from app.staff.sessions import StaffActor
from app.staff.wording import AUDIENCE_LABELS
from app.web.templating import templates
from guardrails.access import JST

NAV = (
    ("dashboard", "/staff", "ダッシュボード", False),
    ("conversations", "/staff/conversations", "会話ログ", False),
    ("faqs", "/staff/faqs", "FAQごとの評価", False),
    ("clusters", "/staff/clusters", "未回答の質問", False),
    ("drafts", "/staff/faq/drafts", "FAQの変更", False),
    ("report", "/staff/report", "報告書", False),
    ("accounts", "/staff/accounts", "利用停止・要確認", False),
    ("data", "/staff/data", "出力・削除", False),
    ("audit", "/staff/audit", "監査ログ", True),
)
NOTICES = {
    "label_saved": "ラベルを保存しました。",
    "all_labelled": "ラベルの付いていない質問はありません。",
    "cluster_dismissed": (
        "保存しました。このまとまりを対象外にしました（ハローワークの案内とは関係のない質問として扱います）。"
    ),
    "cluster_restored": "保存しました。このまとまりを一覧に戻しました。",
    "banned": "アカウントを利用停止にしました。",
    "unbanned": "アカウントの利用停止を解除しました。",
    "purged": "保存期間を過ぎた記録を削除しました。",
    "logged_out": "ログアウトしました。",
    "draft_saved": "下書きを保存しました。別の管理者が承認すると公開されます。",
    "approved": "承認して公開しました。数秒ですべてのワーカーが新しい版で回答します（再起動は不要です）。",
    "rejected": "下書きを却下しました。",
}


def today_jst() -> date:
    return datetime.now(JST).date()


def day_range(params: QueryParams, default_days: int = 14) -> tuple[date, date]:
    """(first, last) JST days from `from`/`to`, defaulting to the last `default_days` days."""
    last = parse_day(params.get("to")) or today_jst()
    first = parse_day(params.get("from")) or last - timedelta(days=default_days - 1)
    if first > last:
        first, last = last, first
    if (last - first).days > 366:
        first = last - timedelta(days=366)
    return first, last


def conversation_filter(params: QueryParams) -> ConversationFilter:
    page = params.get("page", "1")
    audience, outcome = params.get("audience", ""), params.get("outcome", "")
    return ConversationFilter(
        day_from=parse_day(params.get("from")),
        day_to=parse_day(params.get("to")),
        audience=audience if audience in AUDIENCES else "",
        outcome=outcome if outcome in OUTCOMES else "",
        guard=params.get("guard", "")[:32],
        negative=params.get("negative") == "1",
        faq_id=params.get("faq_id", "").strip()[:64],
        text=search_text(params.get("q", "")),
        page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
    )


def search_text(value: str) -> str:
    """A search word folded like the stored questions (NFKC, lower case), at most 100 characters."""
    return unicodedata.normalize("NFKC", value).casefold().strip()[:100]


def render(
    request: Request, template: str, actor: StaffActor | None, current: str, title: str, status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    notice = NOTICES.get(request.query_params.get("done", ""))
    nav = [item for item in NAV if actor is not None and (actor.is_admin or not item[3])]
    return templates.TemplateResponse(
        request,
        template,
        {
            "actor": actor, "csrf_token": actor.csrf_token if actor else "", "nav": nav, "current": current,
            "title": title, "notice": notice, "audience_labels": AUDIENCE_LABELS, **context,
        },
        status_code=status_code,
    )


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def client_ip(request: Request) -> str | None:
    return getattr(request.state, "client_ip", None) or (request.client.host if request.client else None)
