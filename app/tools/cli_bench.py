"""`hwis-concierge bench …`: benchmarks that print figures (they are not tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.settings import get_settings
from app.tools.cli_common import JsonFlag, offline_concierge, print_report

bench_cli = typer.Typer(help="Benchmarks (print figures; not tests)", no_args_is_help=True)


@bench_cli.command("ask")
def bench_ask_command(
    data: Annotated[Path, typer.Option(help="JSONL with a `text` field")] = Path("tests/data/questions_dev.jsonl"),
    rounds: Annotated[int, typer.Option(help="Timed passes over the questions")] = 3,
    as_json: JsonFlag = False,
) -> None:
    """Internal p50/p95 of the `ask` path (guards + retrieval + selection), after a warm-up pass."""
    from app.tools.bench import bench_ask
    from app.tools.evaluation import read_questions

    concierge = offline_concierge(get_settings())
    questions = [row["text"] for row in read_questions(data)]
    print_report(bench_ask(concierge, questions, rounds), as_json)


@bench_cli.command("suggest")
def bench_suggest_command(
    data: Annotated[Path, typer.Option(help="JSONL with a `text` field")] = Path("tests/data/questions_dev.jsonl"),
    rounds: Annotated[int, typer.Option(help="Timed passes over the prefixes")] = 2,
    as_json: JsonFlag = False,
) -> None:
    """Server-side p50/p95 of suggestions while typing (PII masking of the prefix + lexical match)."""
    from app.tools.bench import bench_suggest
    from app.tools.evaluation import read_questions

    concierge = offline_concierge(get_settings())
    print_report(bench_suggest(concierge, [row["text"] for row in read_questions(data)], rounds), as_json)


@bench_cli.command("llm-tokens")
def bench_llm_tokens_command(
    data: Annotated[Path, typer.Option(help="JSONL with a `text` field")] = Path("tests/data/questions_dev.jsonl"),
    as_json: JsonFlag = False,
) -> None:
    """Prompt tokens per question: keyword mode vs a naive full-text prompt, and the share reaching the model."""
    from app.tools.bench import bench_llm_tokens
    from app.tools.evaluation import read_questions

    concierge = offline_concierge(get_settings())
    print_report(bench_llm_tokens(concierge, [row["text"] for row in read_questions(data)]), as_json)


@bench_cli.command("retrieval")
def bench_retrieval_command(
    dataset: Annotated[Path | None, typer.Option(help="BEIR folder for the small index (default: synthetic)")] = Path(
        "../shared/datasets/localgovfaq"
    ),
    large: Annotated[int, typer.Option(help="Entries of the large synthetic corpus")] = 100_000,
    as_json: JsonFlag = False,
) -> None:
    """Query p50/p95 at 1,786 entries, build time for 10,000, p50/p95 and memory at 100,000."""
    from retrieval.bench import bench_retrieval
    from retrieval.encoders import load_encoder

    settings = get_settings()
    folder = dataset if dataset is not None and (dataset / "corpus.jsonl").exists() else None
    def make_encoder():  # type: ignore[no-untyped-def]
        return load_encoder(settings.encoder, settings.models_dir)

    print_report(bench_retrieval(make_encoder, folder, sizes=(10_000, large)), as_json)


@bench_cli.command("quota")
def bench_quota_command(
    takes: Annotated[int, typer.Option(help="Cap checks to time")] = 2000,
    as_json: JsonFlag = False,
) -> None:
    """Cost per request of the atomic daily-cap check on the embedded database."""
    from app.tools.bench import bench_quota

    print_report(bench_quota(takes), as_json)


@bench_cli.command("http")
def bench_http_command(
    data: Annotated[Path, typer.Option(help="JSONL with a `text` field")] = Path("tests/data/questions_dev.jsonl"),
    requests: Annotated[int, typer.Option(help="Timed requests per level and server")] = 300,
    levels: Annotated[str, typer.Option(help="Comma-separated concurrent clients (closed loop)")] = "1,10,50",
    workers: Annotated[int, typer.Option(help="uvicorn workers of each server")] = 2,
    rate: Annotated[float, typer.Option(help="Open-loop arrival rate, requests/s (0: skip)")] = 150.0,
    rate_clients: Annotated[int, typer.Option(help="Clients sharing the open-loop rate")] = 50,
    rate_seconds: Annotated[float, typer.Option(help="Length of the open-loop run")] = 20.0,
    unseen: Annotated[bool, typer.Option(help="Every request a text not sent before in the run")] = True,
    answer_cache: Annotated[int, typer.Option(help="Service answer cache per worker (0: off)")] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Loopback HTTP p50/p95 and throughput: the service (`serve`) vs a trivial FastAPI app, closed and open loop."""
    from app.tools.bench_http import bench_http
    from app.tools.evaluation import read_questions

    counts = [int(level) for level in levels.split(",") if level.strip()]
    questions = [row["text"] for row in read_questions(data)]
    print_report(bench_http(questions, requests, counts, workers=workers, rate=rate, rate_clients=rate_clients,
                            rate_seconds=rate_seconds, unseen=unseen, answer_cache=answer_cache), as_json)


@bench_cli.command("serve")
def bench_serve_command(
    data: Annotated[Path, typer.Option(help="JSONL with a `text` field (warm-up questions)")] = Path(
        "tests/data/questions_dev.jsonl"
    ),
    workers: Annotated[str, typer.Option(help="Comma-separated worker counts to start")] = "1,4",
    warm_up: Annotated[int, typer.Option(help="Questions answered before memory is read")] = 200,
    compare_spawn: Annotated[bool, typer.Option(help="Also measure uvicorn's spawned workers (the old serve)")] = False,
    as_json: JsonFlag = False,
) -> None:
    """`serve` with a built index: seconds to /readyz 200, and RSS/PSS/USS of the processes after a warm-up."""
    from app.tools.bench_http import unseen_questions
    from app.tools.bench_serve import bench_serve
    from app.tools.evaluation import read_questions

    counts = [int(n) for n in workers.split(",") if n.strip()]
    questions = unseen_questions([row["text"] for row in read_questions(data)], warm_up)
    print_report(bench_serve(questions, counts, compare_spawn=compare_spawn), as_json)
