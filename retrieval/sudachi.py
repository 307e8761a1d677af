"""One SudachiPy dictionary per process, shared by every tokenizer that needs one.

A `sudachipy.Dictionary` maps the 200 MB system dictionary and builds about 30 MB of tables of its
own; the analyser, the static query encoder, the keyword picker, the name lexicon and GiNZA's
tokenizer each used to make one (five copies, issue 19). The dictionary is read-only once loaded,
so they all share this one; what is not thread-safe is a tokenizer, and each user still creates
its own (`create`) per thread or behind its lock, as before. `Dictionary()` without arguments (as
spaCy's Japanese tokenizer makes it) and `Dictionary(dict="core")` load the same files: SudachiDict
core with SudachiPy's default settings.
"""

from __future__ import annotations

import threading

from sudachipy import Dictionary, SplitMode, Tokenizer

_LOCK = threading.Lock()
_SHARED: list[Dictionary] = []
_MODES = {None: SplitMode.A, "A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}


def shared_dictionary() -> Dictionary:
    """The process's SudachiDict core dictionary, loaded on first use."""
    if not _SHARED:
        with _LOCK:
            if not _SHARED:
                _SHARED.append(Dictionary(dict="core"))
    return _SHARED[0]


def new_tokenizer(mode: str | None = "C") -> Tokenizer:
    """A fresh tokenizer over the shared dictionary ("A", "B", "C"; None means "A", as in spaCy)."""
    if mode not in _MODES:
        raise ValueError(f"unknown Sudachi split mode: {mode}")
    return shared_dictionary().create(_MODES[mode])
