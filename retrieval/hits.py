"""Small value types shared by the retrievers, the fusion and the selectors."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Document:
    """A retrievable unit: an FAQ entry or a corpus row of an evaluation set.

    `titles` are the ways the document is asked for (question and alternates);
    `body` is the answer text. `scopes` are the menu nodes the document sits under.
    """

    id: str
    titles: tuple[str, ...]
    body: str = ""
    keywords: tuple[str, ...] = ()
    scopes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Hit:
    """One retrieved document with its score and the per-retriever parts."""

    doc_id: str
    score: float
    parts: dict[str, float] = field(default_factory=dict)


class Retriever(Protocol):
    """Anything that ranks documents for a query, optionally within a scope."""

    name: str

    def search(self, query: str, top_k: int, scope: Collection[str] | None = None) -> list[Hit]:
        """Return at most `top_k` hits, best first; `scope` limits to those doc ids."""
        ...
