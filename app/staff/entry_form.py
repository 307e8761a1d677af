"""The FAQ entry editor's form: an entry as form values (one text box per field, lists one per line,
links as 「表示名 | URL」 lines) and back as a draft payload for `faq.changes` to check."""

from __future__ import annotations

import re
from typing import Any

from faq.loader import FaqStore
from faq.schema import FaqEntry
from menus.tree import MenuTree

FIELDS = ("id", "audience", "menu", "question", "alternates", "answer", "links", "keywords", "source", "reviewed")


def entry_fields(entry: FaqEntry | None) -> dict[str, str]:
    """Form values of an entry (empty values without one)."""
    if entry is None:
        return dict.fromkeys(FIELDS, "")
    return {
        "id": entry.id, "audience": str(entry.audience), "menu": entry.menu, "question": entry.question,
        "alternates": "\n".join(entry.alternates), "answer": entry.answer,
        "links": "\n".join(f"{link.title} | {link.url}" for link in entry.links),
        "keywords": "\n".join(entry.keywords), "source": str(entry.source), "reviewed": entry.reviewed.isoformat(),
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def entry_payload(values: dict[str, str]) -> dict[str, Any]:
    """The draft payload of the form's values; what is malformed is left for the schema to name."""
    links = []
    for line in _lines(values.get("links", "")):
        title, _, url = line.rpartition("|") if "|" in line else ("", "", line)
        links.append({"title": title.strip() or url.strip(), "url": url.strip()})
    keywords = [k.strip() for line in _lines(values.get("keywords", "")) for k in re.split(r"[、,]", line) if k.strip()]
    payload: dict[str, Any] = {
        "id": values.get("id", "").strip(), "audience": values.get("audience", ""), "menu": values.get("menu", ""),
        "question": values.get("question", "").strip(), "alternates": _lines(values.get("alternates", "")),
        "answer": values.get("answer", "").replace("\r\n", "\n").strip(), "links": links, "keywords": keywords,
        "source": values.get("source", "").strip(), "reviewed": values.get("reviewed", "").strip(),
    }
    return payload


def menu_choices(menu: MenuTree) -> list[tuple[str, str]]:
    """Menu nodes an entry can sit under (not the root, not FAQ leaves), as (id, 「…＞…」 path)."""
    out = []
    for node_id, node in menu.nodes.items():
        if node.faq_id or node_id == menu.root_id:
            continue
        out.append((node_id, " ＞ ".join(n.label for n in menu.path(node_id)[1:])))
    return sorted(out)


def next_id(store: FaqStore, menu: str) -> str:
    """A free id in the style of the topic's entries (js-account-012 → js-account-013)."""
    topic = ".".join(menu.split(".")[:2])
    numbers: dict[str, int] = {}
    for entry in store:
        found = re.fullmatch(r"(.+)-(\d+)", entry.id)
        if found and ".".join(entry.menu.split(".")[:2]) == topic:
            numbers[found[1]] = max(numbers.get(found[1], 0), int(found[2]))
    if not numbers:
        return ""
    prefix = max(sorted(numbers), key=lambda p: numbers[p])
    return f"{prefix}-{numbers[prefix] + 1:03d}"
