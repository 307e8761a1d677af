"""GiNZA's word vectors, lean: the key table (480,000 word hashes -> 20,000 rows) as two numpy arrays,
and the 20,000 x 300 table itself memory-mapped from the model folder.

spaCy keeps `Vectors.key2row` as a Python dict: about 50 MB of int objects in every serving process
(issue 19), and reads the 24 MB table into memory. Both are only read once the model is loaded — by
the tok2vec layer's static vectors (`Vectors.find`, rows) and by the person-name probe
(`person_probe.probe_scorer`) — so `KeyRows` holds the same pairs sorted by key (about 6 MB) and
answers `get`, `[]`, `in`, `len` and iteration (in key order) exactly as the dict did, and the table
is the same file spaCy read, mapped: rows no text has used stay on disk, the rest in the page cache
that every worker shares. Both are read-only: adding vectors to the model raises.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

_UINT64_END = 1 << 64


class KeyRows(Mapping[int, int]):
    """A read-only int -> int mapping over sorted numpy arrays (keys are 64-bit string hashes)."""

    def __init__(self, pairs: Mapping[int, int]) -> None:
        keys = np.fromiter(pairs.keys(), dtype=np.uint64, count=len(pairs))
        rows = np.fromiter(pairs.values(), dtype=np.int64, count=len(pairs))
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._rows = rows[order]

    def _position(self, key: Any) -> int:
        """Where `key` is in the sorted keys, or -1."""
        try:
            value = int(key)
        except (TypeError, ValueError):
            return -1
        if not 0 <= value < _UINT64_END or value != key:
            return -1
        i = int(np.searchsorted(self._keys, np.uint64(value)))
        return i if i < len(self._keys) and int(self._keys[i]) == value else -1

    def get(self, key: Any, default: Any = None) -> Any:
        i = self._position(key)
        return default if i < 0 else int(self._rows[i])

    def __getitem__(self, key: Any) -> int:
        i = self._position(key)
        if i < 0:
            raise KeyError(key)
        return int(self._rows[i])

    def __contains__(self, key: object) -> bool:
        return self._position(key) >= 0

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __setitem__(self, key: int, row: int) -> None:
        raise TypeError("the loaded vector table is read-only")


def compact_vectors(vocab: Any, model_path: Path | None = None) -> None:
    """Replace `vocab.vectors.key2row` by a `KeyRows` of the same pairs (if it is still a dict), and
    the vector table by a read-only map of `model_path`/vocab/vectors (the file spaCy loaded it from)
    when that file holds a table of the same shape and type."""
    vectors = getattr(vocab, "vectors", None)
    table = getattr(vectors, "key2row", None)
    if isinstance(table, dict) and table:
        vectors.key2row = KeyRows(table)  # type: ignore[union-attr]
    source = None if model_path is None else Path(model_path) / "vocab" / "vectors"
    data = getattr(vectors, "data", None)
    if source is None or not source.is_file() or not isinstance(data, np.ndarray) or not data.size:
        return
    mapped = np.load(source, mmap_mode="r")
    if mapped.shape == data.shape and mapped.dtype == data.dtype:
        vectors.data = mapped  # type: ignore[union-attr]
