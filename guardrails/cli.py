"""Guardrail commands for `hwis-concierge`: `eval injection`, `eval pii`, `bench guardrails`.

app/cli.py mounts them with `register(eval_cli, bench_cli)`; `python -m guardrails.cli` runs
them on their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

DEFAULT_BENCH_SETS = ("injection_ja_attacks.jsonl", "injection_ja_benign.jsonl", "pii_ja.jsonl")
MAX_BENCH_CHARS = 200

DataOption = Annotated[Path, typer.Option("--data", exists=True, dir_okay=False, help="JSONL file")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]
NerOption = Annotated[bool, typer.Option("--ner/--no-ner", help="Use GiNZA NER for person names")]


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested figures as one level: {"recall_by_type": {"PERSON": 0.9}} -> {"recall_by_type.PERSON": 0.9}."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def print_figures(data: dict[str, Any], as_json: bool) -> None:
    """JSON, or one aligned `name  value` line per figure (counts as integers, nested figures flattened)."""
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    data = flatten(data)
    width = max((len(k) for k in data), default=0)
    for key, value in data.items():
        count = key in ("n", "n_values", "raw_values_left")
        shown = str(int(value)) if count else f"{value:.4f}" if isinstance(value, float) else value
        typer.echo(f"{key:<{width}}  {shown}")


def eval_injection(data: DataOption, as_json: JsonOption = False, ner: NerOption = True) -> None:
    """recall, precision, false_positive_rate, n of the injection guard over {"text", "label"} rows."""
    from guardrails.chain import build_chain
    from guardrails.evaluation import evaluate_injection, read_jsonl

    print_figures(evaluate_injection(build_chain(use_ner=ner), read_jsonl(data)), as_json)


def eval_pii(data: DataOption, as_json: JsonOption = False, ner: NerOption = True) -> None:
    """recall (listed values fully masked), false_positive_rate, per-type recall and raw values left over
    {"text", "pii": [...]} rows (`pii`: strings or {"type", "value"} objects; rows may name a "form")."""
    from guardrails.chain import build_chain
    from guardrails.evaluation import evaluate_pii, read_jsonl

    print_figures(evaluate_pii(build_chain(use_ner=ner), read_jsonl(data)), as_json)


def bench_guardrails_command(
    data: Annotated[list[Path] | None, typer.Option("--data", help="JSONL files with a text field")] = None,
    as_json: JsonOption = False,
) -> None:
    """p50/p95 per message of the whole chain and of stock Presidio (ja_ginza), and their ratio."""
    from guardrails.bench import bench_guardrails
    from guardrails.evaluation import read_jsonl

    files = data or [Path(__file__).resolve().parents[1] / "tests" / "data" / name for name in DEFAULT_BENCH_SETS]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise typer.BadParameter(f"not found: {', '.join(missing)}")
    messages = [row["text"] for f in files for row in read_jsonl(f) if len(row["text"]) <= MAX_BENCH_CHARS]
    print_figures(bench_guardrails(messages), as_json)


def register(eval_cli: typer.Typer, bench_cli: typer.Typer) -> None:
    """Add `eval injection` and `eval pii` to `eval_cli`, and `guardrails` to `bench_cli`."""
    eval_cli.command("injection")(eval_injection)
    eval_cli.command("pii")(eval_pii)
    bench_cli.command("guardrails")(bench_guardrails_command)


def _standalone() -> typer.Typer:
    app = typer.Typer(help="HWIS Concierge guardrails", no_args_is_help=True)
    evals = typer.Typer(help="Evaluations", no_args_is_help=True)
    benches = typer.Typer(help="Benchmarks", no_args_is_help=True)
    app.add_typer(evals, name="eval")
    app.add_typer(benches, name="bench")
    register(evals, benches)
    return app


if __name__ == "__main__":
    _standalone()()
