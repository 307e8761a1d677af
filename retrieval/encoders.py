"""Dense encoders: building the offline default and loading any sentence-transformers model.

The default is built on the machine from the 300-d word vectors that the `ja-ginza`
PyPI package ships (no hub, no network). Any other sentence-transformers model
directory (for example a Japanese model baked into a production image) loads the
same way through `load_encoder`.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.static_tokens import StaticQueryEncoder, is_static_model

logger = logging.getLogger(__name__)

DEFAULT_ENCODER = "ginza-static"


def _ginza_vocab_dir() -> Path:
    import ja_ginza

    package = Path(ja_ginza.__file__).parent
    found = sorted(package.glob("ja_ginza-*/vocab"))
    if not found:
        raise FileNotFoundError("ja_ginza is installed but has no vocab folder")
    return found[-1]


def build_default_encoder(output: Path, n_remove: int = 1) -> Path:
    """Build the default sentence-transformers model from ja-ginza's vectors.

    Weights follow Zipf: rows in the ginza table are ordered by frequency, so a
    token's weight is log(2 + rank of its row); keys that were pruned onto a
    neighbour's row are rare words and get the largest weight. `n_remove` top
    singular directions of the table are projected out (the common component that
    every sentence shares, after Arora et al. 2017).
    """
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules.normalize import Normalize
    from spacy.strings import StringStore
    from spacy.vectors import Vectors

    from retrieval.static_embedding import SudachiStaticEmbedding

    vocab_dir = _ginza_vocab_dir()
    strings = StringStore().from_disk(vocab_dir / "strings.json")
    table = Vectors().from_disk(str(vocab_dir))
    vectors = np.asarray(table.data, dtype=np.float32)
    n_rows = vectors.shape[0]
    vocab: list[str] = []
    rows: list[int] = []
    weights: list[float] = []
    owned: set[int] = set()
    for key, row in table.key2row.items():
        token = strings[key]
        if not token or "\n" in token or row < 0:
            continue
        rare = row in owned
        owned.add(int(row))
        vocab.append(token)
        rows.append(int(row))
        weights.append(float(np.log(2.0 + (n_rows if rare else row))))
    remove = None
    if n_remove > 0:
        _, _, vt = np.linalg.svd(vectors, full_matrices=False)
        remove = vt[:n_remove].astype(np.float32)
    module = SudachiStaticEmbedding(vocab, np.asarray(rows), np.asarray(weights), vectors, remove)
    model = SentenceTransformer(modules=[module, Normalize()], device="cpu")
    output.mkdir(parents=True, exist_ok=True)
    model.save(str(output))
    logger.info("built default encoder", extra={"tokens": len(vocab), "rows": n_rows})
    return output


def load_encoder(name_or_path: str, models_dir: Path, queries_only: bool = False):  # type: ignore[no-untyped-def]
    """Load a sentence-transformers model from a local path, never from a hub.

    `DEFAULT_ENCODER` resolves to `models_dir/ginza-static`, built on first use. With
    `queries_only`, a static model of ours (`SudachiStaticEmbedding` + `Normalize`) loads as a
    `StaticQueryEncoder`: the same vectors from numpy alone, without torch (it cannot be trained
    or adapted; `retrieval.adapt` needs the sentence-transformers model).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if name_or_path == DEFAULT_ENCODER:
        path = models_dir / DEFAULT_ENCODER
        if not (path / "modules.json").exists():
            build_default_encoder(path)
        name_or_path = str(path)
    if queries_only and is_static_model(Path(name_or_path)):
        return StaticQueryEncoder.load(Path(name_or_path))
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(
        name_or_path, device="cpu", local_files_only=True, trust_remote_code=_only_our_modules(Path(name_or_path))
    )


def _only_our_modules(path: Path) -> bool:
    """True when a local model's custom module types all live in this project's package.

    sentence-transformers asks for `trust_remote_code` before importing any class it
    does not ship; our own `retrieval.*` modules are not remote code, anything else is.
    """
    modules_file = path / "modules.json"
    if not modules_file.exists():
        return False
    types = [m.get("type", "") for m in json.loads(modules_file.read_text(encoding="utf-8"))]
    custom = [t for t in types if not t.startswith("sentence_transformers.")]
    return bool(custom) and all(t.startswith("retrieval.") for t in custom)


class LazyEncoder:
    """An encoder loaded on first use: a saved index whose encoder was adapted never needs its base.

    Args:
        load: makes the encoder (e.g. `lambda: load_encoder(name, models_dir)`), called at most once.
    """

    def __init__(self, load: Callable[[], Any]) -> None:
        self._load = load
        self._encoder: Any = None
        self._lock = threading.Lock()

    def resolve(self) -> Any:
        """The encoder, loading it now if it was not loaded yet."""
        if self._encoder is None:
            with self._lock:
                if self._encoder is None:
                    self._encoder = self._load()
        return self._encoder

    @property
    def loaded(self) -> bool:
        return self._encoder is not None

    def __getitem__(self, key: Any) -> Any:
        return self.resolve()[key]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.resolve(), name)
