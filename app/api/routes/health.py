"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.api.deps import KnowledgeDep, RepositoryDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(repository: RepositoryDep, knowledge: KnowledgeDep) -> JSONResponse:
    try:
        repository.ping()
    except Exception:
        return JSONResponse(
            {"status": "unavailable", "message": "データベースまたはカウンターに接続できません。"}, status_code=503
        )
    return JSONResponse(
        {
            "status": "ready",
            "faq_version": knowledge.version,
            "entries": len(knowledge.store.entries),
        }
    )
