"""Console pages for the KPI report (printable HTML and CSV) and the per-FAQ quality view."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.deps import ConciergeDep
from app.staff import audit
from app.staff.auth import PageActor, repository_of, staff_settings_of
from app.staff.context import client_ip, day_range, render
from app.staff.kpi import COLUMNS, PERIODS, build_kpis, formatted
from app.staff.quality import SORTS, faq_quality, sort_rows
from app.staff.report import kpi_csv, period_label
from app.staff.wording import REASON_LABELS

router = APIRouter(include_in_schema=False)  # included by pages_insight under /staff


def _period(request: Request) -> str:
    period = request.query_params.get("by", "day")
    return period if period in PERIODS else "day"


@router.get("/report", response_class=HTMLResponse)
def report(request: Request, actor: PageActor) -> Response:
    first, last = day_range(request.query_params, default_days=28)
    period = _period(request)
    kpis = build_kpis(repository_of(request), first, last, period, staff_settings_of(request).daily_question_limit)
    query = urlencode({"from": first.isoformat(), "to": last.isoformat(), "by": period})
    return render(
        request, "staff/report.html", actor, "report", "利用状況の報告（KPI）",
        kpis=kpis, columns=COLUMNS, formatted=formatted, period_label=period_label, periods=PERIODS,
        first=first, last=last, period=period, csv_query=query,
        made_at=datetime.now(UTC),
    )


@router.get("/report.csv")
def report_csv(request: Request, actor: PageActor) -> Response:
    first, last = day_range(request.query_params, default_days=28)
    period = _period(request)
    repository = repository_of(request)
    kpis = build_kpis(repository, first, last, period, staff_settings_of(request).daily_question_limit)
    audit.record(repository, actor.username, "export_report", None,
                 {"from": first.isoformat(), "to": last.isoformat(), "by": period}, client_ip(request))
    name = f"hwis-kpi-{first.isoformat()}-{last.isoformat()}-{period}.csv"
    return Response(kpi_csv(kpis), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/faqs", response_class=HTMLResponse)
def faqs(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    first, last = day_range(request.query_params, default_days=30)
    entries = concierge.knowledge.store.entries
    key = request.query_params.get("sort", "shown")
    key = key if key in SORTS else "shown"
    descending = request.query_params.get("order", "desc") != "asc"
    rows = sort_rows(faq_quality(repository_of(request), first, last, sorted(entries)), key, descending)
    if request.query_params.get("used") != "0":
        rows = [r for r in rows if r.shown or r.offered or r.labelled_correct or r.labelled_wrong]
    base = {"from": first.isoformat(), "to": last.isoformat(), "used": request.query_params.get("used", "1")}

    def sort_url(column: str) -> str:
        order = "asc" if column == key and descending else "desc"
        return "?" + urlencode({**base, "sort": column, "order": order})

    return render(
        request, "staff/faqs.html", actor, "faqs", "FAQごとの評価",
        rows=rows, first=first, last=last, sorts=SORTS, sort_key=key, descending=descending, sort_url=sort_url,
        questions={faq_id: entry.question for faq_id, entry in entries.items()}, reason_labels=REASON_LABELS,
        show_unused=request.query_params.get("used") == "0",
    )
