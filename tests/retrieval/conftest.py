"""Shared retrieval fixtures: the offline default encoder is built once per test session."""

import pytest

from retrieval.encoders import DEFAULT_ENCODER, load_encoder


@pytest.fixture(scope="session")
def default_encoder(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return load_encoder(DEFAULT_ENCODER, tmp_path_factory.mktemp("models"))
