"""Exact daily caps under real concurrency: 200 simultaneous submissions from one account
against `hwis-concierge serve --workers 4` (four real processes on one SQLite database)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.settings import Settings

LIMIT = 17
ATTEMPTS = 200


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(base_settings: Settings, knowledge, tmp_path: Path):  # type: ignore[no-untyped-def]
    port = free_port()
    env = {
        **os.environ,
        "HWIS_VAR_DIR": str(base_settings.var_dir),  # reuse the encoder and index the session built
        "HWIS_DATABASE_URL": f"sqlite:///{tmp_path / 'concurrency.db'}",
        "HWIS_DAILY_QUESTION_LIMIT": str(LIMIT),
        "HWIS_RATE_LIMIT_DEFAULT": "100000/minute",
        "HWIS_RATE_LIMIT_MESSAGES": "100000/minute",
        "HWIS_SECRET_KEY": "concurrency-test-secret-0123456789abcdef",
        "HWIS_ENVIRONMENT": "test",
    }
    bin_dir = Path(sys.executable).parent
    process = subprocess.Popen(
        [str(bin_dir / "hwis-concierge"), "serve", "--workers", "4", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    ready = 0
    while time.monotonic() < deadline and ready < 8:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "server exited")
        try:
            ready = ready + 1 if httpx.get(f"{base}/readyz", timeout=2).status_code == 200 else 0
        except httpx.HTTPError:
            time.sleep(0.5)
    assert ready >= 8, "server did not become ready"
    time.sleep(3)  # let the slower workers finish loading too
    yield base
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


async def flood(base: str, terms_version: str) -> list[int]:
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=httpx.Limits(max_connections=ATTEMPTS)) as client:
        assert (await client.post("/api/v1/consent", json={"terms_version": terms_version})).status_code == 200
        conversation = (await client.post("/api/v1/conversations")).json()["id"]
        url = f"/api/v1/conversations/{conversation}/messages"
        responses = await asyncio.gather(
            *(client.post(url, json={"text": f"求人の探し方を教えて {i}"}) for i in range(ATTEMPTS))
        )
        return [r.status_code for r in responses]


def test_exactly_the_cap_is_accepted_across_four_workers(server: str, knowledge) -> None:  # type: ignore[no-untyped-def]
    # A fresh thread for the client's event loop: other tests (Playwright's sync API) may leave one
    # running in the main thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        statuses = pool.submit(asyncio.run, flood(server, knowledge.store.terms.version)).result()
    accepted, rejected = statuses.count(200), statuses.count(429)
    print(f"\nconcurrency: attempts={len(statuses)} accepted={accepted} rejected={rejected}")
    assert (accepted, rejected) == (LIMIT, ATTEMPTS - LIMIT)
