"""Console pages of the FAQ loop: from an unanswered question to a published version, by form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.pipeline.concierge import Concierge
from app.pipeline.knowledge import Knowledge
from app.staff.accounts import StaffAccounts
from tests.staff.conftest import ADMIN, REVIEWER, login

UNANSWERED = "ハローワークの駐車場は何台とめられますか"


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def _unanswered_turn(client: TestClient, knowledge: Knowledge) -> str:
    client.cookies.clear()
    client.post("/api/v1/consent", json={"terms_version": knowledge.store.terms.version})
    conversation = client.post("/api/v1/conversations").json()["id"]
    reply = client.post(f"/api/v1/conversations/{conversation}/messages", json={"text": UNANSWERED}).json()
    assert reply["kind"] in ("no_answer", "clarify"), reply
    turn_id: str = reply["turn_id"]
    return turn_id


def test_cluster_to_alternates_draft_to_approval_by_another_admin(
    client: TestClient, staff_users: StaffAccounts, knowledge: Knowledge, concierge: Concierge
) -> None:
    turn_id = _unanswered_turn(client, knowledge)
    client.cookies.clear()
    login(client, *REVIEWER)
    turn_page = client.get(f"/staff/turns/{turn_id}").text
    cluster_link = re.search(r'href="(/staff/clusters\?[^"]+)"', turn_page)
    assert cluster_link, "the turn page links its cluster"
    clusters = client.get(cluster_link.group(1).replace("&amp;", "&")).text
    assert UNANSWERED in clusters and "指定された質問を含むまとまりだけ" in clusters
    action = re.search(r'href="(/staff/faq/drafts/alternates\?[^"]+)"', clusters)
    assert action
    form = client.get(action.group(1).replace("&amp;", "&"))
    assert form.status_code == 200 and UNANSWERED in form.text
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', form.text))
    saved = client.post("/staff/faq/drafts/alternates", data={**hidden, "faq_id": "about-001", "wording": UNANSWERED},
                        follow_redirects=False)
    assert saved.status_code == 303, saved.text
    draft_url = saved.headers["location"]
    draft_page = client.get(draft_url).text
    assert "下書きを保存しました" in draft_page and "管理者の承認を待っています" in draft_page

    client.cookies.clear()
    login(client, *ADMIN)
    page = client.get(draft_url.split("?")[0]).text
    assert "承認して公開" in page and UNANSWERED in page
    approved = client.post(draft_url.split("?")[0] + "/approve", data={"csrf_token": _csrf(page)},
                           follow_redirects=False)
    assert approved.status_code == 303 and approved.headers["location"].endswith("done=approved")
    versions = client.get("/staff/faq/versions").text
    assert "公開中" in versions and "言い換えを1件追加: about-001" in versions
    version = re.search(r'href="/staff/faq/versions/([0-9a-f]+)"', versions)
    assert version and UNANSWERED in client.get(f"/staff/faq/versions/{version.group(1)}").text


def test_entry_editor_names_the_fields_to_fix(client: TestClient, staff_users: StaffAccounts) -> None:
    login(client, *REVIEWER)
    page = client.get("/staff/faq/entries/js-account-007/edit").text
    assert "js-account-007" in page
    fields = {"csrf_token": _csrf(page), "mode": "edit", "id": "js-account-007", "audience": "job_seeker",
              "menu": "js.account.login", "question": "パスワードを忘れたら？", "alternates": "",
              "answer": "短い", "links": "公式 | https://example.com/", "keywords": "", "source": "", "reviewed": "x"}
    refused = client.post("/staff/faq/entries", data=fields)
    assert refused.status_code == 422
    for words in ("回答（answer）", "出典（source）", "確認日（reviewed）"):  # schema first; then the content checks
        assert words in refused.text, words
    marked = 'id="answer" name="answer" rows="6" required aria-describedby="answer-error" aria-invalid="true"'
    assert marked in refused.text


def test_own_draft_cannot_be_approved_from_the_page(client: TestClient, staff_users: StaffAccounts) -> None:
    login(client, *ADMIN)
    page = client.get("/staff/faq/entries/js-account-007/edit").text
    retire = client.post("/staff/faq/entries/js-account-007/retire", data={"csrf_token": _csrf(page)},
                         follow_redirects=False)
    assert retire.status_code in (303, 422)
    if retire.status_code == 303:  # the menu still has other entries: the draft is stored
        draft = client.get(retire.headers["location"]).text
        assert "ご自身が作成した下書きは承認できません" in draft and "承認して公開" not in draft
        draft_id = retire.headers["location"].split("/")[-1].split("?")[0]
        forced = client.post(f"/staff/faq/drafts/{draft_id}/approve", data={"csrf_token": _csrf(draft)})
        assert forced.status_code == 403 and "ご自身" in forced.text
