"""HTTP benchmark: the service (`hwis-concierge serve`, N workers) against a trivial FastAPI app, over loopback.

The service runs as `serve` runs it (gunicorn, models loaded once, uvicorn workers forked), the
trivial app under uvicorn with the same number of workers, each on a free 127.0.0.1 port. The
service path is the non-LLM one (consent once, one conversation per client, POST questions), on
the embedded default (a temp SQLite file) unless HWIS_DATABASE_URL / HWIS_REDIS_URL are set, e.g.
to PostgreSQL + Redis. The answer cache is off unless asked for, and with `unseen` (the default)
no question is sent twice in a run: each is a dev question wrapped in one of a few polite
openings and endings (`unseen_questions`, seeded, never the blind sets), so every request pays
for the whole pipeline. Two kinds of load:

- closed loop: N clients send back to back (no think time) for a bounded number of requests:
  the most the server can do, and the latency when every client waits in its queue;
- open loop: N clients share a fixed arrival rate (e.g. 150 requests/s from 50 clients, as
  users with think time would); latency counts from each request's scheduled send time, so a
  server that falls behind is not hidden by clients that wait for it (no coordinated omission).

The trivial app gives the floor of uvicorn + FastAPI + httpx on this machine, so the ratios
show what the concierge itself costs. The load generator shares the machine's cores.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, ExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from fastapi import FastAPI

from app.settings import PROJECT_ROOT

trivial_app = FastAPI()

# Openings and endings that make a known question a new text (same meaning, new wording).
_OPENINGS = ("", "すみません、", "質問です。", "あの、", "教えてください。", "ちょっと伺いたいのですが、")
_ENDINGS = ("", "？", "について知りたいです", "を教えてください", "はどうすればいいですか", "の件で相談です")


@trivial_app.post("/ok")
async def ok(payload: dict[str, Any]) -> dict[str, bool]:
    """The floor: parse a JSON body, answer {"ok": true}."""
    return {"ok": True}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def unseen_questions(questions: Sequence[str], count: int, seed: int = 0) -> list[str]:
    """`count` distinct texts made from `questions`: each one wrapped in an opening and an ending,
    in a seeded order (the same list every run), none repeated while the combinations last."""
    bases = list(dict.fromkeys(q.strip() for q in questions if q.strip()))
    if not bases:
        raise ValueError("need at least one question")
    pairs = [(b, o, e) for b in bases for o in _OPENINGS for e in _ENDINGS]
    random.Random(seed).shuffle(pairs)
    out: list[str] = []
    seen: set[str] = set()
    for round_number in itertools.count():
        for base, opening, ending in pairs:
            if len(out) >= count:
                return out
            stem = base.rstrip("？?。.!！") if ending else base
            marker = f"（{round_number + 1}回目）" if round_number else ""  # only past 36 per question
            text = f"{opening}{stem}{ending}{marker}"
            if text not in seen:  # e.g. 「…？」 with no ending and with the ending 「？」
                seen.add(text)
                out.append(text)
    return out


def service_command(port: int, workers: int) -> list[str]:
    """`hwis-concierge serve` on loopback, as the CLI runs it."""
    return [sys.executable, "-c", "from app.tools.cli import main; main()", "serve", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers)]


def _start(target: str, env: dict[str, str], log: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--timeout-worker-healthcheck", "120",
               "--log-level", "info", "--no-access-log"]
    if target == "serve":
        command = service_command(port, workers)
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path, timeout: float, workers: int) -> None:
    """Until every worker has logged the end of its start-up and `url` answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}): {log.read_text(errors='replace')[-2000:]}")
        started = log.read_text(errors="replace").count("Application startup complete")
        try:
            if started >= workers and httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {timeout:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@asynccontextmanager
async def _clients(base: str, cookies: dict[str, str] | None, count: int) -> AsyncIterator[list[tuple[Any, str]]]:
    """`count` simulated users, each with its own keep-alive connection (one shared pool costs
    the load generator far more CPU at 50 clients) and, on the service, its own conversation."""
    async with AsyncExitStack() as stack:
        users: list[tuple[Any, str]] = []
        for _ in range(count):
            http = await stack.enter_async_context(httpx.AsyncClient(
                base_url=base, cookies=cookies, timeout=60.0, limits=httpx.Limits(max_connections=1)))
            if cookies is not None:
                created = await http.post("/api/v1/conversations")
                created.raise_for_status()
                users.append((http, f"/api/v1/conversations/{created.json()['id']}/messages"))
            else:
                users.append((http, "/ok"))
        yield users


def _summary(latencies: list[float], errors: int, elapsed: float) -> dict[str, float]:
    return {
        "requests": float(len(latencies)),
        "errors": float(errors),
        "p50_ms": float(np.percentile(latencies, 50)),
        "p95_ms": float(np.percentile(latencies, 95)),
        "rps": len(latencies) / elapsed if elapsed > 0 else 0.0,
    }


async def _drive(base: str, cookies: dict[str, str] | None, questions: Iterator[str], total: int, clients: int,
                 max_seconds: float) -> dict[str, float]:
    """Closed loop: `clients` clients share `total` requests back to back (stopping at `max_seconds`)."""
    latencies: list[float] = []
    errors = 0
    issued = 0
    async with _clients(base, cookies, clients) as users:
        deadline = time.perf_counter() + max_seconds

        async def user(http: Any, path: str) -> None:
            nonlocal issued, errors
            while issued < total and time.perf_counter() < deadline:
                text = next(questions)
                issued += 1
                t0 = time.perf_counter()
                response = await http.post(path, json={"text": text})
                latencies.append((time.perf_counter() - t0) * 1000.0)
                errors += response.status_code >= 400

        started = time.perf_counter()
        await asyncio.gather(*(user(http, path) for http, path in users))
        elapsed = time.perf_counter() - started
    return _summary(latencies, errors, elapsed)


async def _drive_rate(base: str, cookies: dict[str, str] | None, questions: Iterator[str], rate: float,
                      clients: int, seconds: float) -> dict[str, float]:
    """Open loop: `clients` clients share `rate` requests/s for `seconds`; latency from the scheduled send time."""
    latencies: list[float] = []
    errors = 0
    total = max(1, int(rate * seconds))
    async with _clients(base, cookies, clients) as users:
        texts = [next(questions) for _ in range(total)]
        start = time.perf_counter() + 0.05

        async def user(index: int, http: Any, path: str) -> None:
            nonlocal errors
            for number in range(index, total, clients):  # request k is due at start + k / rate
                due = start + number / rate
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                response = await http.post(path, json={"text": texts[number]})
                latencies.append((time.perf_counter() - due) * 1000.0)
                errors += response.status_code >= 400

        await asyncio.gather(*(user(i, http, path) for i, (http, path) in enumerate(users)))
        elapsed = time.perf_counter() - start
    return _summary(latencies, errors, elapsed)


async def _consent(base: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=base, timeout=60.0) as http:
        terms = (await http.get("/api/v1/terms")).json()
        consent = await http.post("/api/v1/consent", json={"terms_version": terms["version"]})
        consent.raise_for_status()
        return dict(http.cookies)


def _row(clients: int, s: dict[str, float], t: dict[str, float]) -> dict[str, float]:
    return {
        "clients": float(clients), "svc_requests": s["requests"], "svc_errors": s["errors"],
        "svc_p50_ms": s["p50_ms"], "svc_p95_ms": s["p95_ms"], "svc_rps": s["rps"],
        "triv_p50_ms": t["p50_ms"], "triv_p95_ms": t["p95_ms"], "triv_rps": t["rps"],
        "p50_ratio": s["p50_ms"] / t["p50_ms"] if t["p50_ms"] else 0.0,
        "rps_ratio": t["rps"] / s["rps"] if s["rps"] else 0.0,
    }


async def _run_levels(service: str, trivial: str, questions: Sequence[str], total: int, levels: Sequence[int],
                      max_seconds: float, rate: float, rate_clients: int,
                      rate_seconds: float) -> tuple[list[dict[str, float]], dict[str, float] | None]:
    cookies = await _consent(service)
    feed = itertools.cycle(questions)  # distinct for the whole run when `questions` came from `unseen_questions`
    other = itertools.cycle(questions)  # the trivial app ignores the text
    rows: list[dict[str, float]] = []
    for clients in levels:
        await _drive(service, cookies, feed, min(total, 2 * clients), clients, max_seconds)  # warm-up
        await _drive(trivial, None, other, min(total, 2 * clients), clients, max_seconds)
        s = await _drive(service, cookies, feed, total, clients, max_seconds)
        t = await _drive(trivial, None, other, total, clients, max_seconds)
        rows.append(_row(clients, s, t))
    fixed = None
    if rate > 0:
        s = await _drive_rate(service, cookies, feed, rate, rate_clients, rate_seconds)
        t = await _drive_rate(trivial, None, other, rate, rate_clients, rate_seconds)
        fixed = {"target_rps": rate, **_row(rate_clients, s, t)}
    return rows, fixed


def _service_env(folder: Path, answer_cache: int = 0) -> dict[str, str]:
    """A temp SQLite unless HWIS_DATABASE_URL is set; no LLM; caps and rate limits out of the way;
    `answer_cache` answers kept per worker (0: off, every question pays for the whole pipeline)."""
    env = dict(os.environ)
    env.setdefault("HWIS_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    env.update({
        "HWIS_LLM_BASE_URL": "",
        "HWIS_RATE_LIMIT_DEFAULT": "1000000/minute", "HWIS_RATE_LIMIT_MESSAGES": "1000000/minute",
        "HWIS_DAILY_QUESTION_LIMIT": "10000000", "HWIS_ANONYMOUS_IP_DAILY_LIMIT": "10000000",
        "HWIS_GLOBAL_DAILY_LIMIT": "100000000", "HWIS_ANSWER_CACHE_SIZE": str(answer_cache),
    })
    return env


