"""Setting unanswered questions aside as off-topic (weather, ramen, …), and bringing them back.

A dismissal is stored per normalised wording as a hash, so it keeps no user text, outlives the
retention purge, and also hides the same wording when someone asks it again. Every change is
written to the audit log by the page that makes it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import delete, select

from app.storage.repository import Repository
from app.storage.staff_models import ClusterDismissal

_SPACES = re.compile(r"\s+")
_FINAL_PUNCTUATION = "。．.、,，？?！!…"


def normalise_wording(text: str) -> str:
    """The form two questions share when they are 'the same question' for a reviewer."""
    folded = _SPACES.sub("", unicodedata.normalize("NFKC", text).casefold())
    return folded.rstrip(_FINAL_PUNCTUATION) or folded


def wording_key(text: str) -> str:
    """A stable key of the normalised wording (a hash: dismissals keep no user text)."""
    return hashlib.sha256(normalise_wording(text).encode("utf-8")).hexdigest()


def dismissed_keys(repository: Repository) -> set[str]:
    with repository.session() as session:
        return set(session.scalars(select(ClusterDismissal.wording_key)))


def dismiss(repository: Repository, keys: Iterable[str], actor: str) -> int:
    """Set these wordings aside; returns how many were not set aside before."""
    wanted = set(keys)
    with repository.session() as session:
        stored = select(ClusterDismissal.wording_key).where(ClusterDismissal.wording_key.in_(wanted))
        known = set(session.scalars(stored))
        for key in sorted(wanted - known):
            session.add(ClusterDismissal(wording_key=key, reason="off_topic", dismissed_by=actor[:64]))
    return len(wanted - known)


def restore(repository: Repository, keys: Iterable[str]) -> int:
    """Show these wordings again; returns how many were set aside."""
    wanted = set(keys)
    with repository.session() as session:
        result = session.execute(delete(ClusterDismissal).where(ClusterDismissal.wording_key.in_(wanted)))
        return int(getattr(result, "rowcount", 0) or 0)
