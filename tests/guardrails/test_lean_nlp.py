"""The PII guard's model loads lean (issue 19): no torch or transformers, no second Sudachi dictionary,
no stored-string table, a compact vector key table — with the same rows and scores as before."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from guardrails.pii.lean_imports import import_without
from guardrails.pii.vector_rows import KeyRows, compact_vectors

ROOT = Path(__file__).resolve().parents[2]


def test_hidden_modules_are_missing_only_while_importing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lean_user.py").write_text(
        "try:\n    import lean_heavy\n    HAS_HEAVY = True\nexcept ImportError:\n    HAS_HEAVY = False\n",
        encoding="utf-8",
    )
    (tmp_path / "lean_heavy.py").write_text("LOADED = True\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("lean_user", "lean_heavy"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    finders = list(sys.meta_path)
    import_without(["lean_user"], hidden=["lean_heavy"])
    assert sys.modules["lean_user"].HAS_HEAVY is False
    assert sys.meta_path == finders
    import lean_heavy  # type: ignore[import-not-found]  # importable again afterwards

    assert lean_heavy.LOADED


def test_the_guard_chain_loads_without_torch() -> None:
    """In a fresh process (the test process may have imported torch already)."""
    script = textwrap.dedent("""
        import sys
        from guardrails.chain import build_chain
        outcome = build_chain().run("山田太郎です。パスワードを忘れました")
        assert outcome.text.startswith("＜氏名＞"), outcome.text
        hidden = [m for m in ("torch", "transformers") if m in sys.modules]
        assert not hidden, hidden
        import thinc.compat, torch  # torch still imports afterwards (e.g. to build an index)
        assert thinc.compat.has_torch is False
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_key_rows_answer_as_the_dict() -> None:
    pairs: dict[object, int] = {2**64 - 1: 3, 64: 0, 123456789012345: 7, 5: 7}
    rows = KeyRows(pairs)  # type: ignore[arg-type]
    assert len(rows) == 4 and set(rows) == set(pairs) and dict(rows.items()) == pairs
    for key in [*pairs, 0, 6, -1, 2**64, "64", 64.0, np.uint64(5), None]:
        assert rows.get(key, -1) == pairs.get(key, -1), key
        assert (key in rows) == (key in pairs), key
    with pytest.raises(KeyError):
        rows[6]
    with pytest.raises(TypeError):
        rows[6] = 1  # type: ignore[index]


def test_compacted_vectors_find_the_same_rows(tmp_path: Path) -> None:
    from spacy.vectors import Vectors
    from spacy.vocab import Vocab

    vocab = Vocab()
    words = ["ハローワーク", "求人", "山田", "失業"]
    data = np.arange(12, dtype=np.float32).reshape(3, 4)
    vocab.vectors = Vectors(data=data, keys=[vocab.strings.add(w) for w in words[:3]])
    vocab.vectors.add(vocab.strings.add(words[3]), row=1)
    keys = [vocab.strings[w] for w in [*words, "未知語"]]
    before = vocab.vectors.find(keys=keys).tolist()
    (tmp_path / "vocab").mkdir()
    with (tmp_path / "vocab" / "vectors").open("wb") as handle:  # the model folder's file, as spaCy names it
        np.save(handle, data)
    compact_vectors(vocab, tmp_path)
    assert isinstance(vocab.vectors.key2row, KeyRows)
    assert isinstance(vocab.vectors.data, np.memmap) and not vocab.vectors.data.flags.writeable
    assert vocab.vectors.find(keys=keys).tolist() == before == [0, 1, 2, 1, -1]
    np.testing.assert_array_equal(vocab.vectors[vocab.strings["失業"]], data[1])
    np.testing.assert_array_equal(vocab.vectors.data, data)
