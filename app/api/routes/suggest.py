"""Suggestions while typing: up to five FAQ questions matching what has been typed so far.

The typed text goes through the same guard chain as a question (normalise, mask personal data,
injection, content) before it is matched or logged; only its length and the number of suggestions
are logged, never the text. Free of the daily caps, but rate-limited on its own window.
"""

from __future__ import annotations

import logging
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from app.api.deps import AccountDep, ConciergeDep
from app.api.ratelimit import Throttled, hit, rate_key
from app.settings import Settings
from app.web.suggest import suggester_for
from guardrails.pii.entities import PLACEHOLDER_RE

router = APIRouter(prefix="/api/v1", tags=["faq"])
logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 100  # a prefix, not a question: longer text gets no suggestions


def limit_suggest(request: Request) -> None:
    settings: Settings = request.app.state.settings
    retry_after = hit(request, settings.rate_limit_suggest, "suggest", rate_key(request))
    if retry_after is not None:
        raise Throttled(retry_after)


@router.get("/suggest")
def get_suggest(
    request: Request,
    account: AccountDep,
    concierge: ConciergeDep,
    q: Annotated[str, Query(max_length=400)] = "",
    audience: Annotated[Literal["job_seeker", "employer"] | None, Query()] = None,
) -> dict[str, Any]:
    """`{"suggestions": [{"faq_id", "question", "menu"}]}`; sending `menu` as a menu step shows the entry."""
    limit_suggest(request)
    concierge.access.check(account)  # excluded or not consented: 403, as for a question
    started = time.perf_counter()
    text = q.strip()
    if not text or len(text) > MAX_QUERY_CHARS:
        return {"suggestions": []}
    guard = concierge.guards.run(text)
    if not guard.allowed:
        suggestions: list[dict[str, Any]] = []
    else:
        masked = " ".join(PLACEHOLDER_RE.sub(" ", guard.text).split())
        suggestions = suggester_for(concierge.knowledge).suggest(masked, audience or _role(account.role))
    logger.info(
        "suggest",
        extra={"chars": len(guard.text), "pii": ",".join(guard.pii_types), "allowed": guard.allowed,
               "suggestions": len(suggestions), "total_ms": round((time.perf_counter() - started) * 1000, 2)},
    )
    return {"suggestions": suggestions}


def _role(role: str | None) -> str | None:
    return role if role in ("job_seeker", "employer") else None
