"""Issue 18, the FAQ loop in a browser, on `hwis-concierge serve --workers 2` (SQLite, or PostgreSQL +
Redis on the production pass): a reviewer finds a failed question by text search, labels it, opens
its cluster and drafts "add as alternate", logs out; an admin approves; the same question asked on
the chat page then gets that entry with the new `faq_version`, from both workers, none restarted.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.settings import Settings
from app.staff.audit import recent
from app.tools.bench_serve import children_of
from tests.browser.conftest import ADMIN, REVIEWER, Service, start_service
from tests.browser.helpers import check_state, consent

QUESTION = "マイページの合言葉をなくしてしまい入れなくなった"
TARGET = "js-account-007"


@pytest.fixture(scope="module")
def workers(base_settings: Settings, knowledge: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """`serve --workers 2` on a fresh database, each worker checking for new FAQ versions every second."""
    command = [str(Path(sys.executable).parent / "hwis-concierge"), "serve", "--workers", "2", "--port", "{port}"]
    service = start_service(base_settings, tmp_path_factory.mktemp("faqloop"), "faqloop", command,
                            {"HWIS_FAQ_REFRESH_SECONDS": "1"}, ready=lambda s: len(children_of(s.process.pid)) == 2)
    yield service
    service.stop()


def _served_versions(url: str, times: int) -> set[str]:
    with httpx.Client(base_url=url, timeout=10) as client:  # a new connection each time: either worker may answer
        return {client.get("/readyz", headers={"connection": "close"}).json()["faq_version"] for _ in range(times)}


def _new_page(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(base_url=url, locale="ja-JP", timezone_id="Asia/Tokyo",
                              viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(20_000)
    return ctx, page, errors


def _ask(page: Any) -> dict[str, Any]:
    count = page.locator("#log .msg").count()
    with page.expect_response(lambda r: r.url.endswith("/messages") and r.request.method == "POST") as info:
        page.locator("#question").fill(QUESTION)
        page.locator("#send").click()
    page.locator("#log .msg").nth(count + 1).wait_for()
    reply: dict[str, Any] = info.value.json()
    return reply


def _login(page: Any, user: tuple[str, str]) -> None:
    page.goto("/staff/login")
    page.locator("#username").fill(user[0])
    page.locator("#password").fill(user[1])
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/staff")


def _logout(page: Any) -> None:
    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_url("**/staff/login**")


def test_reviewer_drafts_admin_approves_both_workers_serve_it(browser: Any, workers: Service) -> None:
    pids = children_of(workers.process.pid)
    assert len(pids) == 2
    (old_version,) = _served_versions(workers.url, 6)

    ctx, page, errors = _new_page(browser, workers.url)
    consent(page)
    before = _ask(page)
    assert not (before["kind"] == "answer" and before["answer"]["faq_id"] == TARGET), before

    # The reviewer: text search, label, the question's cluster, a draft "add as alternate", log out.
    _login(page, REVIEWER)
    page.goto("/staff/conversations")
    page.locator("#f-q").fill("合言葉")
    page.get_by_role("button", name="この条件で表示").click()
    page.wait_for_url("**q=**")
    assert "（1件）" in page.locator("#results-heading").inner_text()
    page.get_by_role("link", name=re.compile(r"^会話 .+ を開く$")).first.click()
    page.get_by_role("link", name="ターン 1 の詳細").click()
    assert QUESTION in page.locator("pre.masked").inner_text()
    page.locator("#verdict-wrong").check()
    page.locator("#expected-filter").fill("パスワード")
    page.locator("#expected").select_option(TARGET)
    page.get_by_role("button", name="ラベルを保存").click()
    page.wait_for_url("**done=label_saved**")
    page.get_by_role("link", name="この質問と似た質問のまとまりを開く").click()
    page.wait_for_url("**/staff/clusters?**")
    assert QUESTION in page.content()
    check_state(page, "staff-19-cluster-of-a-question", full_page=True)
    cluster_url = page.url
    page.get_by_role("link", name="新しいFAQに").first.click()
    page.wait_for_url("**/staff/faq/entries/new?**")
    assert page.locator("#question").input_value() == QUESTION  # prefilled from the cluster
    check_state(page, "staff-26-new-entry-from-cluster", full_page=True)
    page.goto(cluster_url)
    page.get_by_role("link", name="言い換えとして追加").first.click()
    page.wait_for_url("**/staff/faq/drafts/alternates?**")
    assert page.get_by_label(QUESTION).is_checked()
    page.locator("#faq_id-filter").fill("パスワードを忘れ")
    page.locator("#faq_id").select_option(TARGET)
    check_state(page, "staff-20-draft-alternates", full_page=True)
    page.get_by_role("button", name="下書きを保存").click()
    page.wait_for_url("**done=draft_saved**")
    assert "下書きを保存しました" in page.locator("[role=status]").inner_text()
    assert "管理者の承認を待っています" in page.content()
    check_state(page, "staff-21-draft-saved", full_page=True)
    _logout(page)

    # An admin who is not the author approves: a new version, published without a restart.
    _login(page, ADMIN)
    page.goto("/staff/faq/drafts")
    check_state(page, "staff-22-drafts")
    page.get_by_role("link", name="下書き 1").click()
    check_state(page, "staff-23-draft-to-approve", full_page=True)
    page.get_by_role("button", name="承認して公開").click()
    page.wait_for_url("**done=approved**")
    assert "承認して公開しました" in page.locator("[role=status]").inner_text()
    page.goto("/staff/faq/versions")
    new_version = page.locator("table.data tbody tr").first.locator("th a").inner_text()
    assert new_version != old_version
    check_state(page, "staff-24-versions")
    page.get_by_role("link", name=new_version).click()
    page.locator("details", has_text=TARGET).locator("summary").click()
    assert QUESTION in page.locator("details", has_text=TARGET).inner_text()
    check_state(page, "staff-27-version-entries")
    page.goto(f"/staff/faq/entries/{TARGET}/edit")
    page.locator("#answer").fill("短い")
    page.get_by_role("button", name="下書きを保存").click()
    assert "回答（answer）" in page.locator("#answer-error").inner_text()
    check_state(page, "staff-25-entry-with-errors", full_page=True)
    _logout(page)
    ctx.close()
    assert not errors, errors

    deadline = time.monotonic() + 120
    while _served_versions(workers.url, 20) != {new_version}:
        assert time.monotonic() < deadline, "the workers did not all serve the new version"
        time.sleep(0.5)
    assert children_of(workers.process.pid) == pids  # the same two workers: nothing restarted

    ctx, page, errors = _new_page(browser, workers.url)
    consent(page)
    after = _ask(page)
    assert after["kind"] == "answer" and after["answer"]["faq_id"] == TARGET, after
    assert after["answer"]["faq_version"] == new_version
    assert page.locator("#log .msg").last.get_by_text(after["answer"]["text"][:20]).count() >= 1
    ctx.close()
    assert not errors, errors

    actions = [e.action for e in recent(workers.repository, 100)[0]]
    for action in ("label", "faq_draft", "faq_approve", "clusters"):
        assert action in actions, actions

