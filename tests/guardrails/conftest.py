"""Fixtures of the guardrails tests: one chain per session (GiNZA loads once)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from guardrails.chain import GuardChain, build_chain

DATA = Path(__file__).resolve().parents[1] / "data"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "datasets"


def load_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def chain() -> GuardChain:
    return build_chain()


@pytest.fixture(scope="session")
def reject_chain() -> GuardChain:
    return build_chain(pii_mode="reject")
