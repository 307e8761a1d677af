"""Dashboard figures and charts; clusters of unanswered questions."""

from __future__ import annotations

import numpy as np
from fastapi.testclient import TestClient

from app.pipeline.concierge import Concierge
from app.staff.charts import Series, bar_rows, column_chart, nice_max
from app.staff.clusters import build_report, leader_clusters
from app.staff.context import today_jst
from app.staff.dashboard import build_dashboard
from app.storage.models import Turn
from tests.staff.conftest import Seeded


def test_dashboard_counts(concierge: Concierge, seeded: Seeded) -> None:
    assert concierge.repository is not None
    today = today_jst()  # the dashboard counts JST days (after 15:00 UTC it is already tomorrow in Japan)
    board = build_dashboard(concierge.repository, today.replace(day=1) if today.day > 1 else today, today)
    assert sum(board.questions) == 2 and sum(board.menu_steps) == 1
    assert board.outcomes["answer"] == 1 and board.outcomes["blocked"] == 1
    assert board.top_faqs == [(seeded.faq_id, 1)]
    assert sum(board.not_helpful) == 1 and sum(board.helpful) == 0 and sum(board.llm_calls) == 0


def test_llm_usage_is_summed(concierge: Concierge, seeded: Seeded) -> None:
    assert concierge.repository is not None
    with concierge.repository.session() as session:
        turn = session.get(Turn, seeded.answer_turn)
        assert turn is not None
        turn.selector, turn.usage = "llm", {"prompt_tokens": 120, "completion_tokens": 7}
    today = today_jst()
    board = build_dashboard(concierge.repository, today, today)
    assert (sum(board.llm_calls), sum(board.prompt_tokens), sum(board.completion_tokens)) == (1, 120, 7)


def test_dashboard_page_draws_accessible_charts(admin: tuple[TestClient, str], seeded: Seeded) -> None:
    client, _ = admin
    page = client.get("/staff")
    assert page.status_code == 200
    # questions, outcomes, top FAQs, feedback; the two LLM charts only when a model is configured
    assert page.text.count('role="img"') >= 4 and "<desc>" in page.text and "<caption>" in page.text
    assert "LLMは設定されていません" in page.text
    assert seeded.faq_id in page.text
    assert client.get("/api/v1/staff/dashboard").json()["outcomes"] == {"answer": 1, "blocked": 1}


def test_chart_geometry() -> None:
    assert [nice_max(v) for v in (0, 1, 3, 7, 12, 230)] == [1, 1, 5, 10, 20, 500]
    chart = column_chart(["a", "b"], [Series("x", [2, 0], "c"), Series("y", [3, 1], "d")])
    assert len(chart.rects) == 3 and chart.y_ticks[-1][1] == "5"
    full = chart.baseline - chart.y_ticks[-1][0]
    assert abs(sum(r.height for r in chart.rects if r.tip.startswith("a")) - full) < 1e-6
    rows = bar_rows([("p", 4), ("q", 2)], "c")
    assert rows.rects[0].width == 2 * rows.rects[1].width


def test_leader_clusters_group_similar_vectors() -> None:
    vectors = np.array([[1, 0], [0.99, 0.14], [0, 1], [0.1, 0.99], [0.98, 0.2], [-1, 0]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    groups = leader_clusters(vectors, 0.9)
    assert sorted(map(sorted, groups)) == [[0, 1, 4], [2, 3], [5]]
    assert leader_clusters(np.zeros((0, 2), dtype=np.float32), 0.9) == []


def test_cluster_report_with_the_real_encoder(concierge: Concierge) -> None:
    items = [(f"t{i}", text) for i, text in enumerate([
        "育児休業給付金の申請方法", "育児休業給付金はどう申請しますか", "育児休業給付金の申請について知りたい",
        "駐車場はありますか", "ハローワークに駐車場はありますか", "年金の受給開始年齢",
    ])]
    report = build_report(items, concierge.knowledge.index.dense.encode, 0.6, concierge.knowledge)
    assert report.questions == 6 and report.clusters
    biggest = report.clusters[0]
    assert biggest.size >= 2 and biggest.nearest_faq is not None
    assert sum(c.size for c in report.clusters + report.singletons) == 6


def test_clusters_page(admin: tuple[TestClient, str], concierge: Concierge, seeded: Seeded) -> None:
    client, _ = admin
    assert concierge.repository is not None
    with concierge.repository.session() as session:
        for text in ("育児休業給付金の申請方法", "育児休業給付金はどう申請しますか"):
            session.add(Turn(conversation_id=seeded.conversation, input_kind="text", masked_text=text,
                             outcome="no_answer"))
    page = client.get("/staff/clusters")
    assert page.status_code == 200 and "対象の質問：2件" in page.text
    assert client.get("/api/v1/staff/clusters").json()["questions"] == 2
