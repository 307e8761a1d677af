"""Presidio NlpEngine over GiNZA: Sudachi tokens for every text, NER only where a name may be.

GiNZA's NER costs about 0.1 ms per token even decoded with numpy (`FastNer`), so it
runs on windows of ±WINDOW tokens around *name candidates* only: tokens Sudachi tags
人名, words the dictionary does not know (katakana, latin), proper nouns the dictionary
also lists as names, katakana joined by ・, and the words before an honorific (さん, 様,
氏 …) or after a name cue (氏名, 名前, 申します …). A question without any of them
("雇用保険の手続きを教えて") never reaches the model.

The engine also builds the token view the name recognizer scores (`NameToken`: tags,
categories, GiNZA labels and Person margins, word-vector probe scores) and attaches it
to the artifacts as `name_tokens` and `name_entities`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.tokens import Doc, Span

from guardrails.pii.fast_ner import FastNer
from guardrails.pii.name_rules import HONORIFICS, NAME_CUES, is_katakana
from guardrails.pii.name_tokens import Lexicon, NameToken, category, name_tokens
from guardrails.pii.person_probe import probe_scorer
from guardrails.pii.vector_rows import compact_vectors
from retrieval.sudachi import new_tokenizer

WINDOW = 8  # tok2vec depth 8 x window 1: a token's vector sees 8 tokens each side
# Besides the unused components, the vocabulary's 600,000 stored strings (strings.json, about 115 MB
# in memory) are not loaded: the pipeline stores every string it reads back (token texts, tags,
# lemmas, entity labels) when it makes it, and word vectors are found by hash, not by string.
_EXCLUDE = ["parser", "attribute_ruler", "morphologizer", "compound_splitter", "bunsetu_recognizer", "strings"]
_KATAKANA_JOIN = re.compile(r"^[・=]$")
_LATIN_WORD = re.compile(r"^[a-z]{3,}$")

try:  # one BLAS thread for the small NER matrices: no spin-waiting against other work on 2 cores
    from threadpoolctl import ThreadpoolController

    _BLAS = ThreadpoolController()
except ImportError:  # pragma: no cover - threadpoolctl ships with scikit-learn
    _BLAS = None


class GinzaNlpEngine(NlpEngine):
    """Tokenise with GiNZA's Sudachi tokenizer; run GiNZA NER (via FastNer) on candidate windows."""

    def __init__(self, use_ner: bool = True, model: str = "ja_ginza") -> None:
        self.use_ner = use_ner
        self.model = model
        self.nlp: spacy.language.Language | None = None
        self._ner: FastNer | None = None
        self.lexicon = Lexicon()
        self._probe: Callable[[str], float | None] = lambda word: None

    def load(self) -> None:
        """Load ja_ginza with only the tokenizer, tok2vec and ner (nothing else is used)."""
        exclude = _EXCLUDE + ([] if self.use_ner else ["tok2vec", "ner"])
        nlp = spacy.load(self.model, exclude=exclude)
        nlp.tokenizer.need_subtokens = False  # type: ignore[union-attr]  # split A/B sub-tokens: unused
        # spaCy's Japanese tokenizer loads a SudachiDict of its own (the same files, `Dictionary()`):
        # the same tokenizer over the process's shared dictionary instead, and the copy is freed.
        nlp.tokenizer.tokenizer = new_tokenizer(nlp.tokenizer.split_mode)  # type: ignore[union-attr]
        # the vector key table as numpy arrays and the vectors mapped, before the probe reads them
        compact_vectors(nlp.vocab, getattr(nlp, "_path", None))
        self.nlp = nlp
        self._ner = FastNer(nlp) if self.use_ner else None
        self._probe = probe_scorer(nlp.vocab)

    def is_loaded(self) -> bool:
        return self.nlp is not None

    def _require(self) -> spacy.language.Language:
        if self.nlp is None:
            self.load()
        assert self.nlp is not None
        return self.nlp

    def unknown_words(self, text: str) -> set[int]:
        """Start offsets of the words Sudachi's dictionary does not know (foreign names among them)."""
        tokenizer = self._require().tokenizer.tokenizer  # type: ignore[union-attr]
        return {m.begin() for m in tokenizer.tokenize(text) if m.is_oov()}

    def categories(self, doc: Doc, unknown: set[int]) -> list[str]:
        """The NameToken category of every token (see name_tokens)."""
        return [category(tok.text, tok.tag_, tok.idx in unknown, self.lexicon) for tok in doc]

    @staticmethod
    def candidate_tokens(doc: Doc, categories: list[str]) -> list[int]:
        """Indices of tokens around which a person name may be."""
        found: list[int] = []
        for i, tok in enumerate(doc):
            name_like = categories[i] in ("N", "L") or (
                categories[i] == "U" and ((is_katakana(tok.text) and len(tok.text) >= 2) or _LATIN_WORD.match(tok.text))
            )
            joined = _KATAKANA_JOIN.match(tok.text) and 0 < i < len(doc) - 1 and is_katakana(doc[i - 1].text)
            if name_like or joined:
                found.append(i)
            elif tok.text in HONORIFICS and i > 0 and doc[i - 1].pos_ in ("NOUN", "PROPN"):
                found.append(i - 1)
            elif tok.text in NAME_CUES and i + 1 < len(doc):
                found.append(i + 1)
        return found

    def tag_entities(self, doc: Doc, categories: list[str]) -> list[float | None]:
        """Set doc.ents from GiNZA NER run over the windows around the candidate tokens; return the
        Person margin of every token (None outside the windows)."""
        margins: list[float | None] = [None] * len(doc)
        if self._ner is None:
            return margins
        windows: list[tuple[int, int]] = []
        for i in self.candidate_tokens(doc, categories):
            start, end = max(0, i - WINDOW), min(len(doc), i + WINDOW + 1)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
            else:
                windows.append((start, end))
        if not windows:
            return margins
        subdocs = [doc[a:b].as_doc() for a, b in windows]
        if _BLAS is not None:
            with _BLAS.limit(limits=1, user_api="blas"):
                found = self._ner.entities_and_margins(subdocs)
        else:  # pragma: no cover
            found = self._ner.entities_and_margins(subdocs)
        spans: list[Span] = []
        for (offset, _), (ents, window_margins) in zip(windows, found, strict=True):
            spans.extend(Span(doc, offset + s, offset + e, label=label) for s, e, label in ents)
            for k, margin in enumerate(window_margins):
                margins[offset + k] = float(margin)
        doc.set_ents(spacy.util.filter_spans(spans))
        return margins

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        """Tokens, lemmas and (window) entities of one text."""
        doc = self._require().make_doc(text)
        unknown = self.unknown_words(text)
        categories = self.categories(doc, unknown)
        margins = self.tag_entities(doc, categories)
        artifacts = NlpArtifacts(
            entities=list(doc.ents),
            tokens=doc,
            tokens_indices=[tok.idx for tok in doc],
            lemmas=[tok.lemma_ for tok in doc],
            nlp_engine=self,
            language=language,
        )
        artifacts.name_tokens = self.name_tokens(doc, categories, margins)  # type: ignore[attr-defined]
        artifacts.name_entities = [(e.start, e.end, e.label_) for e in doc.ents]  # type: ignore[attr-defined]
        return artifacts

    def name_tokens(self, doc: Doc, categories: list[str], margins: list[float | None]) -> list[NameToken]:
        """The token view of `doc` that JapaneseNameRecognizer scores."""
        labels = [""] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                labels[i] = ent.label_
        words = [(t.text, t.idx, t.tag_, bool(t.like_num), c) for t, c in zip(doc, categories, strict=True)]
        return name_tokens(words, labels, margins, self._probe)

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs: object
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return bool(self._require().vocab[word].is_stop)

    def is_punct(self, word: str, language: str) -> bool:
        return bool(self._require().vocab[word].is_punct)

    def get_supported_entities(self) -> list[str]:
        return ["PERSON"]

    def get_supported_languages(self) -> list[str]:
        return ["ja"]
