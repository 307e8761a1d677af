"""Terms of use and consent."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.api.deps import AccountDep, ConciergeDep, KnowledgeDep
from app.api.schemas import ConsentIn

router = APIRouter(prefix="/api/v1", tags=["terms"])


@router.get("/terms")
def get_terms(knowledge: KnowledgeDep) -> dict[str, str]:
    terms = knowledge.store.terms
    return {"version": terms.version, "title": terms.title, "text": terms.text}


@router.post("/consent")
def post_consent(body: ConsentIn, account: AccountDep, concierge: ConciergeDep) -> dict[str, Any]:
    concierge.consent(account, body.terms_version)
    return {
        "terms_version": body.terms_version,
        "consented": True,
        "remaining_today": concierge.remaining_today(account),
    }
