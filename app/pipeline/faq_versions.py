"""The FAQ versions kept in the database: which one is served, and every one before it.

The newest row of `faq_versions` is the version every worker serves. The bundled FAQ (faq/data)
is recorded the first time a service starts with it, so a deployment with new YAML files is a
publication like any other and older versions stay readable. Staff publications (`app.staff.faq_drafts`)
add rows; workers notice a new newest row and swap it in (`app.pipeline.refresh`).

Synonyms and the terms of use are not edited in the console: every version is served with the
bundle's. An entry's YAML file travels with it, so an export gives back the repository's layout.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.storage.faq_models import FaqVersionRow
from app.storage.repository import Repository
from faq.loader import FaqStore
from faq.schema import FaqEntry

logger = logging.getLogger(__name__)
BUNDLE_ACTOR = "repository"
VERSION = re.compile(r"[0-9a-f]{12}")  # FaqStore.version: 12 hex digits


@dataclass(frozen=True)
class VersionInfo:
    """A published version without its entries (for lists)."""

    version: str
    parent_version: str | None
    origin: str
    draft_id: int | None
    summary: str
    published_by: str
    published_at: datetime
    entries: int


def entries_payload(store: FaqStore) -> list[dict[str, Any]]:
    return [{"file": store.sources.get(e.id, "staff.yaml"), "entry": e.model_dump(mode="json")}
            for e in sorted(store, key=lambda e: e.id)]


def store_from_payload(payload: list[dict[str, Any]], bundle: FaqStore) -> FaqStore:
    """A stored version's entries with the bundle's synonyms and terms."""
    entries = {item["entry"]["id"]: FaqEntry.model_validate(item["entry"]) for item in payload}
    sources = {item["entry"]["id"]: str(item["file"]) for item in payload}
    return FaqStore(entries, bundle.synonyms, bundle.terms, sources)


class FaqVersions:
    """Reads and writes `faq_versions` for one repository."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self._stores: dict[str, FaqStore | None] = {}  # versions read by this instance (one request)

    def current_version(self) -> str | None:
        """The served version's id (one indexed row: cheap enough to poll)."""
        with self.repository.session() as session:
            found = session.scalar(select(FaqVersionRow.version).order_by(FaqVersionRow.id.desc()).limit(1))
            return str(found) if found else None

    def record_bundle(self, bundle: FaqStore) -> bool:
        """Record the bundled FAQ as the newest version if it was never recorded; True if it was added.

        Two workers starting at once may both add it: two rows of the same version do no harm."""
        with self.repository.session() as session:
            if session.scalar(select(FaqVersionRow.id).where(FaqVersionRow.version == bundle.version).limit(1)):
                return False
        self.add(bundle, parent=self.current_version(), origin="bundle", summary="リポジトリのFAQファイル",
                 published_by=BUNDLE_ACTOR)
        return True

    def add(self, store: FaqStore, parent: str | None, origin: str, summary: str, published_by: str,
            draft_id: int | None = None) -> str:
        """Add `store` as the newest version (the same content may come back: retiring an entry just added)."""
        with self.repository.session() as session:
            session.add(FaqVersionRow(
                version=store.version, parent_version=parent, origin=origin, draft_id=draft_id,
                summary=summary[:200], entries=entries_payload(store), entry_count=len(store.entries),
                published_by=published_by[:64],
            ))
        logger.info("FAQ version recorded", extra={"faq_version": store.version, "origin": origin})
        return store.version

    def store(self, version: str, bundle: FaqStore) -> FaqStore | None:
        """A recorded version's store; None if there is none (or `version` is not a version id at all)."""
        if not VERSION.fullmatch(version):
            return None
        with self.repository.session() as session:
            payload = session.scalar(select(FaqVersionRow.entries).where(FaqVersionRow.version == version)
                                     .order_by(FaqVersionRow.id.desc()).limit(1))
        return store_from_payload(list(payload), bundle) if payload is not None else None

    def entry_as_shown(self, faq_id: str, version: str | None, served: FaqStore) -> tuple[FaqEntry, str] | None:
        """The entry and version a turn showed: from the turn's own version when it is on record and is
        not the served one, else as served now (None when neither has the entry)."""
        if version and version != served.version:
            if version not in self._stores:
                self._stores[version] = self.store(version, served)
            older = self._stores[version]
            if older is not None and faq_id in older.entries:
                return older.entries[faq_id], version
        entry = served.entries.get(faq_id)
        return (entry, served.version) if entry is not None else None

    def served_store(self, bundle: FaqStore) -> FaqStore:
        """The store to serve: the bundle recorded if new, then the newest version."""
        self.record_bundle(bundle)
        current = self.current_version()
        if current is None or current == bundle.version:
            return bundle
        return self.store(current, bundle) or bundle

    def history(self, limit: int = 100) -> list[VersionInfo]:
        """Newest first."""
        with self.repository.session() as session:
            t = FaqVersionRow
            rows = session.execute(
                select(t.version, t.parent_version, t.origin, t.draft_id, t.summary, t.published_by, t.published_at,
                       t.entry_count).order_by(t.id.desc()).limit(limit)
            ).all()
            return [VersionInfo(*row) for row in rows]
