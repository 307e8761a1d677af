"""Console pages that sum up: the dashboard (charts + tables) and the unanswered-question clusters."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.deps import ConciergeDep
from app.staff import audit
from app.staff.auth import PageActor, repository_of, staff_settings_of
from app.staff.charts import Series, bar_rows, column_chart
from app.staff.clusters import report_for
from app.staff.context import client_ip, day_range, render
from app.staff.dashboard import OUTCOME_LABELS, TEXT_OUTCOMES, Dashboard, build_dashboard

router = APIRouter(prefix="/staff", include_in_schema=False)


def charts(board: Dashboard) -> dict[str, Any]:
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
        "top_faqs": bar_rows(board.top_faqs, "fill-teal"),
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
    board = build_dashboard(repository_of(request), first, last)
    entries = concierge.knowledge.store.entries
    return render(
        request, "staff/dashboard.html", actor, "dashboard", "ダッシュボード",
        first=first, last=last, board=board, charts=charts(board),
        questions={faq_id: entry.question for faq_id, entry in entries.items()},
    )


@router.get("/clusters", response_class=HTMLResponse)
def clusters(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    first, last = day_range(request.query_params, default_days=30)
    include_clarify = request.query_params.get("clarify") == "1"
    staff = staff_settings_of(request)
    repository = repository_of(request)
    report = report_for(
        repository, concierge.knowledge, first, last, staff.cluster_threshold, staff.cluster_max_questions,
        include_clarify,
    )
    audit.record(repository, actor.username, "clusters", None,
                 {"from": first.isoformat(), "to": last.isoformat(), "questions": report.questions},
                 client_ip(request))
    return render(
        request, "staff/clusters.html", actor, "clusters", "未回答の質問のまとまり",
        first=first, last=last, report=report, include_clarify=include_clarify,
        threshold=staff.cluster_threshold,
    )
