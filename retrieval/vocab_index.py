"""Compact, read-only tables for the static query encoder: its vocabulary look-up and its tensors.

The encoder's vocabulary has about 480,000 Sudachi forms. As a dict of str keys (plus the list of
them) it took about 100 MB in every serving process, and its tensors another 58 MB read into memory
(issue 19). `VocabularyIndex` keeps the vocabulary file's UTF-8 bytes as one object, the offsets of
the tokens and their hashes, sorted, in numpy arrays (about 14 MB); `map_safetensors` maps a saved
tensor file instead of reading it, so the rows a query never touches stay on disk (and the page cache
is shared by every worker). Both give exactly what the dict and `safetensors.numpy.load_file` gave.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

import numpy as np

_SAFETENSORS_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "U8": "u1", "BOOL": "?"}


class VocabularyIndex:
    """token -> index, as `{token: i for i, token in enumerate(tokens)}.get(token)` (the last of repeated
    tokens wins). Hashes only narrow the search: the token's bytes are compared.

    Args:
        text: the tokens joined by "\\n" (the vocabulary file as read: `text.split("\\n")`).
        count: how many tokens `text` holds, when a list was joined ("" is no token or one empty one).
    """

    def __init__(self, text: str, count: int | None = None) -> None:
        data = text.encode("utf-8")
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
        offset = np.int32 if len(data) < 2**31 - 2 else np.int64
        self._data = data
        # token i is data[starts[i] : starts[i + 1] - 1] (the last one as if a "\n" followed it)
        self._starts = np.concatenate(([0], ends + 1, [len(data) + 1])).astype(offset)
        self._count = len(ends) + 1 if count is None else count
        spans = pairwise(self._starts[: self._count + 1].tolist())
        hashes = np.fromiter((hash(data[a : b - 1]) for a, b in spans), dtype=np.int64, count=self._count)
        self._order = np.argsort(hashes, kind="stable").astype(offset)  # equal hashes keep the tokens' order
        self._hashes = hashes[self._order]

    @classmethod
    def of(cls, tokens: Iterable[str]) -> VocabularyIndex:
        """The index of a token list (tokens must not contain "\\n")."""
        listed = list(tokens)
        if any("\n" in token for token in listed):
            raise ValueError("vocabulary tokens cannot contain a newline")
        return cls("\n".join(listed), count=len(listed))

    def __len__(self) -> int:
        return self._count

    def __reduce__(self) -> tuple[type[VocabularyIndex], tuple[str, int]]:
        # hashes of str/bytes are salted per interpreter: another process rebuilds them from the text
        return VocabularyIndex, (self._data.decode("utf-8"), self._count)

    def get(self, token: str) -> int | None:
        """The index of the last occurrence of `token`, or None."""
        try:
            key = token.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no vocabulary token is spelled that way
            return None
        wanted = hash(key)
        position = int(np.searchsorted(self._hashes, wanted))
        found = None
        while position < self._count and self._hashes[position] == wanted:
            i = int(self._order[position])
            if self._data[int(self._starts[i]) : int(self._starts[i + 1]) - 1] == key:
                found = i
            position += 1
        return found


def map_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a safetensors file as read-only memory maps (empty tensors as plain arrays)."""
    with path.open("rb") as handle:
        size = int.from_bytes(handle.read(8), "little")
        header = json.loads(handle.read(size))
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = np.dtype(_SAFETENSORS_DTYPES[info["dtype"]])
        shape = tuple(int(n) for n in info["shape"])
        begin, end = (int(n) for n in info["data_offsets"])
        if end == begin:
            tensors[name] = np.zeros(shape, dtype=dtype)
        else:
            tensors[name] = np.memmap(path, dtype=dtype, mode="r", offset=8 + size + begin, shape=shape)
    return tensors
