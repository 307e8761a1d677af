"""Helpers shared by the command-line modules: figure printing and an offline orchestrator."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from app.settings import Settings
from guardrails.cli import print_figures

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]


def print_report(data: dict[str, Any], as_json: bool) -> None:
    """Figures as JSON, or as aligned lines followed by any curve as a table."""
    if as_json:
        print_figures(data, as_json)
        return
    print_figures({k: v for k, v in data.items() if not isinstance(v, list | dict)}, as_json)
    for key, value in data.items():
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            value = [{"": name, **row} for name, row in value.items()]  # one row per key (e.g. per style)
        elif isinstance(value, dict):
            value = [value]  # one row of figures
        if isinstance(value, list) and value and isinstance(value[0], dict):
            typer.echo(f"\n{key}:")
            columns = list(value[0])
            typer.echo("  ".join(f"{c:>14}" for c in columns))
            for row in value:
                typer.echo("  ".join(f"{row[c]:>14.3f}" if isinstance(row[c], float | int) else f"{row[c]!s:>14}"
                                     for c in columns))


def offline_concierge(settings: Settings):  # type: ignore[no-untyped-def]
    """The orchestrator for `ask`, `eval` and `bench`: nothing is kept (an in-memory SQLite database)."""
    from app.main import build_repository
    from app.pipeline.concierge import Concierge
    from app.pipeline.knowledge import build_knowledge
    from app.pipeline.llm import build_llm_selector
    from guardrails.chain import build_chain

    knowledge = build_knowledge(settings)
    guards = build_chain(pii_mode=settings.pii_mode, use_ner=settings.pii_use_ner)
    in_memory = settings.model_copy(update={"database_url": "sqlite://", "redis_url": "", "auto_migrate": True})
    return Concierge(settings, knowledge, guards, build_repository(in_memory), llm=build_llm_selector(settings))
