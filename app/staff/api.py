"""Staff JSON API under /api/v1/staff: a staff session (CSRF header on writes) or X-Staff-Token.

Review (conversations, turns, labels), data (exports, purge) and exclusion (ban, unban, flagged
accounts: admin role, written to the audit log).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import ClientIpDep, ConciergeDep, RepositoryDep
from app.pipeline.errors import NotFound
from app.staff import audit, exclusion
from app.staff.auth import ApiActor, ApiAdmin, repository_of, require_staff_session_or_token, staff_settings_of
from app.staff.clusters import report_for
from app.staff.context import client_ip, conversation_filter, day_range
from app.staff.dashboard import build_dashboard
from app.staff.details import conversation_detail, turn_detail, turn_payload
from app.staff.export import csv_chunks
from app.staff.labels import MAX_NOTE_CHARS, LabelError, eval_jsonl, set_label
from app.staff.purge import purge
from app.staff.queries import list_conversations
from app.storage.models import Account

router = APIRouter(
    prefix="/api/v1/staff", tags=["staff"], dependencies=[Depends(require_staff_session_or_token)]
)


class LabelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    verdict: str = Field(pattern="^(correct|wrong|new_faq)$")
    expected_faq_id: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)


@router.get("/me")
def me(actor: ApiActor) -> dict[str, Any]:
    return {"username": actor.username, "role": actor.role, "via": actor.via, "csrf_token": actor.csrf_token}


@router.get("/conversations")
def conversations(request: Request, actor: ApiActor) -> dict[str, Any]:
    f = conversation_filter(request.query_params)
    rows, total = list_conversations(repository_of(request), f)
    return {
        "total": total,
        "page": f.page,
        "items": [
            {
                "id": r.id, "created_at": r.created_at.isoformat(), "account_id": r.account_id,
                "audience": r.audience, "turns": r.turns, "outcomes": dict(r.outcomes), "faq_ids": r.faq_ids,
                "negative_feedback": r.negative, "guard_events": r.events, "labels": r.labels,
            }
            for r in rows
        ],
    }


@router.get("/conversations/{conversation_id}")
def conversation(conversation_id: str, request: Request, actor: ApiActor) -> dict[str, Any]:
    repository = repository_of(request)
    detail = conversation_detail(repository, conversation_id)
    if detail is None:
        raise NotFound("指定された会話が見つかりません。")
    audit.record(repository, actor.username, "view_conversation", conversation_id, {}, client_ip(request))
    return {"id": conversation_id, "audience": detail.audience,
            "turns": [turn_payload(detail, view) for view in detail.turns]}


@router.get("/turns/{turn_id}")
def turn(turn_id: str, request: Request, actor: ApiActor) -> dict[str, Any]:
    repository = repository_of(request)
    found = turn_detail(repository, turn_id)
    if found is None:
        raise NotFound("指定されたターンが見つかりません。")
    audit.record(repository, actor.username, "view_turn", turn_id, {}, client_ip(request))
    return turn_payload(*found)


@router.put("/turns/{turn_id}/label")
def label(turn_id: str, body: LabelIn, request: Request, actor: ApiActor, concierge: ConciergeDep) -> Response:
    repository = repository_of(request)
    try:
        saved = set_label(repository, turn_id, body.verdict, body.expected_faq_id, body.note, actor.username,
                          concierge.knowledge.store.entries.keys())
    except LabelError as exc:
        return JSONResponse({"code": "invalid_label", "message": exc.message}, status_code=422)
    audit.record(repository, actor.username, "label", turn_id,
                 {"verdict": saved.verdict, "expected_faq_id": saved.expected_faq_id}, client_ip(request))
    return JSONResponse({"turn_id": turn_id, "verdict": saved.verdict, "expected_faq_id": saved.expected_faq_id})


@router.get("/dashboard")
def dashboard(request: Request, actor: ApiActor) -> dict[str, Any]:
    first, last = day_range(request.query_params)
    return build_dashboard(repository_of(request), first, last).to_dict()


@router.get("/clusters")
def clusters(request: Request, actor: ApiActor, concierge: ConciergeDep) -> dict[str, Any]:
    first, last = day_range(request.query_params, default_days=30)
    staff = staff_settings_of(request)
    report = report_for(repository_of(request), concierge.knowledge, first, last, staff.cluster_threshold,
                        staff.cluster_max_questions, request.query_params.get("clarify") == "1")
    return {
        "questions": report.questions,
        "wordings": report.wordings,
        "dismissed_questions": report.dismissed_questions,
        "clusters": [
            {
                "size": c.size, "representative": c.representative, "examples": [w.text for w in c.examples],
                "wordings": [{"text": w.text, "count": w.count} for w in c.wordings], "turn_ids": c.turn_ids,
                "nearest_faq": c.nearest_faq, "nearest_question": c.nearest_question,
                "nearest_score": c.nearest_score,
            }
            for c in report.clusters
        ],
        "singletons": len(report.singletons),
    }


@router.get("/labels.jsonl")
def labels_export(request: Request, actor: ApiActor) -> Response:
    repository = repository_of(request)
    body = eval_jsonl(repository)
    audit.record(repository, actor.username, "export_labels", None, {"rows": body.count("\n")}, client_ip(request))
    return Response(body, media_type="application/x-ndjson; charset=utf-8")


@router.get("/export.csv")
def export_csv(request: Request, actor: ApiAdmin, concierge: ConciergeDep) -> Response:
    f = conversation_filter(request.query_params)
    repository = repository_of(request)
    audit.record(repository, actor.username, "export_csv", None, f.query_args(), client_ip(request))
    titles = {faq_id: entry.question for faq_id, entry in concierge.knowledge.store.entries.items()}
    return StreamingResponse(csv_chunks(repository, f, concierge.knowledge.menu, titles),
                             media_type="text/csv; charset=utf-8")


@router.post("/purge")
def purge_old(request: Request, actor: ApiAdmin) -> dict[str, Any]:
    repository = repository_of(request)
    result = purge(repository, staff_settings_of(request).retention_days, datetime.now(UTC))
    audit.record(repository, actor.username, "purge", None, result.to_dict(), client_ip(request))
    return result.to_dict()


@router.get("/audit")
def audit_entries(request: Request, actor: ApiAdmin) -> list[dict[str, Any]]:
    entries, _ = audit.recent(repository_of(request), 200)
    return [
        {"at": e.created_at.isoformat(), "actor": e.actor, "action": e.action, "target": e.target,
         "detail": e.detail, "client_ip": e.client_ip}
        for e in entries
    ]


# ------------------------------------------------------------------------------------------ exclusion
NO_ACCOUNT = "指定されたアカウントが見つかりません。"


class BanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)


def _account_view(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "kind": account.kind,
        "role": account.role,
        "banned": account.banned,
        "ban_reason": account.ban_reason,
        "flagged": account.flagged,
        "strikes": account.strikes,
        "suspended_until": account.suspended_until.isoformat() if account.suspended_until else None,
    }


@router.post("/accounts/{account_id}/ban")
def ban(
    account_id: str, body: BanIn, actor: ApiAdmin, repository: RepositoryDep, client_ip: ClientIpDep
) -> dict[str, Any]:
    try:
        exclusion.ban(repository, account_id, body.reason, actor.username, client_ip)
    except exclusion.ExclusionError as exc:
        raise NotFound(NO_ACCOUNT) from exc
    return {"account_id": account_id, "banned": True, "reason": body.reason}


@router.post("/accounts/{account_id}/unban")
def unban(account_id: str, actor: ApiAdmin, repository: RepositoryDep, client_ip: ClientIpDep) -> dict[str, Any]:
    try:
        exclusion.unban(repository, account_id, actor.username, client_ip)
    except exclusion.ExclusionError as exc:
        raise NotFound(NO_ACCOUNT) from exc
    return {"account_id": account_id, "banned": False}


@router.get("/accounts/flagged")
def flagged(repository: RepositoryDep) -> list[dict[str, Any]]:
    return [_account_view(a) for a in repository.flagged_accounts()]
