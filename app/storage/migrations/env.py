"""Alembic environment: always given a live connection by app.storage.migrate."""

from __future__ import annotations

from alembic import context

import app.storage.faq_models  # registers the FAQ version tables on Base
import app.storage.staff_models  # noqa: F401 - registers the staff tables on Base
from app.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    compare_type=True,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
