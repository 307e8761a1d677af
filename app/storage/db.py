"""Engine and session factory: SQLite under var/ by default, PostgreSQL (psycopg 3) in production."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.storage.migrate import upgrade


def make_engine(url: str, pool_size: int = 10) -> Engine:
    """An engine for `url`.

    SQLite gets WAL, a busy timeout and foreign keys; `synchronous=NORMAL` in WAL mode
    keeps every committed transaction when a process dies (only a power cut can lose
    the last ones), so a killed worker loses no acknowledged turn. PostgreSQL gets a
    connection pool per worker, checked before use so a restarted server is survived.
    """
    sqlite = url.startswith("sqlite")
    # A file database cannot drop a connection; a server can, so its connections are checked.
    kwargs: dict[str, Any] = {"pool_pre_ping": not sqlite}
    if sqlite:
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        else:  # in memory (offline CLI runs): one shared connection, or every connection is a new database
            kwargs["poolclass"] = StaticPool
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_timeout=5)
    engine = create_engine(url, **kwargs)
    if sqlite:

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def init_db(engine: Engine, migrate: bool = True) -> sessionmaker[Session]:
    """Bring the schema to the newest migration (unless `migrate` is off) and return a session factory.

    Several workers may start at once: `upgrade` serialises them with a lock, so one
    migrates and the others find the schema current.
    """
    if migrate:
        upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False)
