"""Unanswered questions grouped into clusters of similar ones: which FAQ to write next.

The masked texts of `no_answer` turns (optionally also `clarify`) are embedded with the
service's own dense encoder and grouped by leader clustering on cosine similarity: take
the question with the most neighbours above the threshold, make it and its unassigned
neighbours one cluster, repeat. It is deterministic, needs no cluster count, and on the
few thousand questions of a review period costs one matrix product.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from sqlalchemy import select

from app.pipeline.knowledge import Knowledge
from app.staff.queries import jst_start
from app.storage.models import Turn
from app.storage.repository import Repository

EXAMPLES = 5


@dataclass
class Cluster:
    size: int
    representative: str
    examples: list[str]
    turn_ids: list[str]
    nearest_faq: str | None = None
    nearest_question: str | None = None
    nearest_score: float | None = None


@dataclass
class ClusterReport:
    questions: int
    clusters: list[Cluster] = field(default_factory=list)  # two or more similar questions, largest first
    singletons: list[Cluster] = field(default_factory=list)


def leader_clusters(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of row indices; each group lists its leader first, then members by similarity."""
    if len(vectors) == 0:
        return []
    similarity = vectors @ vectors.T
    neighbours = similarity >= threshold
    free = np.ones(len(vectors), dtype=bool)
    groups: list[list[int]] = []
    for leader in np.argsort(-neighbours.sum(axis=1), kind="stable"):
        if not free[leader]:
            continue
        members = np.flatnonzero(neighbours[leader] & free)
        members = members[np.argsort(-similarity[leader, members], kind="stable")]
        free[members] = False
        ordered = [int(leader)] + [int(m) for m in members if m != leader]
        groups.append(ordered)
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def unanswered(
    repository: Repository, first: date, last: date, limit: int, include_clarify: bool = False
) -> list[tuple[str, str]]:
    """(turn id, masked text) of the most recent unanswered free-text questions in the range."""
    outcomes = ["no_answer", "clarify"] if include_clarify else ["no_answer"]
    with repository.session() as session:
        rows = session.execute(
            select(Turn.id, Turn.masked_text)
            .where(
                Turn.input_kind == "text",
                Turn.outcome.in_(outcomes),
                Turn.masked_text.is_not(None),
                Turn.created_at >= jst_start(first),
                Turn.created_at < jst_start(last + timedelta(days=1)),
            )
            .order_by(Turn.created_at.desc())
            .limit(limit)
        ).all()
    return [(turn_id, text) for turn_id, text in rows if text and text.strip()]


def build_report(
    items: Sequence[tuple[str, str]],
    encode: Callable[[list[str]], np.ndarray],
    threshold: float,
    knowledge: Knowledge | None = None,
) -> ClusterReport:
    texts = [text for _, text in items]
    report = ClusterReport(len(texts))
    if not texts:
        return report
    vectors = np.asarray(encode(texts), dtype=np.float32)
    for group in leader_clusters(vectors, threshold):
        members = [texts[i] for i in group]
        cluster = Cluster(len(group), members[0], members[:EXAMPLES], [items[i][0] for i in group])
        if knowledge is not None and len(group) > 1:
            hits = knowledge.index.search(members[0], 1).hits
            if hits:
                cluster.nearest_faq = hits[0].doc_id
                cluster.nearest_question = knowledge.entry(hits[0].doc_id).question
                cluster.nearest_score = float(hits[0].parts.get("dense", hits[0].score))
        (report.clusters if len(group) > 1 else report.singletons).append(cluster)
    return report


def report_for(
    repository: Repository, knowledge: Knowledge, first: date, last: date, threshold: float, limit: int,
    include_clarify: bool = False,
) -> ClusterReport:
    items = unanswered(repository, first, last, limit, include_clarify)
    return build_report(items, lambda texts: knowledge.index.dense.encode(texts), threshold, knowledge)
