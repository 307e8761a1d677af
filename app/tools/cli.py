"""The `hwis-concierge` command line: serve, content checks, index, ask and evaluations."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from app.settings import get_settings
from app.staff.cli import staff_cli
from app.tools.cli_bench import bench_cli
from app.tools.cli_common import JsonFlag, offline_concierge, print_report
from app.tools.cli_db import db_cli
from guardrails.cli import register as register_guardrail_commands

cli = typer.Typer(help="HWIS Concierge: ハローワークインターネットサービスのFAQコンシェルジュ", no_args_is_help=True)
faq_cli = typer.Typer(help="FAQ content: validate and count", no_args_is_help=True)
index_cli = typer.Typer(help="The retrieval index", no_args_is_help=True)
eval_cli = typer.Typer(help="Evaluations", no_args_is_help=True)
cli.add_typer(faq_cli, name="faq")
cli.add_typer(index_cli, name="index")
cli.add_typer(eval_cli, name="eval")
cli.add_typer(bench_cli, name="bench")
register_guardrail_commands(eval_cli, bench_cli)
cli.add_typer(staff_cli, name="staff")
cli.add_typer(db_cli, name="db")


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Run the HTTP service (default http://127.0.0.1:8000)."""
    from app.observability.metrics import reset_multiprocess_dir
    from app.tools.server import serve as serve_forked

    settings = get_settings()
    reset_multiprocess_dir()  # PROMETHEUS_MULTIPROC_DIR, when set, starts empty
    # Once, in this process: build a missing or stale index, migrate, load every model; then fork the workers.
    serve_forked(settings, host, port, workers)


@faq_cli.command("validate")
def faq_validate() -> None:
    """Check the FAQ, synonyms, terms and menus; list every problem with file and field."""
    from faq.loader import FaqLoadError, load_faq
    from menus.tree import load_menu
    from menus.validator import validate

    settings = get_settings()
    try:
        store = load_faq(settings.faq_dir)
        problems = validate(store, load_menu(settings.menu_file, store))
    except FaqLoadError as exc:
        problems = exc.problems
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s)", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {len(store.entries)} entries, FAQ version {store.version}")


@faq_cli.command("stats")
def faq_stats(as_json: JsonFlag = False) -> None:
    """Counts of entries by audience, menus, synonyms, and the FAQ version."""
    from faq.loader import load_faq
    from menus.tree import load_menu
    from menus.validator import stats

    settings = get_settings()
    store = load_faq(settings.faq_dir)
    print_report(stats(store, load_menu(settings.menu_file, store)), as_json)


@faq_cli.command("export")
def faq_export(
    out: Annotated[Path, typer.Option(help="Folder to write entries/*.yaml into, e.g. faq/data")],
) -> None:
    """Write the newest published FAQ version (from the database) as the YAML files of faq/data/entries,
    so the repository can take back what staff published in the console."""
    from app.main import build_repository, served_faq
    from faq.export import export_files

    settings = get_settings()
    store = served_faq(settings, build_repository(settings))
    folder = out / "entries"
    folder.mkdir(parents=True, exist_ok=True)
    files = export_files(store)
    for stale in sorted(folder.glob("*.yaml")):
        if stale.name not in files:  # every entry of that file was retired
            stale.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    typer.echo(f"exported FAQ version {store.version}: {len(store.entries)} entries in {len(files)} files")


@index_cli.command("build")
def index_build() -> None:
    """(Re)build the encoder if missing and the FAQ index, with a progress bar."""
    from app.pipeline.knowledge import build_knowledge

    knowledge = build_knowledge(get_settings(), force=True, show_progress=True)
    typer.echo(f"index built: {len(knowledge.store.entries)} entries, FAQ version {knowledge.version}")


@cli.command()
def ask(
    question: str,
    menu: Annotated[str | None, typer.Option(help="Menu node that scopes the question")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Ask one question through the same orchestrator (nothing is stored)."""
    concierge = offline_concierge(get_settings())
    result = concierge.answer(question, menu)
    reply = result.reply.to_dict()
    if as_json:
        reply["timings_ms"] = result.timings_ms
        typer.echo(json.dumps(reply, ensure_ascii=False, indent=2))
        return
    typer.echo(f"[{reply['kind']}] {reply['message']}")
    if reply["answer"]:
        typer.echo(f"Q: {reply['answer']['question']}\n{reply['answer']['text']}")
        for link in reply["answer"]["links"]:
            typer.echo(f"  - {link['title']}: {link['url']}")
    for suggestion in reply["suggestions"]:
        typer.echo(f"  ? {suggestion['question']} ({suggestion['faq_id']})")


@eval_cli.command("retrieval")
def eval_retrieval(
    dataset: Annotated[Path, typer.Option(help="BEIR folder: corpus.jsonl, queries.jsonl, qrels/")],
    split: Annotated[str, typer.Option(help="qrels split name")] = "dev",
    as_json: JsonFlag = False,
) -> None:
    """Index a BEIR corpus with the project's retrieval stack and score the split."""
    from retrieval.analyzer import JapaneseAnalyzer
    from retrieval.encoders import load_encoder
    from retrieval.evaluation import evaluate, load_beir
    from retrieval.index import HybridIndex

    settings = get_settings()
    data = load_beir(dataset, split)
    index = HybridIndex(JapaneseAnalyzer(), load_encoder(settings.encoder, settings.models_dir))
    index.fit(data.documents, show_progress=not as_json and sys.stderr.isatty())
    metrics = evaluate(lambda q: index.search(q, 10).hits, data)
    print_report(metrics, as_json)


@eval_cli.command("answers")
def eval_answers(
    data: Annotated[Path, typer.Option(help='JSONL {"text", "menu"?, "expect_faq"}')],
    as_json: JsonFlag = False,
) -> None:
    """End-to-end answer quality: accuracy, answered precision, coverage, decline recall."""
    from app.tools.evaluation import evaluate_answers, read_questions

    concierge = offline_concierge(get_settings())
    print_report(evaluate_answers(concierge, read_questions(data)), as_json)


@cli.command()
def calibrate(
    data: Annotated[Path, typer.Option(help="Labelled questions (eval answers format)")] = Path(
        "tests/data/questions_dev.jsonl"
    ),
    precision: Annotated[float, typer.Option(help="Answered-precision target for the default threshold")] = 0.95,
    output: Annotated[Path | None, typer.Option(help="Where to write the model (default: the shipped file)")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Fit the retrieval-only answer confidence on labelled questions and pick its threshold."""
    from app.tools.evaluation import calibration_rows, read_questions
    from retrieval.calibration import DEFAULT_FILE, fit_confidence

    concierge = offline_concierge(get_settings())
    model = fit_confidence(calibration_rows(concierge, read_questions(data)), precision, source=str(data))
    target = output or DEFAULT_FILE
    model.save(target)
    chosen = next((p for p in model.curve if p.threshold == model.answer_threshold), None)
    summary: dict[str, Any] = {"written": str(target), "answer_threshold": model.answer_threshold}
    if chosen is not None:
        summary.update({"cv_precision": chosen.precision, "cv_coverage": chosen.coverage,
                        "cv_decline_recall": chosen.decline_recall})
    print_report(summary, as_json)


def main() -> None:
    cli()
