"""KPIs per day and week, the KPI report (HTML and CSV) and the per-FAQ view, against the hand-made
turns of tests/staff/seed.py; every expected figure below is counted by hand from that docstring."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from app.pipeline.concierge import Concierge
from app.staff.kpi import buckets, build_kpis
from app.staff.quality import faq_quality, sort_rows
from tests.staff.seed import D1, D2, D3, DAILY_LIMIT, F1, F2, F3, RANGE


def figures(row: object) -> dict[str, object]:
    names = ("questions", "menu_steps", "direct_answers", "clarify", "clarify_picked", "resolved", "handoffs",
             "blocked", "feedback_eligible", "feedback_turns", "helpful", "not_helpful", "labelled",
             "labelled_correct", "asking_accounts", "caps_hit", "blocked_accounts", "bans")
    return {name: getattr(row, name) for name in names}


def test_kpis_per_day(kpi_turns: Concierge) -> None:
    assert kpi_turns.repository is not None
    report = build_kpis(kpi_turns.repository, D1, D3, "day", DAILY_LIMIT)
    assert len(report.rows) == 9  # every day of the range, empty ones included
    day1, day2, day3 = report.rows[0], report.rows[1], report.rows[8]
    assert figures(day1) == {
        "questions": 6, "menu_steps": 2, "direct_answers": 2, "clarify": 2, "clarify_picked": 1, "resolved": 3,
        "handoffs": 1, "blocked": 1, "feedback_eligible": 5, "feedback_turns": 4, "helpful": 1, "not_helpful": 3,
        "labelled": 2, "labelled_correct": 1, "asking_accounts": 2, "caps_hit": 1, "blocked_accounts": 1, "bans": 0,
    }
    assert (day1.resolved_share, day1.feedback_rate, day1.helpful_share, day1.accuracy, day1.per_account) == (
        0.5, 0.8, 0.25, 0.5, 3.0)
    assert figures(day2) == {
        "questions": 2, "menu_steps": 0, "direct_answers": 1, "clarify": 1, "clarify_picked": 0, "resolved": 1,
        "handoffs": 0, "blocked": 0, "feedback_eligible": 2, "feedback_turns": 0, "helpful": 0, "not_helpful": 0,
        "labelled": 1, "labelled_correct": 0, "asking_accounts": 1, "caps_hit": 0, "blocked_accounts": 0, "bans": 1,
    }
    assert (day2.feedback_rate, day2.helpful_share, day2.accuracy) == (0.0, None, 0.0)
    assert (day3.questions, day3.resolved, day3.handoffs, day3.feedback_rate, day3.helpful_share, day3.accuracy) == (
        2, 1, 1, 1.0, 1.0, None)
    assert all(r.questions == 0 and r.menu_steps == 0 for r in report.rows[2:8])
    total = report.total
    assert (total.questions, total.menu_steps, total.resolved, total.handoffs, total.blocked) == (10, 2, 5, 2, 1)
    assert (total.asking_accounts, round(total.per_account or 0, 2), total.caps_hit, total.bans) == (3, 3.33, 1, 1)
    assert (total.labelled, total.labelled_correct, total.helpful, total.not_helpful) == (3, 1, 2, 3)
    assert (report.accounts.flagged, report.accounts.banned) == (1, 1)


def test_kpis_per_week(kpi_turns: Concierge) -> None:
    assert kpi_turns.repository is not None
    assert buckets(D1, D3, "week") == [(D1, D1.replace(day=22)), (D3.replace(day=23), D3)]
    week1, week2 = build_kpis(kpi_turns.repository, D1, D3, "week", DAILY_LIMIT).rows
    assert (week1.questions, week1.resolved, week1.clarify_picked, week1.labelled, week1.labelled_correct) == (
        8, 4, 1, 3, 1)
    assert (week1.feedback_eligible, week1.feedback_turns, week1.asking_accounts, week1.bans) == (7, 4, 3, 1)
    assert round(week1.accuracy or 0, 4) == 0.3333 and week1.resolved_share == 0.5
    assert (week2.questions, week2.direct_answers, week2.handoffs, week2.asking_accounts) == (2, 1, 1, 1)


def test_per_faq_quality(kpi_turns: Concierge) -> None:
    assert kpi_turns.repository is not None
    rows = {r.faq_id: r for r in faq_quality(kpi_turns.repository, D1, D3, [F1, F2, F3, "js-apply-001"])}
    f1, f2, f3 = rows[F1], rows[F2], rows[F3]
    assert (f1.shown, f1.shown_typed, f1.helpful, f1.not_helpful, f1.offered, f1.rejected) == (2, 2, 1, 0, 2, 1)
    assert (f1.labelled_correct, f1.labelled_wrong) == (1, 0)  # t9's 新しいFAQが必要 counts as neither
    assert (f2.shown, f2.shown_typed, f2.helpful, f2.not_helpful, f2.offered, f2.rejected) == (2, 1, 1, 1, 2, 1)
    assert dict(f2.reasons) == {"wrong_answer": 1}
    assert (f3.shown, f3.not_helpful, f3.offered, f3.rejected, f3.labelled_wrong) == (1, 1, 3, 2, 1)
    assert dict(f3.reasons) == {"none_given": 1} and f3.not_helpful_share == 1.0
    assert rows["js-apply-001"].shown == 0
    ordered = sort_rows(list(rows.values()), "rejected", descending=True)
    assert [r.faq_id for r in ordered][:3] == [F3, F1, F2]
    assert [r.faq_id for r in sort_rows(list(rows.values()), "not_helpful_share", False)][-1] == F3


def test_faqs_page_sorts_and_links(admin: tuple[TestClient, str], kpi_turns: Concierge) -> None:
    client, _ = admin
    page = client.get("/staff/faqs", params={**RANGE, "sort": "rejected", "order": "desc"})
    assert page.status_code == 200
    body = page.text
    assert body.index(f"（{F3}）") < body.index(f"（{F1}）") < body.index(f"（{F2}）")
    assert 'aria-sort="descending"' in body and "知りたいことと違う 1件" in body
    assert f"/staff/conversations?faq_id={F3}&amp;from={D1.isoformat()}" in body
    title = kpi_turns.knowledge.entry(F3).question
    assert title in body
    ascending = client.get("/staff/faqs", params={**RANGE, "sort": "rejected", "order": "asc"}).text
    assert ascending.index(f"（{F2}）") < ascending.index(f"（{F3}）")


def test_report_page_and_japanese_csv(admin: tuple[TestClient, str], kpi_turns: Concierge) -> None:
    client, _ = admin
    app = client.app
    app.state.settings = app.state.settings.model_copy(update={"daily_question_limit": DAILY_LIMIT})  # type: ignore[attr-defined]
    page = client.get("/staff/report", params={**RANGE, "by": "week"})
    assert page.status_code == 200 and "週ごと" in page.text and "11月16日〜11月22日" in page.text
    assert "@media print" in client.get("/static/css/staff.css").text
    response = client.get("/staff/report.csv", params={**RANGE, "by": "day"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    text = response.text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[:4] == ["集計の単位", "期間の始め", "期間の終わり", "質問数（自由入力）"]
    assert not any(re.search(r"[A-Za-z]", h) for h in header), header
    by_day = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:] if len(r) == len(header) and r[0] == "日ごと"}
    day1 = by_day[D1.isoformat()]
    assert day1["集計の単位"] == "日ごと" and day1["解決（直接回答＋選ばれた聞き返し）"] == "3"
    assert (day1["解決率"], day1["評価率"], day1["解決した割合"], day1["ラベルの正解率"]) == (
        "50.0%", "80.0%", "25.0%", "50.0%")
    assert day1["上限到達（アカウント・日）"] == "1" and day1["1アカウントあたりの質問数"] == "3.00"
    assert by_day[D2.isoformat()]["解決した割合"] == "—"
    total = next(dict(zip(header, r, strict=True)) for r in rows if r and r[0] == "期間の合計")
    assert total["質問数（自由入力）"] == "10" and total["利用停止の操作"] == "1"
    assert ["現在の要確認アカウント", "1"] in rows and ["現在の利用停止アカウント", "1"] in rows
    for code in ("job_seeker", "not_helpful", "root", "none_of_these", "clarify", "answer"):
        assert code not in text
    audit = client.get("/api/v1/staff/audit").json()
    assert audit[0]["action"] == "export_report"


def test_dashboard_shows_kpis_and_hides_llm_charts_without_a_model(
    admin: tuple[TestClient, str], kpi_turns: Concierge
) -> None:
    client, _ = admin
    page = client.get("/staff", params={**RANGE, "by": "week"})
    assert page.status_code == 200
    assert "週ごとの主な数値" in page.text and "解決率" in page.text and "50.0%" in page.text
    assert "LLMは設定されていません" in page.text and 'id="ch-llm"' not in page.text
    assert kpi_turns.knowledge.entry(F1).question in page.text
    app = client.app
    app.state.settings = app.state.settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1"})  # type: ignore[attr-defined]
    assert 'id="ch-llm"' in client.get("/staff", params=RANGE).text
