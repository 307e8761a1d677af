"""Console pages of the FAQ loop: draft a change (wordings of a cluster as alternates, a new entry,
an edited or retired entry), review it, and — as an admin other than the author — publish it.
Versions and their YAML export are listed at /staff/faq/versions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.deps import ConciergeDep
from app.pipeline.concierge import Concierge
from app.pipeline.faq_versions import FaqVersions
from app.staff.api_faq import drafts_of, refresh_in_background
from app.staff.auth import PageActor, PageAdmin, repository_of, staff_settings_of
from app.staff.clusters import Cluster, report_for
from app.staff.context import client_ip, redirect, render
from app.staff.entry_form import entry_fields, entry_payload, menu_choices, next_id
from app.staff.faq_drafts import DraftRefused
from app.staff.forms import parse_day, read_form, read_form_lists
from faq.changes import PLACEHOLDER

router = APIRouter(include_in_schema=False)  # included by pages_insight under /staff
KIND_LABELS = {"new": "新しいエントリ", "edit": "エントリの修正", "add_alternates": "言い換えの追加",
               "retire": "エントリの廃止"}
NO_CLUSTER = "指定されたまとまりが見つかりません。未回答の質問の一覧から操作してください。"
STATUS_LABELS = {"pending": "承認待ち", "approved": "承認・公開済み", "rejected": "却下"}


def _find_cluster(request: Request, concierge: Concierge, params: dict[str, str]) -> Cluster | None:
    first, last = parse_day(params.get("from")), parse_day(params.get("to"))
    if first is None or last is None:
        return None
    staff = staff_settings_of(request)
    report = report_for(repository_of(request), concierge.knowledge, first, last, staff.cluster_threshold,
                        staff.cluster_max_questions, params.get("clarify") == "1", show_dismissed=True)
    return report.find(params.get("turn", ""))


def _not_found(request: Request, actor: Any, message: str) -> Response:
    return render(request, "staff/error.html", actor, "drafts", "見つかりません", 404, message=message)


@router.get("/faq/drafts/alternates", response_class=HTMLResponse)
def alternates_form(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    """Add a cluster's wordings to an existing entry: pick the entry and the wordings."""
    params = dict(request.query_params)
    cluster = _find_cluster(request, concierge, params)
    if cluster is None:
        return _not_found(request, actor, NO_CLUSTER)
    return _alternates_page(request, actor, concierge, cluster, params, cluster.nearest_faq, None, None)


def _alternates_page(request: Request, actor: Any, concierge: Concierge, cluster: Cluster, params: dict[str, str],
                     faq_id: str | None, chosen: list[str] | None, error: DraftRefused | None) -> Response:
    entries = concierge.knowledge.store.entries
    wordings = [(w.text, bool(PLACEHOLDER.search(w.text)), w.count) for w in cluster.wordings[:30]]
    return render(
        request, "staff/faq_alternates.html", actor, "clusters", "言い換えとして追加する下書き",
        422 if error else 200, cluster=cluster, params=params, faq_id=faq_id, wordings=wordings,
        chosen=set(chosen) if chosen is not None else {t for t, masked, _ in wordings if not masked},
        faq_choices=[(i, entries[i].question) for i in sorted(entries)], error=error,
    )


