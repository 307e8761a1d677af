"""Which storage the test run uses: the embedded default, or PostgreSQL + Redis.

`HWIS_TEST_BACKEND=postgres` (with `HWIS_TEST_POSTGRES_URL` and `HWIS_TEST_REDIS_URL`,
printed by `scripts/services.sh start`) runs the whole suite against real servers:
every test database is a fresh PostgreSQL schema, every test gets its own Redis key
prefix, so tests never see each other's rows or counters.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BACKEND = os.environ.get("HWIS_TEST_BACKEND", "sqlite")
if BACKEND not in {"sqlite", "postgres"}:
    raise RuntimeError(f"HWIS_TEST_BACKEND must be sqlite or postgres, not {BACKEND!r}")
POSTGRES = BACKEND == "postgres"
_SCHEMAS: list[str] = []


def _admin_url() -> str:
    url = os.environ.get("HWIS_TEST_POSTGRES_URL", "")
    if not url:
        raise RuntimeError("HWIS_TEST_BACKEND=postgres needs HWIS_TEST_POSTGRES_URL (see scripts/services.sh)")
    return url


def redis_url() -> str:
    if not POSTGRES:
        return ""
    url = os.environ.get("HWIS_TEST_REDIS_URL", "")
    if not url:
        raise RuntimeError("HWIS_TEST_BACKEND=postgres needs HWIS_TEST_REDIS_URL (see scripts/services.sh)")
    return url


def database_url(folder: Path, name: str = "test") -> str:
    """A new, empty database: a SQLite file in `folder`, or a fresh schema on the PostgreSQL server."""
    if not POSTGRES:
        return f"sqlite:///{folder / f'{name}.db'}"
    schema = f"t_{uuid.uuid4().hex[:16]}"
    engine = create_engine(_admin_url())
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    _SCHEMAS.append(schema)
    url = make_url(_admin_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def storage_settings(folder: Path, name: str = "test") -> dict[str, Any]:
    """Settings fields for a fresh database (and, on the production backend, a fresh Redis namespace)."""
    fields: dict[str, Any] = {"database_url": database_url(folder, name)}
    if POSTGRES:
        fields.update(redis_url=redis_url(), redis_prefix=f"t{uuid.uuid4().hex[:12]}")
    return fields


def as_env(fields: dict[str, Any]) -> dict[str, str]:
    """Settings fields as the HWIS_* environment variables a service in another process reads."""
    return {f"HWIS_{key.upper()}": str(value) for key, value in fields.items()}


def storage_env(folder: Path, name: str = "test") -> dict[str, str]:
    """`storage_settings` as environment variables, for tests that start the service in another process."""
    return as_env(storage_settings(folder, name))


def drop_schemas() -> None:
    """Remove every schema this run created (end of the session)."""
    if not POSTGRES or not _SCHEMAS:
        return
    engine = create_engine(_admin_url())
    with engine.begin() as connection:
        for schema in _SCHEMAS:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()
    _SCHEMAS.clear()


def describe() -> str:
    if not POSTGRES:
        return "backend: SQLite (embedded default), in-memory rate limits"
    return f"backend: PostgreSQL {make_url(_admin_url()).render_as_string()} + Redis {redis_url()}"


requires_production_backend = pytest.mark.skipif(
    not POSTGRES, reason="needs PostgreSQL + Redis (HWIS_TEST_BACKEND=postgres; scripts/test.sh runs it)"
)
