"""Menu navigation (public: no consent needed to look at the menus)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.api.deps import ConciergeDep
from app.pipeline.errors import NotFound
from app.pipeline.replies import node_view
from menus.tree import UnknownMenuNode

router = APIRouter(prefix="/api/v1", tags=["menus"])


@router.get("/menus")
def get_root(concierge: ConciergeDep) -> dict[str, Any]:
    tree = concierge.knowledge.menu
    return node_view(tree, tree.get(tree.root_id))


@router.get("/menus/{node_id}")
def get_node(node_id: str, concierge: ConciergeDep) -> dict[str, Any]:
    tree = concierge.knowledge.menu
    try:
        return node_view(tree, tree.get(node_id))
    except UnknownMenuNode as exc:
        raise NotFound("指定されたメニューが見つかりません。") from exc