@router.post("/faq/drafts/alternates", response_class=HTMLResponse)
async def create_alternates(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    lists = await read_form_lists(request)
    params = {k: v[-1] for k, v in lists.items() if k in ("turn", "from", "to", "clarify")}
    cluster = _find_cluster(request, concierge, params)
    if cluster is None:
        return _not_found(request, actor, NO_CLUSTER)
    faq_id = (lists.get("faq_id") or [""])[-1]
    chosen = lists.get("wording", [])
    try:
        draft = drafts_of(request, concierge).submit({"faq_id": faq_id, "add_alternates": chosen}, actor.username,
                                                     client_ip(request))
    except DraftRefused as exc:
        return _alternates_page(request, actor, concierge, cluster, params, faq_id, chosen, exc)
    return redirect(f"/staff/faq/drafts/{draft.id}?done=draft_saved")


@router.get("/faq/entries/new", response_class=HTMLResponse)
def new_entry_form(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    """A new entry, prefilled from a cluster when one is named (its wordings as question and alternates)."""
    store = concierge.knowledge.store
    params = dict(request.query_params)
    cluster = _find_cluster(request, concierge, params) if params.get("turn") else None
    near = store.entries.get(cluster.nearest_faq or "") if cluster else None
    texts = [w.text for w in cluster.wordings if not PLACEHOLDER.search(w.text)] if cluster else []
    menu = near.menu if near else ""
    values = {"id": next_id(store, menu) if menu else "", "audience": str(near.audience) if near else "",
              "menu": menu, "question": texts[0] if texts else "", "alternates": "\n".join(texts[1:]),
              "answer": "", "links": "", "keywords": "", "source": "", "reviewed": ""}
    return _entry_page(request, actor, concierge, values, None, is_new=True)


@router.get("/faq/entries/{faq_id}/edit", response_class=HTMLResponse)
def edit_entry_form(faq_id: str, request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    entry = concierge.knowledge.store.entries.get(faq_id)
    if entry is None:
        return _not_found(request, actor, "指定されたFAQが見つかりません。")
    return _entry_page(request, actor, concierge, entry_fields(entry), None, is_new=False)


def _entry_page(request: Request, actor: Any, concierge: Concierge, values: dict[str, str],
                error: DraftRefused | None, is_new: bool) -> Response:
    by_field: dict[str, list[str]] = {}
    for problem in error.problems if error else []:
        by_field.setdefault(problem.field.split(".")[0].split("[")[0], []).append(str(problem))
    return render(
        request, "staff/faq_entry.html", actor, "faqs", "新しいFAQの下書き" if is_new else "FAQの修正の下書き",
        422 if error else 200, values=values, error=error, by_field=by_field, is_new=is_new,
        menus=menu_choices(concierge.knowledge.menu),
    )


@router.post("/faq/entries", response_class=HTMLResponse)
async def create_entry_draft(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    form = await read_form(request)
    values = {name: form.get(name, "") for name in entry_fields(None)}
    is_new = form.get("mode") != "edit"
    try:
        draft = drafts_of(request, concierge).submit(entry_payload(values), actor.username, client_ip(request))
    except DraftRefused as exc:
        return _entry_page(request, actor, concierge, values, exc, is_new)
    return redirect(f"/staff/faq/drafts/{draft.id}?done=draft_saved")


@router.post("/faq/entries/{faq_id}/retire", response_class=HTMLResponse)
async def retire_entry(faq_id: str, request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    try:
        draft = drafts_of(request, concierge).submit({"faq_id": faq_id, "retire": True}, actor.username,
                                                     client_ip(request))
    except DraftRefused as exc:
        entry = concierge.knowledge.store.entries.get(faq_id)
        if entry is None:
            return _not_found(request, actor, "指定されたFAQが見つかりません。")
        return _entry_page(request, actor, concierge, entry_fields(entry), exc, is_new=False)
    return redirect(f"/staff/faq/drafts/{draft.id}?done=draft_saved")


@router.get("/faq/drafts", response_class=HTMLResponse)
def drafts_page(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    drafts = drafts_of(request, concierge)
    return render(request, "staff/faq_drafts.html", actor, "drafts", "FAQの変更（下書きと承認）",
                  pending=drafts.list("pending"), decided=drafts.list(None, 50), kinds=KIND_LABELS,
                  statuses=STATUS_LABELS)


@router.get("/faq/drafts/{draft_id}", response_class=HTMLResponse)
def draft_page(draft_id: int, request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    drafts = drafts_of(request, concierge)
    try:
        draft = drafts.get(draft_id)
    except DraftRefused as exc:
        return _not_found(request, actor, exc.message)
    current = drafts.newest().entries.get(draft.faq_id)
    return render(request, "staff/faq_draft.html", actor, "drafts", f"下書き {draft.id}：{KIND_LABELS[draft.kind]}",
                  draft=draft, published_entry=current, kinds=KIND_LABELS, statuses=STATUS_LABELS, error=None)


async def _decide(draft_id: int, request: Request, actor: Any, concierge: Concierge, approve: bool) -> Response:
    drafts = drafts_of(request, concierge)
    try:
        if approve:
            drafts.approve(draft_id, actor.username, client_ip(request))
            refresh_in_background(request)
        else:
            drafts.reject(draft_id, actor.username, (await read_form(request)).get("note"), client_ip(request))
    except DraftRefused as exc:
        try:
            draft = drafts.get(draft_id)
        except DraftRefused:
            return _not_found(request, actor, exc.message)
        return render(request, "staff/faq_draft.html", actor, "drafts", f"下書き {draft.id}：{KIND_LABELS[draft.kind]}",
                      exc.status, draft=draft, published_entry=drafts.newest().entries.get(draft.faq_id),
                      kinds=KIND_LABELS, statuses=STATUS_LABELS, error=exc)
    return redirect(f"/staff/faq/drafts/{draft_id}?done={'approved' if approve else 'rejected'}")


@router.post("/faq/drafts/{draft_id}/approve", response_class=HTMLResponse)
async def approve_page(draft_id: int, request: Request, actor: PageAdmin, concierge: ConciergeDep) -> Response:
    return await _decide(draft_id, request, actor, concierge, approve=True)


@router.post("/faq/drafts/{draft_id}/reject", response_class=HTMLResponse)
async def reject_page(draft_id: int, request: Request, actor: PageAdmin, concierge: ConciergeDep) -> Response:
    return await _decide(draft_id, request, actor, concierge, approve=False)


@router.get("/faq/versions", response_class=HTMLResponse)
def versions_page(request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    return render(request, "staff/faq_versions.html", actor, "drafts", "FAQの版",
                  history=FaqVersions(repository_of(request)).history(), served=concierge.knowledge.version)


@router.get("/faq/versions/{version}", response_class=HTMLResponse)
def version_page(version: str, request: Request, actor: PageActor, concierge: ConciergeDep) -> Response:
    store = FaqVersions(repository_of(request)).store(version[:16], concierge.knowledge.store)
    if store is None:
        return _not_found(request, actor, "指定された版が見つかりません。")
    return render(request, "staff/faq_version.html", actor, "drafts", f"FAQの版 {store.version}",
                  store=store, entries=sorted(store, key=lambda e: e.id),
                  back=urlencode({"version": store.version}))
