"""The chat page (`/`): one HTML page; its script talks to the public JSON API on the same origin."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from app.api.deps import ConciergeDep, SettingsDep
from app.middleware.identity import Identity
from app.storage.models import Account
from app.web import contact
from app.web.templating import STATIC_DIR, templates

router = APIRouter(include_in_schema=False)


def account_state(concierge: ConciergeDep, identity: Identity | None, terms_version: str) -> dict[str, Any]:
    """What the page must know before the first question (read only: no account is created here)."""
    state: dict[str, Any] = {"consented": False, "blocked": "", "blocked_message": "", "remaining": None}
    repository = concierge.repository
    if identity is None or not identity.identified or repository is None:
        return state
    with repository.session() as session:
        account = session.get(Account, identity.account_id)
    if account is None:
        return state
    state["consented"] = repository.has_consent(account.id, terms_version)
    denied = concierge.access.exclusion(account)
    if denied is not None:
        state["blocked"], state["blocked_message"] = denied.code, denied.message
    state["remaining"] = concierge.remaining_today(account)
    return state


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, concierge: ConciergeDep, settings: SettingsDep) -> Response:
    knowledge = concierge.knowledge
    terms = knowledge.store.terms
    tree = knowledge.menu
    root = tree.get(tree.root_id)
    children = [tree.get(child) for child in root.children]
    # the audience buttons are the two sides; the other top menus (このサービスについて, 相談先) sit apart
    choices = [node for node in children if node.audience in ("job_seeker", "employer")]
    others = [node for node in children if node not in choices]
    state = account_state(concierge, getattr(request.state, "identity", None), terms.version)
    remaining = state["remaining"] if state["remaining"] is not None else settings.daily_question_limit
    return templates.TemplateResponse(
        request,
        "chat.html",
        {
            "terms": terms,
            "terms_paragraphs": [p for p in terms.text.split("\n\n") if p.strip()],
            "root": root,
            "choices": choices,
            "others": others,
            "contact": contact,
            "state": state,
            "remaining": remaining,
            "daily_limit": settings.daily_question_limit,
            "max_chars": settings.max_text_chars,
            "year": datetime.now(UTC).year,
        },
    )


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page links: the same icon, cached for a day."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})
