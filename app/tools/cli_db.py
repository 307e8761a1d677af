"""`hwis-concierge db …`: schema migrations (Alembic) of the configured database."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import Engine

from app.settings import get_settings

db_cli = typer.Typer(help="Database schema migrations (Alembic)", no_args_is_help=True)


def _engine() -> Engine:
    from app.storage.db import make_engine

    return make_engine(get_settings().database_url)


@db_cli.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Bring the schema to the newest revision (safe to run again, and from several hosts at once)."""
    from app.storage.migrate import upgrade

    typer.echo(f"database at revision {upgrade(_engine(), revision)}")


@db_cli.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base")]) -> None:
    """Step the schema back (drops what later revisions added)."""
    from app.storage.migrate import downgrade

    typer.echo(f"database at revision {downgrade(_engine(), revision)}")


@db_cli.command("current")
def db_current() -> None:
    """Print the database's revision and the newest one the code knows."""
    from app.storage.migrate import current_revision, head_revision

    typer.echo(f"current {current_revision(_engine())}, head {head_revision()}")


@db_cli.command("revision")
def db_revision(message: Annotated[str, typer.Option("-m", "--message", help="What the revision changes")]) -> None:
    """Write a new migration from the difference between the models and a database at head."""
    from app.storage.migrate import autogenerate

    autogenerate(_engine(), message)
