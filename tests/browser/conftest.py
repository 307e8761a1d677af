"""Browser tests: a real server (uvicorn subprocess, temp SQLite) driven by Debian's Chromium.

Skipped, with a message, only when /usr/bin/chromium is missing (`bash scripts/install-browser.sh`
installs it; CI does). Never runs `playwright install`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.main import build_repository
from app.middleware.identity import SessionSigner
from app.settings import Settings
from app.staff.accounts import StaffAccounts
from app.storage.repository import Repository
from tests import backends

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SECRET = "browser-test-secret-0123456789abcdefghij"
STAFF_TOKEN = "browser-test-staff-token-0123456789"
DAILY_LIMIT = 3
ADMIN = ("kanri", "kanri password 2026")
REVIEWER = ("kakunin", "kakunin password 2026")

if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Debian's Chromium at /usr/bin/chromium: run `bash scripts/install-browser.sh`",
        allow_module_level=True,
    )
playwright_sync = pytest.importorskip("playwright.sync_api", reason="pip install playwright (no browser download)")


@dataclass
class Server:
    url: str
    repository: Repository
    signer: SessionSigner

    def account_of(self, context: Any) -> str:
        """The anonymous account behind a browser context's session cookie."""
        cookie = next(c["value"] for c in context.cookies() if c["name"] == "hwis_session")
        account = self.signer.verify(cookie)
        assert account
        return account


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service:
    """A service process on a free loopback port with its own fresh database and two staff users."""

    url: str
    process: subprocess.Popen[bytes]
    repository: Repository

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_service(base_settings: Settings, folder: Path, name: str, command: list[str],
                  extra_env: dict[str, str], ready: Callable[[Service], bool] | None = None) -> Service:
    """Start `command` (with `{port}` filled in) on the session's var dir (built index) and a fresh
    database of the run's backend; wait until `/readyz` answers (and `ready`, when given, holds)."""
    storage = backends.storage_settings(folder, name)
    repository = build_repository(base_settings.model_copy(update=storage))
    accounts = StaffAccounts(repository)
    accounts.create(*ADMIN, role="admin")
    accounts.create(*REVIEWER, role="reviewer")
    port = _free_port()
    env = {
        **os.environ,
        "HWIS_ENVIRONMENT": "test",
        "HWIS_VAR_DIR": str(base_settings.var_dir),
        **backends.as_env(storage),
        "HWIS_SECRET_KEY": SECRET,
        "HWIS_STAFF_API_TOKEN": STAFF_TOKEN,
        "HWIS_ANONYMOUS_IP_DAILY_LIMIT": "100000",
        "HWIS_RATE_LIMIT_DEFAULT": "100000/minute",
        "HWIS_RATE_LIMIT_MESSAGES": "100000/minute",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        **extra_env,
    }
    process = subprocess.Popen([part.format(port=port) for part in command], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    service = Service(f"http://127.0.0.1:{port}", process, repository)
    deadline = time.monotonic() + float(os.environ.get("HWIS_BROWSER_START_SECONDS", "300"))  # busy hosts: more
    while True:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "server exited")
        try:
            if httpx.get(f"{service.url}/readyz", timeout=2).status_code == 200 and (ready is None or ready(service)):
                return service
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("server did not become ready")
        time.sleep(0.3)


@pytest.fixture(scope="session")
def server(base_settings: Settings, knowledge: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """uvicorn (one process) for the chat and console tests."""
    command = [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", "{port}",
               "--log-level", "warning"]
    service = start_service(base_settings, tmp_path_factory.mktemp("browser"), "browser", command,
                            {"HWIS_DAILY_QUESTION_LIMIT": str(DAILY_LIMIT)})
    yield Server(service.url, service.repository, SessionSigner(SECRET, 30 * 86400))
    service.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Any, server: Server) -> Iterator[Any]:
    """A fresh visitor (new cookies), Japanese locale, reduced motion for stable screenshots."""
    ctx = browser.new_context(
        base_url=server.url, locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1024, "height": 768},
        reduced_motion="reduce",
    )
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    """A page that fails the test on any script error or console error."""
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "status of 4" not in msg.text
           and "status of 5" not in msg.text and "ERR_FAILED" not in msg.text else None)
    tab.set_default_timeout(10_000)
    yield tab
    assert not errors, errors


SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def open_page(browser: Any, server: Server, size: str) -> tuple[Any, Any, list[str]]:
    """A fresh visitor at desktop (1280×800) or phone size (390×844, touch), with script errors collected."""
    ctx = browser.new_context(
        base_url=server.url, locale="ja-JP", timezone_id="Asia/Tokyo", viewport=SIZES[size], reduced_motion="reduce",
        is_mobile=size == "phone", has_touch=size == "phone",
    )
    tab = ctx.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "status of 4" not in msg.text
           and "status of 5" not in msg.text and "ERR_FAILED" not in msg.text else None)
    tab.set_default_timeout(15_000)
    return ctx, tab, errors


@pytest.fixture(params=["desktop", "phone"])
def sized_page(request: pytest.FixtureRequest, browser: Any, server: Server) -> Iterator[tuple[str, Any]]:
    """The page at desktop and at phone size (each test runs at both); fails on any script error."""
    ctx, tab, errors = open_page(browser, server, request.param)
    yield request.param, tab
    ctx.close()
    assert not errors, errors
