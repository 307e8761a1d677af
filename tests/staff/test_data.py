"""CSV export (masked, formula-safe), the retention purge, the CLI and the text helpers."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from app.pipeline.concierge import Concierge
from app.staff.purge import purge
from app.storage.models import Conversation, Feedback, GuardrailEvent, Turn
from app.storage.staff_models import StaffUser, TurnLabel
from app.tools.cli import cli
from app.web.text import csv_safe, escape_invisible, reveal
from tests.staff.conftest import Seeded


def test_csv_export_is_masked_and_formula_safe(
    admin: tuple[TestClient, str], seeded: Seeded, concierge: Concierge
) -> None:
    client, _ = admin
    assert concierge.repository is not None
    with concierge.repository.session() as session:
        session.execute(update(Turn).where(Turn.id == seeded.blocked_turn).values(masked_text="=HYPERLINK(1)\u200b"))
    response = client.get("/staff/export.csv", params={"outcome": "blocked"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) == 3  # every turn of the matching conversation
    blocked = next(r for r in rows if r["ターンID"] == seeded.blocked_turn)
    assert blocked["質問（伏せ字済み）"] == "'=HYPERLINK(1)\\u200b"
    assert blocked["ブロックした確認"] == "不正な指示の検知"
    assert blocked["結果"] == "ブロック" and blocked["入力の種類"] == "文章での質問"
    answered = next(r for r in rows if r["ターンID"] == seeded.answer_turn)
    assert answered["FAQのID"] == seeded.faq_id and answered["利用者の評価"] == "解決しなかった"
    assert answered["利用者の区分"] == "仕事を探している方" and answered["アカウントID"] == seeded.account_id
    assert answered["メニューの位置"] == "仕事を探している方" and answered["結果"] == "回答"
    header = response.text.lstrip("\ufeff").splitlines()[0]
    assert not re.search(r"[a-z]{3,}", header), header  # Japanese headings only (ID / FAQ are fine)
    codes = ("job_seeker", "employer", "not_helpful", "helpful", "root", "js>", "no_answer", "blocked,")
    assert not any(code in response.text for code in codes)


def test_purge_deletes_only_old_turns(concierge: Concierge, seeded: Seeded) -> None:
    repository = concierge.repository
    assert repository is not None
    old = datetime.now(UTC) - timedelta(days=400)
    with repository.session() as session:
        session.add(TurnLabel(turn_id=seeded.answer_turn, verdict="correct", labelled_by="t"))
        session.execute(update(Turn).where(Turn.id != seeded.menu_turn).values(created_at=old))
        session.execute(update(GuardrailEvent).values(created_at=old))
    result = purge(repository, 180, datetime.now(UTC))
    assert (result.turns, result.feedback, result.labels, result.events) == (2, 1, 1, 1)
    with repository.session() as session:
        assert list(session.scalars(select(Turn.id))) == [seeded.menu_turn]
        assert session.scalar(select(Feedback.id)) is None
        assert session.get(Conversation, seeded.conversation) is not None  # it still has a turn


def test_purge_page_needs_confirmation(admin: tuple[TestClient, str]) -> None:
    client, csrf = admin
    assert client.post("/staff/purge", data={"csrf_token": csrf}).status_code == 422
    done = client.post("/staff/purge", data={"csrf_token": csrf, "confirm": "yes"})
    assert done.status_code == 200 and "削除しました" in done.text


def test_cli_creates_staff_users(concierge: Concierge, monkeypatch: object, settings: object) -> None:
    import app.staff.cli as staff_cli

    monkeypatch.setattr(staff_cli, "_repository", lambda: concierge.repository)  # type: ignore[attr-defined]
    runner = CliRunner()
    made = runner.invoke(cli, ["staff", "create", "kanri", "--role", "admin", "--password-stdin"],
                         input="a long enough password\n")
    assert made.exit_code == 0, made.output
    again = runner.invoke(cli, ["staff", "create", "kanri", "--password-stdin"], input="a long enough password\n")
    assert again.exit_code == 1 and "already exists" in again.output
    assert "kanri\tadmin\tactive" in runner.invoke(cli, ["staff", "list"]).output
    assert runner.invoke(cli, ["staff", "purge", "--json"]).exit_code == 0
    assert concierge.repository is not None
    with concierge.repository.session() as session:
        assert session.scalar(select(StaffUser.role).where(StaffUser.username == "kanri")) == "admin"


def test_invisible_characters_are_revealed() -> None:
    assert reveal("a\u200bb") == [("a", False), ("\\u200b", True), ("b", False)]
    assert escape_invisible("x\u3000y\ufe0f\U000e0041 z\n") == "x\\u3000y\\ufe0f\\U000e0041 z\n"
    assert csv_safe("+1") == "'+1" and csv_safe("@x") == "'@x" and csv_safe("ok") == "ok" and csv_safe(None) == ""
