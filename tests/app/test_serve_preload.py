"""`hwis-concierge serve --workers 2` loads the models once and forks its workers from that parent
(gunicorn `--preload` with uvicorn's worker class), on SQLite or on PostgreSQL + Redis."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app.pipeline.knowledge import Knowledge
from app.settings import Settings
from tests import backends


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                    pids.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return sorted(pids)


def _messages(log: Path) -> list[str]:
    out = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            out.append(str(json.loads(line).get("message", "")))
        except json.JSONDecodeError:
            continue
    return out


def test_workers_are_forked_from_the_preloaded_app(
    base_settings: Settings, knowledge: Knowledge, tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "HWIS_VAR_DIR": str(base_settings.var_dir),  # the index the session built
        **backends.storage_env(tmp_path, "serve"),
        "HWIS_SECRET_KEY": "serve-preload-test-secret-0123456789abcdef",
        "HWIS_ENVIRONMENT": "test",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "hwis-concierge"), "serve", "--workers", "2", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 480  # a busy 2-core host
        while True:
            assert process.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "not ready in time"
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200 and len(_children(process.pid)) == 2:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)

        messages = _messages(log)
        # Loaded once, in the parent, before any worker was booted; nothing was rebuilt or refitted.
        assert messages.count("models loaded before the workers fork") == 1
        loaded = messages.index("models loaded before the workers fork")
        boots = [i for i, m in enumerate(messages) if m.startswith("Booting worker")]
        assert len(boots) >= 2 and min(boots) > loaded
        assert not [m for m in messages if "building the FAQ index" in m or "refitting" in m]
        # Forked, not spawned: a worker runs the parent's command line, never multiprocessing's spawn_main.
        parent_cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes()
        for pid in _children(process.pid):
            assert Path(f"/proc/{pid}/cmdline").read_bytes() == parent_cmdline

        with httpx.Client(base_url=base, timeout=60) as client:
            terms = knowledge.store.terms.version
            assert client.post("/api/v1/consent", json={"terms_version": terms}).status_code == 200
            conversation = client.post("/api/v1/conversations").json()["id"]
            url = f"/api/v1/conversations/{conversation}/messages"
            reply = client.post(url, json={"text": "パスワードを忘れました"})
            assert reply.status_code == 200 and reply.json()["kind"] in {"answer", "clarify"}
            assert "server" not in reply.headers  # the worker class keeps uvicorn's options
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
