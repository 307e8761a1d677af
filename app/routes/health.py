"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.deps import ConciergeDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(concierge: ConciergeDep) -> JSONResponse:
    try:
        assert concierge.repository is not None
        concierge.repository.ping()
    except Exception:
        return JSONResponse(
            {"status": "unavailable", "message": "データベースまたはカウンターに接続できません。"}, status_code=503
        )
    return JSONResponse(
        {
            "status": "ready",
            "faq_version": concierge.knowledge.version,
            "entries": len(concierge.knowledge.store.entries),
        }
    )
