"""FAQ changes with review: a reviewer drafts, an admin other than the author approves, and the
approval publishes a new FAQ version that every worker then serves (`app.pipeline.refresh`).

A draft is checked twice: when it is written (against the version served then) and again when it
is approved (against the newest version, which other approvals may have changed meanwhile). Both
times the change is made on a copy of the FAQ and the whole copy goes through the schema and the
same content checks as the YAML files (`faq.validator`, `menus.validator`); only problems the
change brings in are reported, each naming its field. Every step is written to the audit log.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.pipeline.faq_versions import FaqVersions
from app.staff import audit
from app.storage.faq_models import FaqDraft
from app.storage.repository import Repository
from faq.changes import ChangeError, ChangeProblem, FaqChange, apply_change, check_problems, file_for_new_entry
from faq.changes import parse_change as parse_payload
from faq.loader import FaqLoadError, FaqStore
from menus import validator as menu_validator
from menus.tree import load_menu

NOT_FOUND = "指定された下書きが見つかりません。"
OWN_DRAFT = "ご自身が作成した下書きは承認できません。別の管理者に承認を依頼してください。"
DECIDED = "この下書きはすでに処理されています。"
MAX_NOTE = 500


class DraftRefused(Exception):
    """A draft action that cannot be done; `message` is for the staff member (Japanese)."""

    def __init__(self, message: str, problems: list[ChangeProblem] | None = None, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.status = status


@dataclass(frozen=True)
class Published:
    draft_id: int
    faq_version: str
    previous_version: str


class FaqDrafts:
    """Drafts and publications over one repository; `menu_file` is the menu the changes must fit."""

    def __init__(self, repository: Repository, menu_file: Path, served: FaqStore) -> None:
        self.repository = repository
        self.menu_file = menu_file
        self.versions = FaqVersions(repository)
        self.served = served  # the bundle's synonyms and terms; the base when nothing is recorded yet

    def newest(self) -> FaqStore:
        """The newest published version (what an approval changes); the served store itself when that is
        the newest, so nothing is read back from the database."""
        return self.versions.served_store(self.served)

    def _changed(self, store: FaqStore, change: FaqChange) -> FaqStore:
        new_file = file_for_new_entry(store, change.entry.menu) if change.entry else "staff.yaml"
        after = apply_change(store, change, new_file)
        before_problems = set(self._content_problems(store))
        added = [line for line in self._content_problems(after) if line not in before_problems]
        if added:
            raise ChangeError(check_problems(added))
        return after

    def _content_problems(self, store: FaqStore) -> list[str]:
        try:
            return menu_validator.validate(store, load_menu(self.menu_file, store))
        except FaqLoadError as exc:
            return list(exc.problems)

    def submit(self, payload: Any, author: str, client_ip: str | None = None) -> FaqDraft:
        """Check and store a draft; raise DraftRefused naming the fields otherwise."""
        base = self.newest()
        try:
            change = parse_payload(payload, base)
            self._changed(base, change)
        except ChangeError as exc:
            raise DraftRefused("下書きに直すところがあります。", exc.problems) from exc
        with self.repository.session() as session:
            draft = FaqDraft(kind=change.kind, faq_id=change.faq_id, payload=change.payload(),
                             summary=change.summary(), base_version=base.version, author=author[:64])
            session.add(draft)
            session.flush()
            session.expunge(draft)
        audit.record(self.repository, author, "faq_draft", str(draft.id),
                     {"kind": draft.kind, "faq_id": draft.faq_id}, client_ip)
        return draft

    def get(self, draft_id: int) -> FaqDraft:
        with self.repository.session() as session:
            draft = session.get(FaqDraft, draft_id)
            if draft is None:
                raise DraftRefused(NOT_FOUND, status=404)
            session.expunge(draft)
            return draft

    def list(self, status: str | None = "pending", limit: int = 100) -> list[FaqDraft]:
        with self.repository.session() as session:
            query = select(FaqDraft).order_by(FaqDraft.id.desc()).limit(limit)
            if status:
                query = query.where(FaqDraft.status == status)
            drafts = list(session.scalars(query))
            session.expunge_all()
            return drafts

    def approve(self, draft_id: int, admin: str, client_ip: str | None = None) -> Published:
        """Publish a pending draft as a new FAQ version (admin, not its author)."""
        draft = self._pending(draft_id, admin, approving=True)
        for _ in range(3):  # another approval may land between reading the newest version and adding ours
            base = self.newest()
            try:
                after = self._changed(base, parse_payload(draft.payload, base))
            except ChangeError as exc:
                raise DraftRefused("公開中のFAQがこの下書きの作成後に変わったため、このままでは公開できません。",
                                   exc.problems, status=409) from exc
            if self.versions.current_version() == base.version:
                break
        published = self.versions.add(after, parent=base.version, origin="draft", summary=draft.summary,
                                      published_by=admin, draft_id=draft.id)
        self._decide(draft.id, "approved", admin, None, published)
        audit.record(self.repository, admin, "faq_approve", str(draft.id),
                     {"faq_id": draft.faq_id, "faq_version": published, "previous": base.version}, client_ip)
        return Published(draft.id, published, base.version)

    def reject(self, draft_id: int, admin: str, note: str | None, client_ip: str | None = None) -> FaqDraft:
        draft = self._pending(draft_id, admin, approving=False)
        kept = "".join(ch for ch in (note or "") if ch in "\n\t" or not unicodedata.category(ch).startswith("C"))
        self._decide(draft.id, "rejected", admin, kept.strip()[:MAX_NOTE] or None, None)
        audit.record(self.repository, admin, "faq_reject", str(draft.id), {"faq_id": draft.faq_id}, client_ip)
        return self.get(draft.id)

    def _pending(self, draft_id: int, actor: str, approving: bool) -> FaqDraft:
        draft = self.get(draft_id)
        if draft.status != "pending":
            raise DraftRefused(DECIDED, status=409)
        if approving and draft.author == actor:
            raise DraftRefused(OWN_DRAFT, status=403)
        return draft

    def _decide(self, draft_id: int, status: str, actor: str, note: str | None, version: str | None) -> None:
        with self.repository.session() as session:
            draft = session.get(FaqDraft, draft_id)
            assert draft is not None
            draft.status, draft.decided_by, draft.decided_at = status, actor, datetime.now(UTC)
            draft.decision_note, draft.published_version = note, version
