"""Start-up and memory benchmark: `hwis-concierge serve` from launch to `/readyz` 200, then the
resident memory of its processes after a warm-up.

The index must already be built (`hwis-concierge index build`); the service runs on a free loopback
port with a temp SQLite database (or the HWIS_DATABASE_URL / HWIS_REDIS_URL you set). Memory comes
from `/proc/<pid>/smaps_rollup`: RSS (pages resident, shared ones counted in full), PSS (shared pages
divided among the processes that map them: these add up to what the service really takes) and USS
(pages only this process has: what one more worker costs). With `compare_spawn`, the same is
measured for uvicorn's own supervisor (`uvicorn app.asgi:app --workers N`: spawned workers, each
loading every model), the way `serve` ran before issue 19.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from app.settings import PROJECT_ROOT
from app.tools.bench_http import _consent, _free_port, _service_env, _stop, service_command

MIB = 1024 * 1024


def memory_of(pid: int) -> dict[str, float]:
    """RSS, PSS and USS of one process in MiB (PSS and USS are 0 where smaps_rollup is missing)."""
    fields: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    except OSError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                fields["Rss"] = int(line.split()[1])
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return {"rss_mb": fields.get("Rss", 0) / 1024, "pss_mb": fields.get("Pss", 0) / 1024, "uss_mb": uss / 1024}


def children_of(parent: int) -> list[int]:
    """Direct child processes of `parent` (its workers), skipping multiprocessing's resource tracker."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and "resource_tracker" not in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def _command(server: str, port: int, workers: int) -> list[str]:
    if server == "serve":
        return service_command(port, workers)
    return [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--timeout-worker-healthcheck", "120", "--no-access-log"]


async def _warm_up(base: str, questions: Sequence[str], clients: int) -> int:
    """Every client asks its share of `questions` (so each worker answers some); the errors."""
    cookies = await _consent(base)
    errors = 0

    async def client(share: Sequence[str]) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=120.0) as http:
            created = await http.post("/api/v1/conversations")
            path = f"/api/v1/conversations/{created.json()['id']}/messages"
            for text in share:
                errors += (await http.post(path, json={"text": text})).status_code >= 400

    await asyncio.gather(*(client(questions[i::clients]) for i in range(clients)))
    return errors


def measure_serve(workers: int, questions: Sequence[str], server: str = "serve", timeout: float = 900.0,
                  cwd: Path = PROJECT_ROOT, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Seconds from launch to `/readyz` 200 and until every worker answers, then memory after a warm-up.

    `cwd` may be another checkout of the project (its code is imported first), `env` extra variables.
    """
    with tempfile.TemporaryDirectory(prefix="hwis-bench-serve-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = folder / "service.log"
        variables = {**_service_env(folder, answer_cache=0), **(env or {})}
        started = time.perf_counter()
        with log.open("wb") as out:
            process = subprocess.Popen(_command(server, port, workers), cwd=cwd, env=variables, stdout=out,
                                       stderr=subprocess.STDOUT)
        stack.callback(_stop, process)
        ready = _until(lambda: _ready(base), process, log, started + timeout)
        ready_s = ready - started
        # (uvicorn with one worker serves from its own process: no children to wait for)
        all_s = _until(lambda: _ready(base) and (len(children_of(process.pid)) >= workers or workers == 1),
                       process, log, started + timeout) - started
        errors = asyncio.run(_warm_up(base, questions, max(4, 2 * workers)))
        time.sleep(1.0)
        parent = memory_of(process.pid)
        pids = children_of(process.pid)
        per_worker = [memory_of(pid) for pid in pids]
    total = {key: parent[key] + sum(w[key] for w in per_worker) for key in ("rss_mb", "pss_mb", "uss_mb")}
    return {
        "server": server, "workers": workers, "ready_s": ready_s, "all_workers_s": all_s,
        "warm_up_questions": len(questions), "warm_up_errors": errors,
        "parent": parent, "worker_rss_mb": [w["rss_mb"] for w in per_worker],
        "worker_pss_mb": [w["pss_mb"] for w in per_worker], "worker_uss_mb": [w["uss_mb"] for w in per_worker],
        "total": total,
    }


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=2.0).status_code == 200
    except httpx.TransportError:
        return False


def _until(condition: Any, process: subprocess.Popen[bytes], log: Path, deadline: float) -> float:
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}): {log.read_text(errors='replace')[-2000:]}")
        if condition():
            return time.perf_counter()
        time.sleep(0.1)
    raise TimeoutError("the server was not ready in time")


def bench_serve(questions: Sequence[str], worker_counts: Sequence[int] = (1, 4),
                compare_spawn: bool = False) -> dict[str, Any]:
    """Start-to-ready and memory of `serve` with each of `worker_counts`; per added worker, the
    growth of the service's total PSS from the fewest to the most workers."""
    if not worker_counts or min(worker_counts) < 1:
        raise ValueError("worker counts must be positive")
    if not Path(os.environ.get("HWIS_VAR_DIR", PROJECT_ROOT / "var"), "index", "faq", "meta.json").exists():
        raise RuntimeError("build the index first: hwis-concierge index build")
    servers = ["serve", "uvicorn-spawn"] if compare_spawn else ["serve"]
    load_before = os.getloadavg()  # the machine may be shared: its load goes beside the figures
    runs = [measure_serve(n, questions, server) for server in servers for n in worker_counts]
    result: dict[str, Any] = {"runs": runs, "load_average": {"before": load_before, "after": os.getloadavg()}}
    for server in servers:
        mine = [r for r in runs if r["server"] == server]
        low, high = min(mine, key=lambda r: r["workers"]), max(mine, key=lambda r: r["workers"])
        if high["workers"] > low["workers"]:
            added = (high["total"]["pss_mb"] - low["total"]["pss_mb"]) / (high["workers"] - low["workers"])
            result[f"{server}_pss_mb_per_added_worker"] = added
        result[f"{server}_ready_s"] = low["ready_s"]
        result[f"{server}_first_worker_pss_mb"] = low["total"]["pss_mb"]
    return result
