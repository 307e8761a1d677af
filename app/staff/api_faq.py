"""Staff API for the FAQ loop, under /api/v1/staff/faq: the published entries, versions, the YAML
export, drafts, and approval by an admin other than the author (which publishes a new version).

Same authentication, CSRF and audit as the rest of the console. Approving and rejecting need a
logged-in admin: the shared X-Staff-Token is one identity for every caller, so it could not show
that a second person looked at a change.
"""

from __future__ import annotations

import io
import zipfile
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse, Response

from app.api.deps import ConciergeDep
from app.pipeline.concierge import Concierge
from app.pipeline.faq_versions import FaqVersions
from app.staff import audit
from app.staff.auth import ApiActor, ApiAdmin, StaffForbidden, repository_of, require_staff_session_or_token
from app.staff.context import client_ip
from app.staff.faq_drafts import DraftRefused, FaqDrafts
from app.storage.faq_models import DRAFT_STATUSES, FaqDraft
from faq.export import export_files

router = APIRouter(
    prefix="/api/v1/staff/faq", tags=["staff"], dependencies=[Depends(require_staff_session_or_token)]
)
SESSION_ONLY = "下書きの承認・却下は、ログインした管理者が管理画面またはそのセッションで行います。"
UNKNOWN_VERSION = "指定された版が見つかりません。"


def drafts_of(request: Request, concierge: Concierge) -> FaqDrafts:
    return FaqDrafts(repository_of(request), request.app.state.settings.menu_file, concierge.knowledge.store)


def refused(exc: DraftRefused) -> JSONResponse:
    code = {403: "draft_forbidden", 404: "not_found", 409: "draft_conflict"}.get(exc.status, "invalid_draft")
    return JSONResponse(
        {"code": code, "message": exc.message,
         "problems": [{"field": p.field, "label": p.label, "message": p.message} for p in exc.problems]},
        status_code=exc.status,
    )


def draft_view(draft: FaqDraft) -> dict[str, Any]:
    return {
        "id": draft.id, "kind": draft.kind, "faq_id": draft.faq_id, "summary": draft.summary,
        "payload": draft.payload, "status": draft.status, "author": draft.author,
        "created_at": draft.created_at.isoformat(), "base_version": draft.base_version,
        "decided_by": draft.decided_by, "decided_at": draft.decided_at.isoformat() if draft.decided_at else None,
        "decision_note": draft.decision_note, "published_version": draft.published_version,
    }


def refresh_in_background(request: Request) -> None:
    """This worker swaps the new version in at once; the others notice it within `faq_refresh_seconds`."""
    refresher = getattr(request.app.state, "refresher", None)
    if refresher is not None:
        refresher.request_refresh()


@router.get("")
def published(request: Request, actor: ApiActor, concierge: ConciergeDep, version: str | None = None) -> Any:
    """The entries of the newest published version, or of an older one (`?version=`)."""
    drafts = drafts_of(request, concierge)
    store = drafts.newest() if version is None else drafts.versions.store(version, concierge.knowledge.store)
    if store is None:
        return JSONResponse({"code": "not_found", "message": UNKNOWN_VERSION}, status_code=404)
    return {"faq_version": store.version, "served_here": concierge.knowledge.version,
            "entries": [e.model_dump(mode="json") for e in sorted(store, key=lambda e: e.id)]}


@router.get("/versions")
def versions(request: Request, actor: ApiActor) -> list[dict[str, Any]]:
    return [{**info.__dict__, "published_at": info.published_at.isoformat()}
            for info in FaqVersions(repository_of(request)).history()]


@router.get("/export.zip")
def export_zip(request: Request, actor: ApiActor, concierge: ConciergeDep) -> Response:
    """The newest version as the files of `faq/data/entries/` (unzip over the repository's folder)."""
    store = drafts_of(request, concierge).newest()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in export_files(store).items():
            archive.writestr(f"entries/{name}", text)
    audit.record(repository_of(request), actor.username, "faq_export", store.version, {}, client_ip(request))
    return Response(buffer.getvalue(), media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="faq-{store.version}.zip"'})


@router.get("/drafts")
def drafts(request: Request, actor: ApiActor, concierge: ConciergeDep, status: str | None = "pending") -> Any:
    wanted = status if status in DRAFT_STATUSES else None
    return [draft_view(d) for d in drafts_of(request, concierge).list(wanted)]


@router.post("/drafts", status_code=201)
def create_draft(request: Request, actor: ApiActor, concierge: ConciergeDep, payload: Annotated[Any, Body()]) -> Any:
    """A full entry (new, or edited when its id exists), `{"faq_id", "add_alternates": [...]}` or
    `{"faq_id", "retire": true}`. A refused draft names each field to fix (422)."""
    try:
        draft = drafts_of(request, concierge).submit(payload, actor.username, client_ip(request))
    except DraftRefused as exc:
        return refused(exc)
    return draft_view(draft)


def _session_admin(actor: ApiAdmin) -> ApiAdmin:
    if actor.via == "token":
        raise StaffForbidden(SESSION_ONLY, "session_required")
    return actor


@router.post("/drafts/{draft_id}/approve")
def approve(draft_id: int, request: Request, actor: ApiAdmin, concierge: ConciergeDep) -> Any:
    """Publish the draft as a new FAQ version (an admin who is not its author); returns `faq_version`."""
    try:
        done = drafts_of(request, concierge).approve(draft_id, _session_admin(actor).username, client_ip(request))
    except DraftRefused as exc:
        return refused(exc)
    refresh_in_background(request)
    return {"draft_id": done.draft_id, "status": "approved", "faq_version": done.faq_version,
            "previous_version": done.previous_version}


@router.post("/drafts/{draft_id}/reject")
def reject(draft_id: int, request: Request, actor: ApiAdmin, concierge: ConciergeDep,
           body: Annotated[dict[str, Any] | None, Body()] = None) -> Any:
    note = (body or {}).get("note")
    try:
        draft = drafts_of(request, concierge).reject(draft_id, _session_admin(actor).username,
                                                     note if isinstance(note, str) else None, client_ip(request))
    except DraftRefused as exc:
        return refused(exc)
    return draft_view(draft)
