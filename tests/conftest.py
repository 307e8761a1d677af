"""Shared fixtures: real content, real models (loaded once per session), temp databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import build_repository, create_app
from app.pipeline.concierge import Concierge
from app.pipeline.knowledge import Knowledge, build_knowledge
from app.settings import Settings
from guardrails.chain import GuardChain, build_chain
from tests import backends


def pytest_report_header() -> str:
    return backends.describe()


@pytest.fixture(scope="session", autouse=True)
def _drop_test_schemas() -> Iterator[None]:
    yield
    backends.drop_schemas()


@pytest.fixture(scope="session")
def session_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="session")
def base_settings(session_var: Path) -> Settings:
    return Settings(environment="test", var_dir=session_var, database_url=f"sqlite:///{session_var / 'unused.db'}")
    # (each test's own database comes from the `settings` fixture below)


@pytest.fixture(scope="session")
def knowledge(base_settings: Settings) -> Knowledge:
    return build_knowledge(base_settings)


@pytest.fixture(scope="session")
def guards() -> GuardChain:
    return build_chain()


class Clock:
    """An injectable clock the tests can move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 24, 3, 0, tzinfo=UTC))


@pytest.fixture
def settings(base_settings: Settings, tmp_path: Path) -> Settings:
    return base_settings.model_copy(update=backends.storage_settings(tmp_path))


@pytest.fixture
def concierge(settings: Settings, knowledge: Knowledge, guards: GuardChain, clock: Clock) -> Concierge:
    return Concierge(settings, knowledge, guards, build_repository(settings), clock=clock)


@pytest.fixture
def client(settings: Settings, concierge: Concierge) -> Iterator[TestClient]:
    with TestClient(create_app(settings, concierge)) as test_client:
        yield test_client


@pytest.fixture
def consented(client: TestClient, knowledge: Knowledge) -> TestClient:
    response = client.post("/api/v1/consent", json={"terms_version": knowledge.store.terms.version})
    assert response.status_code == 200
    return client


@pytest.fixture
def conversation(consented: TestClient) -> str:
    response = consented.post("/api/v1/conversations")
    assert response.status_code == 201
    conversation_id: str = response.json()["id"]
    return conversation_id
