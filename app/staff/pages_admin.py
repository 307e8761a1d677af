"""Console pages for exclusion, exports, the retention purge and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from app.api.deps import ConciergeDep
from app.pipeline.concierge import Concierge
from app.staff import audit
from app.staff.audit import ACTION_LABELS
from app.staff.auth import PageActor, PageAdmin, repository_of, staff_settings_of
from app.staff.context import client_ip, conversation_filter, redirect, render
from app.staff.exclusion import ExclusionError, ban, review_accounts, unban
from app.staff.export import csv_chunks
from app.staff.forms import read_form
from app.staff.labels import eval_jsonl
from app.staff.purge import purge
from app.staff.sessions import StaffActor

router = APIRouter(prefix="/staff", include_in_schema=False)


def _titles(concierge: Concierge) -> dict[str, str]:
    return {faq_id: entry.question for faq_id, entry in concierge.knowledge.store.entries.items()}
AUDIT_PAGE = 100


def _accounts_page(
    request: Request, actor: StaffActor, error: str | None = None, form: dict[str, str] | None = None
) -> Response:
    flagged, banned = review_accounts(repository_of(request))
    prefill = {"account_id": request.query_params.get("account", "")[:64], "reason": ""}
    return render(
        request, "staff/accounts.html", actor, "accounts", "利用停止・要確認のアカウント", 422 if error else 200,
        flagged=flagged, banned=banned, error=error, form=form or prefill,
    )


@router.get("/accounts", response_class=HTMLResponse)
def accounts(request: Request, actor: PageActor) -> Response:
    return _accounts_page(request, actor)


@router.post("/accounts/ban", response_class=HTMLResponse)
async def ban_account(request: Request, actor: PageAdmin) -> Response:
    form = await read_form(request)
    try:
        ban(repository_of(request), form.get("account_id", ""), form.get("reason", ""), actor.username,
            client_ip(request))
    except ExclusionError as exc:
        return _accounts_page(request, actor, exc.message, form)
    return redirect("/staff/accounts?done=banned")


@router.post("/accounts/unban", response_class=HTMLResponse)
async def unban_account(request: Request, actor: PageAdmin) -> Response:
    form = await read_form(request)
    try:
        unban(repository_of(request), form.get("account_id", ""), actor.username, client_ip(request))
    except ExclusionError as exc:
        return _accounts_page(request, actor, exc.message)
    return redirect("/staff/accounts?done=unbanned")


@router.get("/data", response_class=HTMLResponse)
def data(request: Request, actor: PageActor) -> Response:
    return render(
        request, "staff/data.html", actor, "data", "出力・削除",
        retention_days=staff_settings_of(request).retention_days,
        purge_result=None, export_query=urlencode(conversation_filter(request.query_params).query_args()),
    )


@router.get("/export.csv")
def export_csv(request: Request, actor: PageAdmin, concierge: ConciergeDep) -> Response:
    f = conversation_filter(request.query_params)
    repository = repository_of(request)
    audit.record(repository, actor.username, "export_csv", None, f.query_args(), client_ip(request))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return StreamingResponse(
        csv_chunks(repository, f, concierge.knowledge.menu, _titles(concierge)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="hwis-turns-{stamp}.csv"'},
    )


@router.get("/labels.jsonl")
def export_labels(request: Request, actor: PageActor) -> Response:
    repository = repository_of(request)
    body = eval_jsonl(repository)
    audit.record(repository, actor.username, "export_labels", None, {"rows": body.count("\n")}, client_ip(request))
    return Response(
        body,
        media_type="application/x-ndjson; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="staff-labels.jsonl"'},
    )


@router.post("/purge", response_class=HTMLResponse)
async def purge_old(request: Request, actor: PageAdmin) -> Response:
    form = await read_form(request)
    staff = staff_settings_of(request)
    if form.get("confirm") != "yes":
        return render(
            request, "staff/data.html", actor, "data", "出力・削除", 422,
            retention_days=staff.retention_days, purge_result=None, export_query="",
            purge_error="削除する場合は、確認のチェックを入れてください。",
        )
    repository = repository_of(request)
    result = purge(repository, staff.retention_days, datetime.now(UTC))
    audit.record(repository, actor.username, "purge", None, result.to_dict(), client_ip(request))
    return render(
        request, "staff/data.html", actor, "data", "出力・削除",
        retention_days=staff.retention_days, purge_result=result, export_query="",
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_log(request: Request, actor: PageAdmin) -> Response:
    page_arg = request.query_params.get("page", "1")
    page = int(page_arg) if page_arg.isdigit() and 0 < int(page_arg) < 100_000 else 1
    action = request.query_params.get("action", "")
    action = action if action in ACTION_LABELS else ""
    entries, total = audit.recent(repository_of(request), AUDIT_PAGE, (page - 1) * AUDIT_PAGE, action or None)
    pages = max(1, -(-total // AUDIT_PAGE))
    return render(
        request, "staff/audit.html", actor, "audit", "監査ログ",
        entries=entries, total=total, page=page, pages=pages, action=action, action_labels=ACTION_LABELS,
    )
