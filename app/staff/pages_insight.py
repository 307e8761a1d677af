"""Console pages that sum up: the dashboard (KPIs, charts, tables) and the unanswered-question clusters
(merged by wording; a cluster can be set aside as off-topic and brought back, both audited)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.deps import ConciergeDep
from app.staff import audit
from app.staff.auth import PageActor, repository_of, staff_settings_of
from app.staff.charts import Series, bar_rows, column_chart
from app.staff.clusters import report_for
from app.staff.context import client_ip, day_range, redirect, render
from app.staff.dashboard import OUTCOME_LABELS, TEXT_OUTCOMES, Dashboard, build_dashboard
from app.staff.dismissals import dismiss, restore
from app.staff.forms import parse_day, read_form
from app.staff.kpi import COLUMNS, PERIODS, build_kpis, formatted
from app.staff.pages_faq import router as faq_router
from app.staff.pages_quality import router as quality_router
from app.staff.report import period_label
from app.staff.sessions import StaffActor

router = APIRouter(prefix="/staff", include_in_schema=False)
router.include_router(quality_router)
router.include_router(faq_router)


def charts(board: Dashboard, titles: dict[str, str] | None = None) -> dict[str, Any]:
    titles = titles or {}
    days = [f"{d.month}/{d.day}" for d in board.days]
    every = max(1, len(days) // 7)
    total = sum(board.outcomes[o] for o in TEXT_OUTCOMES)
    outcome_rows = [(OUTCOME_LABELS[o], board.outcomes[o]) for o in TEXT_OUTCOMES]
    return {
        "questions": column_chart(days, [Series("自由入力の質問", board.questions, "fill-blue")], every),
        "outcomes": bar_rows(outcome_rows, "fill-blue"),
        "outcome_shares": [
            (label, n, f"{(100 * n / total):.1f}%" if total else "0.0%") for label, n in outcome_rows
        ],
        "top_faqs": bar_rows([(titles.get(f, f), n) for f, n in board.top_faqs], "fill-teal"),
        "llm_calls": column_chart(days, [Series("LLM呼び出し", board.llm_calls, "fill-purple")], every),
        "tokens": column_chart(
            days,
            [Series("入力トークン", board.prompt_tokens, "fill-blue"),
             Series("出力トークン", board.completion_tokens, "fill-orange")],
            every,
        ),
        "feedback": column_chart(
            days,
            [Series("解決した", board.helpful, "fill-green"), Series("解決しなかった", board.not_helpful, "fill-red")],
            every,
        ),
        "day_labels": days,
        "totals": {
            "questions": sum(board.questions),
            "menu_steps": sum(board.menu_steps),
            "llm_calls": sum(board.llm_calls),
            "tokens": sum(board.prompt_tokens) + sum(board.completion_tokens),
            "helpful": sum(board.helpful),
            "not_helpful": sum(board.not_helpful),
            "answered_share": f"{(100 * board.outcomes['answer'] / total):.1f}%" if total else "—",
        },
    }


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    first, last = day_range(request.query_params)
    period = request.query_params.get("by", "day")
    period = period if period in PERIODS else "day"
    repository = repository_of(request)
    staff = staff_settings_of(request)
    board = build_dashboard(repository, first, last)
    kpis = build_kpis(repository, first, last, period, staff.daily_question_limit)
    entries = concierge.knowledge.store.entries
    titles = {faq_id: entry.question for faq_id, entry in entries.items()}
    return render(
        request, "staff/dashboard.html", actor, "dashboard", "ダッシュボード",
        first=first, last=last, board=board, charts=charts(board, titles), kpis=kpis, columns=COLUMNS,
        formatted=formatted, period_label=period_label, periods=PERIODS, period=period,
        llm_enabled=bool(staff.llm_base_url),
        range_query=urlencode({"from": first.isoformat(), "to": last.isoformat()}),
        questions=titles,
    )


@router.get("/clusters", response_class=HTMLResponse)
def clusters(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    first, last = day_range(request.query_params, default_days=30)
    include_clarify = request.query_params.get("clarify") == "1"
    show_dismissed = request.query_params.get("dismissed") == "1"
    staff = staff_settings_of(request)
    repository = repository_of(request)
    report = report_for(
        repository, concierge.knowledge, first, last, staff.cluster_threshold, staff.cluster_max_questions,
        include_clarify, show_dismissed,
    )
    focus = request.query_params.get("turn", "")
    if focus:  # one question's cluster, opened from its turn page
        found = report.find(focus)
        report.clusters = [found] if found is not None and found in report.clusters else []
        report.singletons = [found] if found is not None and found in report.singletons else []
        report.dismissed = [found] if found is not None and found in report.dismissed else []
    audit.record(repository, actor.username, "clusters", None,
                 {"from": first.isoformat(), "to": last.isoformat(), "questions": report.questions,
                  "wordings": report.wordings}, client_ip(request))
    return render(
        request, "staff/clusters.html", actor, "clusters", "未回答の質問のまとまり",
        first=first, last=last, report=report, include_clarify=include_clarify, show_dismissed=show_dismissed,
        threshold=staff.cluster_threshold, focus=focus,
    )


async def _cluster_action(request: Request, actor: StaffActor, concierge: ConciergeDep, action: str) -> Response:
    """Set aside (or bring back) every wording of the cluster that holds the posted turn."""
    form = await read_form(request)
    first = parse_day(form.get("from"))
    last = parse_day(form.get("to"))
    include_clarify = form.get("clarify") == "1"
    back = {"from": form.get("from", ""), "to": form.get("to", ""), "clarify": "1" if include_clarify else "",
            "dismissed": "1" if action == "restore_cluster" else ""}
    query = urlencode({k: v for k, v in back.items() if v})
    if first is None or last is None:
        return redirect(f"/staff/clusters?{query}")
    staff = staff_settings_of(request)
    repository = repository_of(request)
    report = report_for(repository, concierge.knowledge, first, last, staff.cluster_threshold,
                        staff.cluster_max_questions, include_clarify, show_dismissed=True)
    cluster = report.find(form.get("turn", ""))
    if cluster is None:
        return render(request, "staff/error.html", actor, "clusters", "見つかりません", 404,
                      message="指定されたまとまりが見つかりません。画面を再読み込みしてからもう一度操作してください。")
    changed = dismiss(repository, cluster.keys, actor.username) if action == "dismiss_cluster" \
        else restore(repository, cluster.keys)
    audit.record(repository, actor.username, action, cluster.leader_turn,
                 {"questions": cluster.size, "wordings": len(cluster.wordings), "changed": changed,
                  "reason": "off_topic"}, client_ip(request))
    done = "cluster_dismissed" if action == "dismiss_cluster" else "cluster_restored"
    return redirect(f"/staff/clusters?{query}{'&' if query else ''}done={done}")


@router.post("/clusters/dismiss", response_class=HTMLResponse)
async def dismiss_cluster(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    return await _cluster_action(request, actor, concierge, "dismiss_cluster")


@router.post("/clusters/restore", response_class=HTMLResponse)
async def restore_cluster(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    return await _cluster_action(request, actor, concierge, "restore_cluster")
