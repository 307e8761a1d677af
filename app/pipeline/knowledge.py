"""The loaded knowledge: FAQ store, menu tree and the hybrid index built over them.

The dense index is saved under var/index and rebuilt when the FAQ version or the
encoder changes; the lexical side is rebuilt in memory at start (milliseconds).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from app.settings import Settings
from faq.loader import FaqStore, load_faq
from faq.schema import FaqEntry
from guardrails.keywords import KeywordPicker
from menus.tree import MenuTree, load_menu
from retrieval.analyzer import JapaneseAnalyzer, SynonymTable
from retrieval.calibration import DEFAULT_FILE, ConfidenceModel, QueryTerms
from retrieval.classifier import ClassifierRetriever
from retrieval.encoders import LazyEncoder, load_encoder
from retrieval.hits import Document
from retrieval.index import FUSION_WEIGHTS, HybridIndex, SearchResult, read_meta
from retrieval.priors import apply_priors

logger = logging.getLogger(__name__)


@dataclass
class Knowledge:
    store: FaqStore
    menu: MenuTree
    index: HybridIndex
    keywords: KeywordPicker
    confidence: ConfidenceModel
    vocabulary: FaqVocabulary

    @property
    def version(self) -> str:
        return self.store.version

    @cached_property
    def audience_of(self) -> dict[str, str]:
        return {e.id: str(e.audience) for e in self.store}

    def entry(self, faq_id: str) -> FaqEntry:
        return self.store.entries[faq_id]

    def retrieve(self, text: str, top_k: int, scope: str | None = None, audience: str | None = None) -> SearchResult:
        """Candidates for a (masked) question over the whole FAQ, re-ranked with the audience and the
        menu scope as priors (`retrieval.priors`): nothing is filtered out."""
        wide = self.index.search(text, max(top_k, 20))
        hits = apply_priors(wide.hits, self.audience_of, audience, self.index.scope_ids(scope), text)
        return SearchResult(hits[:top_k], wide.timings_ms)


def faq_documents(store: FaqStore, menu: MenuTree) -> list[Document]:
    """One retrievable document per FAQ entry, scoped by its menu ancestors."""
    return [
        Document(
            id=entry.id,
            titles=tuple(entry.search_texts()),
            body=entry.answer,
            keywords=tuple(entry.keywords),
            scopes=menu.scopes_of(entry.id),
        )
        for entry in sorted(store, key=lambda e: e.id)
    ]


def _index_folder(settings: Settings) -> Path:
    return settings.index_dir / "faq"


def build_knowledge(
    settings: Settings, force: bool = False, show_progress: bool = False, store: FaqStore | None = None,
    save: bool = True,
) -> Knowledge:
    """Load content (the bundled FAQ unless `store` is given), then load the saved index or (re)build
    it if stale or missing. `save=False` builds in memory only: a worker swapping in a version that
    staff just published (`app.pipeline.refresh`) leaves the saved index to the next start."""
    store = store or load_faq(settings.faq_dir)
    menu = load_menu(settings.menu_file, store)
    analyzer = JapaneseAnalyzer(SynonymTable(store.synonym_map()))
    # Loaded only if needed: to build the index, or to encode queries when it was not adapted.
    encoder = LazyEncoder(lambda: load_encoder(settings.encoder, settings.models_dir))
    # The FAQ index adds a classifier trained on the entries' own questions and alternates
    # (see retrieval/classifier.py); weight 2 was chosen on the dev questions (0, 1, 2, 3 tried).
    index = HybridIndex(
        analyzer, encoder, weights={**FUSION_WEIGHTS, "classifier": 2.0}, extra=[ClassifierRetriever(analyzer)]
    )
    documents = faq_documents(store, menu)
    folder = _index_folder(settings)
    wanted = {"faq_version": store.version, "encoder": settings.encoder, "documents": str(len(documents))}
    if not force and read_meta(folder) == wanted:
        index.load(folder, documents)
    else:
        logger.info("building the FAQ index", extra={"faq_version": store.version})
        index.fit(documents, show_progress=show_progress)
        if save:
            index.save(folder, wanted)
    confidence = ConfidenceModel.load(settings.confidence_file or DEFAULT_FILE)
    picker = keyword_picker(store, menu)
    return Knowledge(store, menu, index, picker, confidence, FaqVocabulary(store, picker))


def keyword_picker(store: FaqStore, menu: MenuTree) -> KeywordPicker:
    """The controlled vocabulary: FAQ questions, alternates, keywords, menu labels and synonyms."""
    terms: list[str] = []
    for entry in store:
        terms.extend([*entry.search_texts(), *entry.keywords])
    terms.extend(node.label for node in menu.nodes.values() if not node.faq_id)
    return RecentScans.of(KeywordPicker(terms, store.synonym_map()))


class RecentScans(KeywordPicker):
    """A keyword picker that remembers its last scans: the orchestrator picks a question's keywords and
    the selector reads the same question's vocabulary evidence (`FaqVocabulary.query_terms`), so one
    analysis (normalising, synonym variants, Sudachi) serves both. Scans are pure functions of the text.
    """

    SIZE = 256

    @classmethod
    def of(cls, picker: KeywordPicker) -> RecentScans:
        remembering = cls.__new__(cls)
        remembering.__dict__.update(picker.__dict__)  # the same vocabulary and variants, not a rebuild
        remembering._recent = OrderedDict()
        remembering._recent_lock = threading.Lock()
        return remembering

    _recent: OrderedDict[str, tuple[tuple[str, ...], int]]
    _recent_lock: threading.Lock

    def scan(self, text: str) -> tuple[list[str], int]:
        with self._recent_lock:
            found = self._recent.get(text)
            if found is not None:
                self._recent.move_to_end(text)
        if found is None:
            terms, unknown = super().scan(text)
            found = (tuple(terms), unknown)
            with self._recent_lock:
                self._recent[text] = found
                while len(self._recent) > self.SIZE:
                    self._recent.popitem(last=False)
        return list(found[0]), found[1]


class FaqVocabulary:
    """Answer-confidence evidence from the controlled vocabulary (see `retrieval.calibration`).

    Each entry's terms are the vocabulary terms of its question, alternates and keywords.
    """

    def __init__(self, store: FaqStore, picker: KeywordPicker) -> None:
        self.picker = picker
        self.entry_terms = {
            entry.id: frozenset(term for text in [*entry.search_texts(), *entry.keywords] for term in picker.pick(text))
            for entry in store
        }

    def query_terms(self, text: str, top_id: str) -> QueryTerms:
        terms, unknown = self.picker.scan(text)
        top_terms = self.entry_terms.get(top_id, frozenset())
        return QueryTerms(len(terms), unknown, sum(term in top_terms for term in terms))
