"""Checks of the FAQ and the menu tree together: everything `hwis-concierge faq validate` reports."""

from __future__ import annotations

from faq import validator as faq_validator
from faq.loader import FaqStore
from menus.tree import MenuTree


def validate(store: FaqStore, menu: MenuTree) -> list[str]:
    """Every problem as 'file: field: message' (empty list: the content is clean)."""
    problems = list(menu.problems) + faq_validator.validate(store)
    for node_id in menu.empty_leaves():
        problems.append(f"menu.yaml: {node_id}.children: empty menu leaf (no entries and no children)")
    return problems


def stats(store: FaqStore, menu: MenuTree) -> dict[str, int | str]:
    """Counts of entries by audience, menu nodes, entries no menu reaches, synonyms, the FAQ version."""
    counts = faq_validator.stats(store)
    version = counts.pop("faq_version")
    counts["menu_nodes"] = sum(1 for n in menu.nodes.values() if not n.faq_id)
    counts["unreachable"] = sum(1 for e in store if not menu.scopes_of(e.id))
    counts["faq_version"] = version
    return counts
