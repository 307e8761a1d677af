"""Console pages for review: the filtered conversation list, a conversation, a turn and its label."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.deps import ConciergeDep
from app.pipeline.concierge import Concierge
from app.pipeline.faq_versions import FaqVersions
from app.pipeline.replies import HANDOFF_MESSAGE
from app.staff import audit
from app.staff.auth import PageActor, repository_of
from app.staff.context import client_ip, conversation_filter, redirect, render, today_jst
from app.staff.details import conversation_detail, turn_detail
from app.staff.forms import read_form
from app.staff.labels import VERDICT_LABELS, LabelError, set_label
from app.staff.queries import PAGE_SIZE, guard_names, list_conversations, next_unlabelled
from app.staff.sessions import StaffActor
from app.staff.wording import GUARD_LABELS, OUTCOME_LABELS, REASON_LABELS, feedback_label, menu_path_text
from guardrails.access import JST

router = APIRouter(prefix="/staff", include_in_schema=False)


def _faq_choices(concierge: Concierge) -> list[tuple[str, str]]:
    entries = concierge.knowledge.store.entries
    return [(faq_id, entries[faq_id].question) for faq_id in sorted(entries)]


def _words(concierge: Concierge) -> dict[str, Any]:
    """What every review page needs to show codes as Japanese."""
    entries, tree = concierge.knowledge.store.entries, concierge.knowledge.menu
    return {
        "questions": {faq_id: entry.question for faq_id, entry in entries.items()},
        "menu_text": lambda path: menu_path_text(tree, path or []),
        "feedback_label": feedback_label,
        "outcome_labels": OUTCOME_LABELS,
        "guard_labels": GUARD_LABELS,
        "reason_labels": REASON_LABELS,
        "verdict_labels": VERDICT_LABELS,
    }


@router.get("/conversations", response_class=HTMLResponse)
def conversations(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    repository = repository_of(request)
    f = conversation_filter(request.query_params)
    rows, total = list_conversations(repository, f)
    pages = max(1, -(-total // PAGE_SIZE))
    args = f.query_args()
    return render(
        request, "staff/conversations.html", actor, "conversations", "会話ログ",
        filter=f, rows=rows, total=total, page=f.page, pages=pages,
        guards=guard_names(repository), faq_choices=_faq_choices(concierge),
        prev_url=f"?{urlencode({**args, 'page': f.page - 1})}" if f.page > 1 else None,
        next_url=f"?{urlencode({**args, 'page': f.page + 1})}" if f.page < pages else None,
        export_query=urlencode(args), **_words(concierge),
    )


@router.get("/conversations/{conversation_id}", response_class=HTMLResponse)
def conversation(conversation_id: str, request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    repository = repository_of(request)
    detail = conversation_detail(repository, conversation_id)
    if detail is None:
        return render(request, "staff/error.html", actor, "conversations", "見つかりません", 404,
                      message="指定された会話が見つかりません（保存期間を過ぎて削除された可能性があります）。")
    audit.record(repository, actor.username, "view_conversation", conversation_id, {}, client_ip(request))
    return render(
        request, "staff/conversation.html", actor, "conversations", "会話の詳細",
        detail=detail, **_words(concierge),
    )


def _turn_page(
    request: Request, actor: StaffActor, concierge: Concierge, turn_id: str, error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    repository = repository_of(request)
    found = turn_detail(repository, turn_id)
    if found is None:
        return render(request, "staff/error.html", actor, "conversations", "見つかりません", 404,
                      message="指定されたターンが見つかりません（保存期間を過ぎて削除された可能性があります）。")
    detail, view = found
    position, previous_id, next_id = detail.position(turn_id)
    turn = view.turn
    candidate_columns: list[str] = []
    for candidate in turn.candidates or []:
        candidate_columns += [k for k in candidate if k not in ("faq_id", "score") and k not in candidate_columns]
    label: dict[str, Any] = form or (
        {"verdict": view.label.verdict, "expected_faq_id": view.label.expected_faq_id or "",
         "note": view.label.note or ""}
        if view.label else {"verdict": "", "expected_faq_id": "", "note": ""}
    )
    shown = FaqVersions(repository).entry_as_shown(turn.faq_id, turn.faq_version, concierge.knowledge.store) \
        if turn.faq_id else None
    picked = None
    if turn.outcome == "clarify" and next_id:
        following = detail.turns[position].turn
        picked = following.faq_id if following.input_kind == "menu" and following.faq_id in turn.suggestions else None
    return render(
        request, "staff/turn.html", actor, "conversations", "ターンの詳細", 422 if error else 200,
        detail=detail, view=view, turn=turn, position=position, previous_id=previous_id, next_id=next_id,
        entry=shown[0] if shown else None, picked=picked,
        current_version=concierge.knowledge.version,
        cluster_query=urlencode({"turn": turn.id, "from": (turn.created_at.astimezone(JST).date()).isoformat(),
                                 "to": today_jst().isoformat(), "clarify": "1"}),
        handoff_message=HANDOFF_MESSAGE, candidate_columns=candidate_columns, faq_choices=_faq_choices(concierge),
        label=label, label_error=error, next_unlabelled=next_unlabelled(repository, turn.created_at, turn.id),
        **_words(concierge),
    )


@router.get("/turns/{turn_id}", response_class=HTMLResponse)
def turn(turn_id: str, request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    audit.record(repository_of(request), actor.username, "view_turn", turn_id, {}, client_ip(request))
    return _turn_page(request, actor, concierge, turn_id)


@router.get("/review/next", response_class=HTMLResponse)
def next_turn(request: Request, actor: PageActor) -> Response:
    """The oldest typed question nobody has labelled yet."""
    found = next_unlabelled(repository_of(request))
    return redirect(f"/staff/turns/{found}" if found else "/staff/conversations?done=all_labelled")


@router.post("/turns/{turn_id}/label", response_class=HTMLResponse)
async def label(turn_id: str, request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    form = await read_form(request)
    repository = repository_of(request)
    try:
        saved = set_label(
            repository, turn_id, form.get("verdict", ""), form.get("expected_faq_id"), form.get("note"),
            actor.username, concierge.knowledge.store.entries.keys(),
        )
    except LabelError as exc:
        return _turn_page(request, actor, concierge, turn_id, exc.message, form)
    audit.record(
        repository, actor.username, "label", turn_id,
        {"verdict": saved.verdict, "expected_faq_id": saved.expected_faq_id}, client_ip(request),
    )
    return redirect(f"/staff/turns/{turn_id}?done=label_saved")
