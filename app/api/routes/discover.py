"""Popular questions for an audience and the questions related to an answer (public, like the menus)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request

from app.api.deps import ConciergeDep
from app.pipeline.errors import NotFound
from app.web.discover import PopularQuestions, related_questions

router = APIRouter(prefix="/api/v1", tags=["faq"])

AudienceParam = Annotated[Literal["job_seeker", "employer"] | None, Query()]


def _popular(request: Request, concierge: ConciergeDep) -> PopularQuestions:
    found: PopularQuestions | None = getattr(request.app.state, "popular_questions", None)
    if found is None:
        found = request.app.state.popular_questions = PopularQuestions(concierge.clock)
    return found


@router.get("/popular")
def get_popular(request: Request, concierge: ConciergeDep, audience: AudienceParam = None) -> dict[str, Any]:
    """Up to five questions people of this audience were answered with most in the last 30 days,
    filled up from the curated list."""
    return _popular(request, concierge).questions(concierge.repository, concierge.knowledge, audience)


@router.get("/faq/{faq_id}/related")
def get_related(
    faq_id: Annotated[str, Path(min_length=1, max_length=64)], concierge: ConciergeDep, audience: AudienceParam = None
) -> dict[str, Any]:
    """Up to three entries near this one (same audience), in the shape of a clarify step's suggestions."""
    if faq_id not in concierge.knowledge.store.entries:
        raise NotFound("指定されたFAQが見つかりません。")
    return {"faq_id": faq_id, "related": related_questions(concierge.knowledge, faq_id, audience)}
