"""`hwis-concierge staff ...`: staff users, the retention purge and the label export from the shell."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from app.settings import get_settings
from app.staff.accounts import StaffAccountError, StaffAccounts
from app.storage.db import init_db, make_engine
from app.storage.repository import Repository

staff_cli = typer.Typer(help="Staff console: users, retention purge, label export", no_args_is_help=True)
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input")]


def _repository() -> Repository:

    return Repository(init_db(make_engine(get_settings().database_url)))


def _accounts() -> StaffAccounts:
    """Staff users, with the same lock-out key as the service (HWIS_SECRET_KEY)."""
    return StaffAccounts(_repository(), pepper=get_settings().secret_key)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def _fail(exc: StaffAccountError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(code=1)


@staff_cli.command("create")
def create(
    username: str,
    role: Annotated[str, typer.Option(help="reviewer or admin")] = "reviewer",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a staff user (argon2id password hash; at least 12 characters)."""
    try:
        _accounts().create(username, _password(password_stdin), role)
    except StaffAccountError as exc:
        _fail(exc)
    typer.echo(f"created staff user {username} ({role})")


@staff_cli.command("set-password")
def set_password(username: str, password_stdin: PasswordStdin = False) -> None:
    """Set a new password (also clears a lock-out)."""
    try:
        _accounts().set_password(username, _password(password_stdin))
    except StaffAccountError as exc:
        _fail(exc)
    typer.echo(f"password changed for {username}")


@staff_cli.command("unlock")
def unlock(username: str) -> None:
    """Clear a lock-out after repeated failed log-ins."""
    try:
        _accounts().unlock(username)
    except StaffAccountError as exc:
        _fail(exc)
    typer.echo(f"unlocked {username}")


@staff_cli.command("disable")
def disable(username: str, enable: Annotated[bool, typer.Option("--enable", help="Enable instead")] = False) -> None:
    """Disable (or with --enable, re-enable) a staff user."""
    try:
        _accounts().set_active(username, enable)
    except StaffAccountError as exc:
        _fail(exc)
    typer.echo(f"{'enabled' if enable else 'disabled'} {username}")


@staff_cli.command("list")
def list_users() -> None:
    """Staff users with role, state and last log-in."""
    for user in _accounts().list():
        state = "active" if user.active else "disabled"
        typer.echo(f"{user.username}\t{user.role}\t{state}\tlast login: {user.last_login_at or '-'}")


@staff_cli.command("purge")
def purge_command(
    days: Annotated[int | None, typer.Option(help="Retention in days (default HWIS_RETENTION_DAYS)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Delete turns older than the retention period (run it daily, e.g. from cron)."""
    from app.staff import audit
    from app.staff.purge import purge

    repository = _repository()
    retention = days if days is not None else get_settings().retention_days
    result = purge(repository, retention, datetime.now(UTC))
    audit.record(repository, "cli", "purge", None, result.to_dict())
    typer.echo(json.dumps(result.to_dict(), ensure_ascii=False) if as_json else
               f"deleted {result.turns} turns older than {result.cutoff}")


@staff_cli.command("export-labels")
def export_labels(out: Annotated[Path, typer.Option(help="JSONL file to write (eval answers format)")]) -> None:
    """Write the labelled turns as `eval answers` JSONL."""
    from app.staff import audit
    from app.staff.labels import eval_jsonl

    repository = _repository()
    body = eval_jsonl(repository)
    out.write_text(body, encoding="utf-8")
    audit.record(repository, "cli", "export_labels", str(out)[:128], {"rows": body.count("\n")})
    typer.echo(f"wrote {body.count(chr(10))} rows to {out}")
