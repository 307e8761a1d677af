"""The compact tables of the static query encoder give what the dict and `load_file` gave (issue 19)."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

from retrieval.sudachi import new_tokenizer, shared_dictionary
from retrieval.vocab_index import VocabularyIndex, map_safetensors

TOKENS = ["ハローワーク", "求人", "", "▁求人", "雇用保険", "求人", "a", "ａ", "失業"]  # "求人" twice: last wins


@pytest.mark.parametrize("tokens", [TOKENS, [], [""], ["単語"], [f"w{i}" for i in range(3000)]])
def test_the_index_finds_what_the_dict_finds(tokens: list[str]) -> None:
    expected = {token: i for i, token in enumerate(tokens)}
    index = VocabularyIndex.of(tokens)
    assert len(index) == len(tokens)
    for probe in [*tokens, "求", "求人x", "ハロー", "A", "w3000", "\ud800"]:
        assert index.get(probe) == expected.get(probe), probe


def test_the_vocabulary_file_reads_as_split_lines() -> None:
    text = "\n".join(TOKENS)
    listed = text.split("\n")
    index = VocabularyIndex(text)
    assert len(index) == len(listed)
    assert all(index.get(token) == i for token, i in {t: i for i, t in enumerate(listed)}.items())
    assert len(VocabularyIndex("")) == 1 and VocabularyIndex("").get("") == 0  # "".split("\n") == [""]


def test_tokens_with_a_newline_are_refused() -> None:
    with pytest.raises(ValueError, match="newline"):
        VocabularyIndex.of(["two\nlines"])


def test_the_index_survives_pickling() -> None:
    again = pickle.loads(pickle.dumps(VocabularyIndex.of(TOKENS)))
    assert again.get("求人") == 5 and again.get("失業") == 8 and again.get("なし") is None


def test_mapped_tensors_equal_the_loaded_ones(tmp_path: Path) -> None:
    path = tmp_path / "t.safetensors"
    save_file({"rows": np.arange(7, dtype=np.int64), "vectors": np.random.default_rng(0).normal(size=(5, 3)).astype(
        np.float32), "remove": np.zeros((0, 3), dtype=np.float32)}, str(path))
    loaded, mapped = load_file(str(path)), map_safetensors(path)
    assert loaded.keys() == mapped.keys()
    for name, array in loaded.items():
        assert mapped[name].dtype == array.dtype and mapped[name].shape == array.shape
        np.testing.assert_array_equal(mapped[name], array)
    assert not mapped["vectors"].flags.writeable


def test_one_sudachi_dictionary_serves_every_tokenizer() -> None:
    """The shared dictionary is the one `Dictionary()` (spaCy's) loads: same morphemes."""
    from sudachipy import Dictionary, SplitMode

    assert shared_dictionary() is shared_dictionary()
    own = Dictionary().create(SplitMode.C)
    shared = new_tokenizer("C")
    for text in ["ﾊﾛｰﾜｰｸで引越しの手続き", "山田太郎です。失業保険をもらいたい", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ"]:
        def view(tokenizer, text=text):  # type: ignore[no-untyped-def]
            return [(m.surface(), m.part_of_speech(), m.normalized_form(), m.reading_form(), m.is_oov())
                    for m in tokenizer.tokenize(text)]
        assert view(shared) == view(own)
    with pytest.raises(ValueError):
        new_tokenizer("D")
