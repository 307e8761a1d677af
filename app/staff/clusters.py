"""Unanswered questions grouped into clusters of similar ones: which FAQ to write next.

The masked texts of `no_answer` turns (optionally also `clarify`) are first merged by wording:
questions that are identical once normalised (`wording_key`: NFKC, case, spaces and final
punctuation) become one row with a count, so 「天気は？」 asked twenty times is one line, not
twenty. The distinct wordings are embedded with the service's own dense encoder and grouped by
leader clustering on cosine similarity: take the wording with the most neighbours above the
threshold, make it and its unassigned neighbours one cluster, repeat. It is deterministic,
needs no cluster count, and on the few thousand questions of a review period costs one matrix
product. A cluster's size counts questions (turns), not wordings.

Staff can set a cluster aside as off-topic (`dismissals.py`): its wordings are hidden by
default, and the same wording asked later stays hidden.

A cluster (or a single question) is acted on in `pages_faq.py`: its wordings become a draft
`{"faq_id", "add_alternates": [...]}`, or prefill a new entry; an admin other than the author
approves (`faq_drafts.py`), and every worker serves the new FAQ version without a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from sqlalchemy import select

from app.pipeline.knowledge import Knowledge
from app.staff.dismissals import dismissed_keys, wording_key
from app.staff.queries import jst_start
from app.storage.models import Turn
from app.storage.repository import Repository

EXAMPLES = 5


@dataclass
class Wording:
    """One distinct (normalised) wording and every turn that asked it, newest first."""

    text: str
    key: str
    turn_ids: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.turn_ids)


@dataclass
class Cluster:
    size: int  # questions (turns)
    representative: str
    wordings: list[Wording]
    turn_ids: list[str]
    nearest_faq: str | None = None
    nearest_question: str | None = None
    nearest_score: float | None = None

    @property
    def examples(self) -> list[Wording]:
        return self.wordings[:EXAMPLES]

    @property
    def leader_turn(self) -> str:
        return self.wordings[0].turn_ids[0]

    @property
    def keys(self) -> list[str]:
        return [w.key for w in self.wordings]


@dataclass
class ClusterReport:
    questions: int
    clusters: list[Cluster] = field(default_factory=list)  # two or more questions, largest first
    singletons: list[Cluster] = field(default_factory=list)  # asked once
    dismissed: list[Cluster] = field(default_factory=list)  # set aside as off-topic (shown on request)
    dismissed_questions: int = 0
    wordings: int = 0

    def find(self, turn_id: str) -> Cluster | None:
        for cluster in self.clusters + self.singletons + self.dismissed:
            if turn_id in cluster.turn_ids:
                return cluster
        return None


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
            .order_by(Turn.created_at.desc(), Turn.id)
            .limit(limit)
        ).all()
    return [(turn_id, text) for turn_id, text in rows if text and text.strip()]


def merge_identical(items: Sequence[tuple[str, str]]) -> list[Wording]:
    """Distinct wordings in order of first appearance; the first text seen stands for the rest."""
    merged: dict[str, Wording] = {}
    for turn_id, text in items:
        key = wording_key(text)
        merged.setdefault(key, Wording(text, key)).turn_ids.append(turn_id)
    return list(merged.values())


def _clusters(
    wordings: list[Wording], encode: Callable[[list[str]], np.ndarray], threshold: float
) -> list[Cluster]:
    if not wordings:
        return []
    vectors = np.asarray(encode([w.text for w in wordings]), dtype=np.float32)
    found = []
    for group in leader_clusters(vectors, threshold):
        members = [wordings[group[0]], *sorted((wordings[i] for i in group[1:]), key=lambda w: -w.count)]
        turn_ids = [t for w in members for t in w.turn_ids]
        found.append(Cluster(len(turn_ids), members[0].text, members, turn_ids))
    return sorted(found, key=lambda c: (-c.size, c.turn_ids[0]))


def build_report(
    items: Sequence[tuple[str, str]],
    encode: Callable[[list[str]], np.ndarray],
    threshold: float,
    knowledge: Knowledge | None = None,
    dismissed_keys: Collection[str] = (),
    show_dismissed: bool = False,
) -> ClusterReport:
    report = ClusterReport(len(items))
    wordings = merge_identical(items)
    report.wordings = len(wordings)
    kept = [w for w in wordings if w.key not in dismissed_keys]
    set_aside = [w for w in wordings if w.key in dismissed_keys]
    report.dismissed_questions = sum(w.count for w in set_aside)
    for cluster in _clusters(kept, encode, threshold):
        if knowledge is not None and cluster.size > 1:
            hits = knowledge.index.search(cluster.representative, 1).hits
            if hits:
                cluster.nearest_faq = hits[0].doc_id
                cluster.nearest_question = knowledge.entry(hits[0].doc_id).question
                cluster.nearest_score = float(hits[0].parts.get("dense", hits[0].score))
        (report.clusters if cluster.size > 1 else report.singletons).append(cluster)
    if show_dismissed:
        report.dismissed = _clusters(set_aside, encode, threshold)
    return report


def report_for(
    repository: Repository, knowledge: Knowledge, first: date, last: date, threshold: float, limit: int,
    include_clarify: bool = False, show_dismissed: bool = False,
) -> ClusterReport:
    items = unanswered(repository, first, last, limit, include_clarify)
    return build_report(
        items, lambda texts: knowledge.index.dense.encode(texts), threshold, knowledge,
        dismissed_keys(repository), show_dismissed,
    )
