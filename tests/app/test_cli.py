"""The command line, run in-process through Typer's runner."""

import json
from pathlib import Path

from typer.testing import CliRunner

from app.tools.cli import cli

runner = CliRunner()


def test_faq_validate_and_stats() -> None:
    result = runner.invoke(cli, ["faq", "validate"])
    assert result.exit_code == 0, result.output
    stats = json.loads(runner.invoke(cli, ["faq", "stats", "--json"]).output)
    assert stats["entries"] >= 30 and stats["unreachable"] == 0


def test_ask_json(monkeypatch, base_settings) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HWIS_VAR_DIR", str(base_settings.var_dir))
    from app.settings import get_settings

    get_settings.cache_clear()
    try:
        result = runner.invoke(cli, ["ask", "ハローワークの求人に応募したい", "--json"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    reply = json.loads(result.output)
    assert reply["kind"] in {"answer", "clarify", "no_answer"}
    assert reply["timings_ms"]["total"] > 0


def test_eval_answers_json(monkeypatch, base_settings, tmp_path: Path, knowledge) -> None:  # type: ignore[no-untyped-def]
    entry = next(iter(knowledge.store))
    data = tmp_path / "q.jsonl"
    data.write_text(
        json.dumps({"text": entry.question, "expect_faq": entry.id}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": "ラーメンのおいしい作り方", "expect_faq": None}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HWIS_VAR_DIR", str(base_settings.var_dir))
    from app.settings import get_settings

    get_settings.cache_clear()
    try:
        result = runner.invoke(cli, ["eval", "answers", "--data", str(data), "--json"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert set(metrics) >= {"accuracy", "answered_precision", "coverage", "decline_recall", "n"}
    assert metrics["n"] == 2 and metrics["coverage"] == 1.0


def test_faq_export_writes_the_served_version(monkeypatch, base_settings, tmp_path: Path, knowledge) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HWIS_VAR_DIR", str(base_settings.var_dir))
    monkeypatch.setenv("HWIS_DATABASE_URL", f"sqlite:///{tmp_path / 'export.db'}")
    (tmp_path / "out" / "entries").mkdir(parents=True)
    (tmp_path / "out" / "entries" / "retired_topic.yaml").write_text("entries: []\n", encoding="utf-8")
    from app.settings import get_settings

    get_settings.cache_clear()
    try:
        result = runner.invoke(cli, ["faq", "export", "--out", str(tmp_path / "out")])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert f"exported FAQ version {knowledge.version}" in result.output
    written = sorted(p.name for p in (tmp_path / "out" / "entries").glob("*.yaml"))
    assert written == sorted(set(knowledge.store.sources.values()))  # the stale file is gone
