"""`bench http` runs end to end with tiny counts (`serve` and a trivial uvicorn app on loopback), over
questions it has not seen."""

from __future__ import annotations

from pathlib import Path

from app.tools.bench_http import bench_http, unseen_questions
from app.tools.evaluation import read_questions

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "questions_dev.jsonl"
ROW_KEYS = {"clients", "svc_requests", "svc_errors", "svc_p50_ms", "svc_p95_ms", "svc_rps",
            "triv_p50_ms", "triv_p95_ms", "triv_rps", "p50_ratio", "rps_ratio"}


def test_bench_http_tiny_run() -> None:
    questions = [row["text"] for row in read_questions(QUESTIONS)][:10]
    result = bench_http(questions, requests_per_level=20, levels=(1, 2), max_seconds=60.0, workers=1, rate=20.0,
                        rate_clients=4, rate_seconds=2.0)
    assert result["requests_per_level"] == 20 and result["workers"] == 1
    assert result["unseen"] is True and result["answer_cache"] == 0
    assert [row["clients"] for row in result["levels"]] == [1.0, 2.0]
    for row in result["levels"]:
        assert set(row) == ROW_KEYS
        assert row["svc_requests"] == 20 and row["svc_errors"] == 0
        assert row["svc_p95_ms"] >= row["svc_p50_ms"] > 0 and row["triv_rps"] > 0 and row["svc_rps"] > 0
    fixed = result["fixed_rate"]
    assert fixed["target_rps"] == 20.0 and fixed["clients"] == 4.0
    assert fixed["svc_requests"] == 40 and fixed["svc_errors"] == 0  # 20/s for 2 s, every one answered
    assert fixed["svc_p95_ms"] >= fixed["svc_p50_ms"] > 0


def test_unseen_questions_are_distinct_and_the_same_every_run() -> None:
    base = [row["text"] for row in read_questions(QUESTIONS)][:5]
    made = unseen_questions(base, 500)
    assert len(made) == len(set(made)) == 500  # past the 36 wordings per question too
    assert made == unseen_questions(base, 500)
    assert unseen_questions(base, 500, seed=1) != made
    assert all(any(b.rstrip("？?。.!！") in m for b in base) for m in made)
