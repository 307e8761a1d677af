"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.deps import ConciergeDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(concierge: ConciergeDep) -> JSONResponse:
    try:
        assert concierge.repository is not None
        with concierge.repository.session() as session:
            session.execute(text("SELECT 1"))
    except Exception:
        return JSONResponse({"status": "unavailable", "message": "データベースに接続できません。"}, status_code=503)
    return JSONResponse(
        {
            "status": "ready",
            "faq_version": concierge.knowledge.version,
            "entries": len(concierge.knowledge.store.entries),
        }
    )