def bench_http(questions: Sequence[str], requests_per_level: int = 300, levels: Sequence[int] = (1, 10, 50),
               max_seconds: float = 120.0, startup_timeout: float = 600.0, workers: int = 2, rate: float = 150.0,
               rate_clients: int = 50, rate_seconds: float = 20.0, unseen: bool = True,
               answer_cache: int = 0) -> dict[str, Any]:
    """p50/p95 latency and throughput of the service and of a trivial FastAPI app.

    Closed loop at each of `levels` concurrent clients (at most `requests_per_level` timed requests
    and `max_seconds` per level and server, after a short warm-up); then, unless `rate` is 0, an
    open loop of `rate_clients` clients sharing `rate` requests/s for `rate_seconds`. `svc_*` is the
    service, `triv_*` the trivial app; `p50_ratio` is service p50 / trivial p50, `rps_ratio`
    trivial throughput / service throughput. Both servers run `workers` uvicorn workers. With
    `unseen`, every request carries a text sent nowhere else in the run (`unseen_questions`);
    `answer_cache` is the service's answer cache per worker (0: off).
    """
    if not questions:
        raise ValueError("need at least one question")
    if requests_per_level < 1 or not levels or min(levels) < 1 or workers < 1 or rate < 0:
        raise ValueError("requests_per_level, levels and workers must be positive, rate not negative")
    if unseen:
        needed = sum(2 * clients + requests_per_level for clients in levels) + int(rate * rate_seconds) + 1
        questions = unseen_questions(questions, needed)
    with tempfile.TemporaryDirectory(prefix="hwis-bench-http-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        svc_proc, svc_url = _start("serve", _service_env(folder, answer_cache), folder / "service.log", workers)
        stack.callback(_stop, svc_proc)
        trivial = "app.tools.bench_http:trivial_app"
        triv_proc, triv_url = _start(trivial, dict(os.environ), folder / "trivial.log", workers)
        stack.callback(_stop, triv_proc)
        _wait_ready(triv_proc, f"{triv_url}/docs", folder / "trivial.log", startup_timeout, workers)
        _wait_ready(svc_proc, f"{svc_url}/readyz", folder / "service.log", startup_timeout, workers)
        run = _run_levels(svc_url, triv_url, questions, requests_per_level, levels, max_seconds, rate,
                          rate_clients, rate_seconds)
        # A thread of its own for the client's event loop (the caller may already run one).
        with ThreadPoolExecutor(max_workers=1) as pool:
            try:
                rows, fixed = pool.submit(asyncio.run, run).result()
            except Exception as exc:
                lines = (folder / "service.log").read_text(errors="replace").splitlines()
                server = "\n".join(line for line in lines if '"gunicorn.' in line or '"uvicorn.' in line)
                raise RuntimeError(f"the run failed ({exc!r}); the server's own log lines:\n{server[-4000:]}") from exc
    backend = "postgresql" if os.environ.get("HWIS_DATABASE_URL", "").startswith("postgresql") else "sqlite"
    result: dict[str, Any] = {"workers": workers, "database": backend, "redis": bool(os.environ.get("HWIS_REDIS_URL")),
                              "requests_per_level": requests_per_level, "unseen": unseen,
                              "answer_cache": answer_cache, "levels": rows}
    if fixed is not None:
        result["fixed_rate"] = fixed
    return result
