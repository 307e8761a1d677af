"""spaCy, thinc and Presidio imported without torch and transformers.

thinc (under spaCy) imports torch when it is installed, only to offer PyTorch-wrapped layers, and
Presidio imports transformers (and torch) for its Hugging Face recognizers. GiNZA's tokenizer,
tok2vec and NER are thinc's own numpy layers and our recognizers are patterns and rules, so neither
library is used here — yet importing them took about 2.5 s and 150 MB in every serving process
(issue 19). `import_nlp_stack` imports the three while `torch` and `transformers` cannot be found:
thinc turns its PyTorch support off and Presidio its Hugging Face classes, exactly as on a machine
without them. Nothing else changes: both import as usual afterwards (building an index with
sentence-transformers still works in the same process), and when either is already imported
nothing is hidden.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

HIDDEN = ("torch", "transformers")
NLP_STACK = ("thinc.api", "spacy", "presidio_analyzer")


class _Hide(MetaPathFinder):
    """A finder that reports the hidden top-level packages (and their submodules) as missing."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = frozenset(names)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {fullname!r} (hidden while importing spaCy)", name=fullname)
        return None


def import_without(modules: Sequence[str], hidden: Sequence[str] = HIDDEN) -> None:
    """Import `modules` while `hidden` cannot be found (unless one of them is already imported)."""
    if all(name in sys.modules for name in modules):
        return
    finder = None if any(name in sys.modules for name in hidden) else _Hide(hidden)
    if finder is not None:
        sys.meta_path.insert(0, finder)
    try:
        for name in modules:
            importlib.import_module(name)
    finally:
        if finder is not None:
            sys.meta_path.remove(finder)


def import_nlp_stack() -> None:
    """Import thinc, spaCy and Presidio lean (see the module docstring); call before any of them."""
    import_without(NLP_STACK)
