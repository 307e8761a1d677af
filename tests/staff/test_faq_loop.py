"""The FAQ improvement loop over the staff API: drafts, review by a second admin, publication,
the new version served without a restart, old versions readable, and the YAML export."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.pipeline.concierge import Concierge
from app.pipeline.knowledge import Knowledge
from app.staff.accounts import StaffAccounts
from app.staff.audit import recent
from faq.loader import load_faq
from tests.staff.conftest import ADMIN, REVIEWER, login

SECOND_ADMIN = ("admin2", "second admin password 2026")
# A wording no entry has: asked before the change it gets no direct answer of that entry.
NEW_WORDING = "マイページの合言葉をなくしてしまい入れなくなった"
TARGET = "js-account-007"
FAQ = "/api/v1/staff/faq"


def _as(client: TestClient, user: tuple[str, str]) -> dict[str, str]:
    client.cookies.clear()
    token = login(client, *user)
    assert token
    return {"x-csrf-token": token}


@pytest.fixture
def users(staff_users: StaffAccounts) -> StaffAccounts:
    staff_users.create(*SECOND_ADMIN, role="admin")
    return staff_users


def _draft(client: TestClient, headers: dict[str, str], payload: Any) -> dict[str, Any]:
    response = client.post(f"{FAQ}/drafts", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _ask(client: TestClient, knowledge: Knowledge, text: str) -> dict[str, Any]:
    client.cookies.clear()
    assert client.post("/api/v1/consent", json={"terms_version": knowledge.store.terms.version}).status_code == 200
    conversation = client.post("/api/v1/conversations").json()["id"]
    reply: dict[str, Any] = client.post(f"/api/v1/conversations/{conversation}/messages",
                                        json={"text": text}).json()
    return reply


def test_add_alternate_reviewed_published_and_served_without_restart(
    client: TestClient, users: StaffAccounts, concierge: Concierge, knowledge: Knowledge
) -> None:
    before = _ask(client, knowledge, NEW_WORDING)
    assert not (before["kind"] == "answer" and before["answer"]["faq_id"] == TARGET), before
    old_version = concierge.knowledge.version

    reviewer = _as(client, REVIEWER)
    draft = _draft(client, reviewer, {"faq_id": TARGET, "add_alternates": [NEW_WORDING]})
    assert draft["kind"] == "add_alternates" and draft["status"] == "pending" and draft["author"] == REVIEWER[0]
    refused = client.post(f"{FAQ}/drafts/{draft['id']}/approve", headers=reviewer)
    assert refused.status_code == 403  # reviewers do not approve

    admin = _as(client, ADMIN)
    approved = client.post(f"{FAQ}/drafts/{draft['id']}/approve", headers=admin)
    assert approved.status_code == 200, approved.text
    new_version = approved.json()["faq_version"]
    assert new_version != old_version and approved.json()["previous_version"] == old_version
    assert client.post(f"{FAQ}/drafts/{draft['id']}/approve", headers=admin).status_code == 409  # decided

    # The published version lists the new wording; the old version stays readable as it was.
    published = client.get(FAQ).json()
    assert published["faq_version"] == new_version
    entry = next(e for e in published["entries"] if e["id"] == TARGET)
    assert entry["alternates"][-1] == NEW_WORDING
    old = client.get(FAQ, params={"version": old_version}).json()
    assert NEW_WORDING not in next(e for e in old["entries"] if e["id"] == TARGET)["alternates"]
    history = client.get(f"{FAQ}/versions").json()
    assert [h["version"] for h in history[:2]] == [new_version, old_version]
    assert history[0]["origin"] == "draft" and history[0]["published_by"] == ADMIN[0]

    # This worker swaps the version in (the thread would within faq_refresh_seconds), no restart.
    refresher = client.app.state.refresher  # type: ignore[attr-defined]
    refresher.refresh_now()
    assert concierge.knowledge.version == new_version
    after = _ask(client, knowledge, NEW_WORDING)
    assert after["kind"] == "answer" and after["answer"]["faq_id"] == TARGET, after
    assert after["answer"]["faq_version"] == new_version
    assert after["answer"]["text"] == knowledge.entry(TARGET).answer  # the vetted text, unchanged

    actions = [e.action for e in recent(concierge.repository, 50)[0]]
    assert {"faq_draft", "faq_approve"} <= set(actions)


def test_the_author_cannot_approve_their_own_draft(client: TestClient, users: StaffAccounts) -> None:
    admin = _as(client, ADMIN)
    draft = _draft(client, admin, {"faq_id": TARGET, "add_alternates": ["自分で出した下書きのテスト文"]})
    own = client.post(f"{FAQ}/drafts/{draft['id']}/approve", headers=admin)
    assert own.status_code == 403 and "ご自身" in own.json()["message"]
    second = _as(client, SECOND_ADMIN)
    assert client.post(f"{FAQ}/drafts/{draft['id']}/approve", headers=second).status_code == 200


def test_the_shared_token_may_draft_but_not_approve(client: TestClient, users: StaffAccounts) -> None:
    app = client.app
    app.state.settings = app.state.settings.model_copy(update={"staff_api_token": "t" * 32})  # type: ignore[attr-defined]
    token = {"x-staff-token": "t" * 32}
    draft = _draft(client, token, {"faq_id": TARGET, "add_alternates": ["共有トークンからの下書き"]})
    response = client.post(f"{FAQ}/drafts/{draft['id']}/approve", headers=token)
    assert response.status_code == 403 and response.json()["code"] == "session_required"


@pytest.mark.parametrize(("payload_change", "field", "words"), [
    ({"answer": "短い"}, "answer", "短すぎます"),
    ({"audience": "everyone"}, "audience", "次のどれか"),
    ({"links": [{"title": "外部", "url": "https://example.com/x"}]}, "links[0].url", "公式サイト"),
    ({"source": "http://www.mhlw.go.jp/"}, "source", "公式サイト"),
    ({"menu": "js.nowhere"}, "menu", "メニューにない"),
    ({"alternates": ["＜氏名＞ですがログインできない"]}, "alternates[0]", "伏せ字"),
    ({"reviewed": "昨日"}, "reviewed", "YYYY-MM-DD"),
    ({"keywords": []}, "keywords", "キーワード"),
    ({"answer": "正しい回答の文ですが\x00見えない文字があります"}, "answer", "制御文字"),
    ({"keywords": ["パスワード\u200b"]}, "keywords[0]", "制御文字"),
])
def test_an_invalid_draft_is_refused_naming_the_field(
    client: TestClient, users: StaffAccounts, knowledge: Knowledge, payload_change: dict[str, Any], field: str,
    words: str,
) -> None:
    entry = knowledge.entry(TARGET).model_dump(mode="json")
    payload = {**entry, "id": "js-account-900", "question": "テスト用の新しい質問はどこに書きますか？",
               "alternates": ["テスト用の言い換え"], **payload_change}
    response = client.post(f"{FAQ}/drafts", json=payload, headers=_as(client, REVIEWER))
    assert response.status_code == 422, response.text
    problems = response.json()["problems"]
    assert any(p["field"] == field and words in p["message"] for p in problems), problems
    assert response.json()["message"]


@pytest.mark.parametrize(("payload", "field"), [
    ({"faq_id": "no-such-entry", "add_alternates": ["どこにもない"]}, "faq_id"),
    ({"faq_id": TARGET, "add_alternates": []}, "add_alternates"),
    ({"faq_id": TARGET, "add_alternates": ["  "]}, "add_alternates[0]"),
    ({"faq_id": TARGET, "retire": "yes"}, "retire"),
    ("just a string", ""),
])
def test_malformed_partial_drafts_are_refused(client: TestClient, users: StaffAccounts, payload: Any,
                                              field: str) -> None:
    response = client.post(f"{FAQ}/drafts", json=payload, headers=_as(client, REVIEWER))
    assert response.status_code == 422, response.text
    assert field in [p["field"] for p in response.json()["problems"]]


def test_new_entry_and_retirement_publish_and_export_round_trips(
    client: TestClient, users: StaffAccounts, knowledge: Knowledge, tmp_path: Path
) -> None:
    entry = knowledge.entry(TARGET).model_dump(mode="json")
    new = {**entry, "id": "js-account-901", "question": "マイページの画面の文字を大きくするには？",
           "alternates": ["マイページの字が小さくて読めない"],
           "answer": "ブラウザの拡大機能（Ctrl と＋）で画面全体を大きくできます。"}
    reviewer = _as(client, REVIEWER)
    created = _draft(client, reviewer, new)
    assert created["kind"] == "new"
    admin = _as(client, ADMIN)
    first = client.post(f"{FAQ}/drafts/{created['id']}/approve", headers=admin).json()["faq_version"]

    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{FAQ}/export.zip", headers=admin).content))
    folder = tmp_path / "data"
    (folder / "entries").mkdir(parents=True)
    for name in archive.namelist():
        (folder / name).write_bytes(archive.read(name))
    for name in ("synonyms.yaml", "terms.yaml"):
        shutil.copy(knowledge_dir() / name, folder / name)
    exported = load_faq(folder)
    assert exported.version == first and "js-account-901" in exported.entries
    assert exported.sources["js-account-901"] == knowledge.store.sources[TARGET]  # the topic's own file

    retire = _draft(client, _as(client, REVIEWER), {"faq_id": "js-account-901", "retire": True})
    back = client.post(f"{FAQ}/drafts/{retire['id']}/approve", headers=_as(client, ADMIN)).json()["faq_version"]
    assert back == knowledge.version  # retiring what was just added gives the earlier content back


def test_rejected_draft_is_kept_with_the_note(client: TestClient, users: StaffAccounts) -> None:
    draft = _draft(client, _as(client, REVIEWER), {"faq_id": TARGET, "add_alternates": ["却下される言い換え"]})
    admin = _as(client, ADMIN)
    rejected = client.post(f"{FAQ}/drafts/{draft['id']}/reject", json={"note": "意味が違う"}, headers=admin).json()
    assert rejected["status"] == "rejected" and rejected["decision_note"] == "意味が違う"
    assert client.get(f"{FAQ}/drafts", params={"status": "rejected"}).json()[0]["id"] == draft["id"]
    assert client.get(f"{FAQ}/drafts").json() == []


def knowledge_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "faq" / "data"


def test_an_answer_stays_traceable_to_the_version_it_was_shown_from(
    client: TestClient, users: StaffAccounts, concierge: Concierge, knowledge: Knowledge
) -> None:
    entry = knowledge.entry(TARGET)
    client.cookies.clear()
    client.post("/api/v1/consent", json={"terms_version": knowledge.store.terms.version})
    conversation = client.post("/api/v1/conversations").json()["id"]
    first = client.post(f"/api/v1/conversations/{conversation}/messages", json={"text": entry.question}).json()
    assert first["kind"] == "answer" and first["answer"]["text"] == entry.answer
    visitor_cookies = dict(client.cookies)

    edited = {**entry.model_dump(mode="json"), "answer": entry.answer + "（窓口でも手続きできます。）"}
    draft = _draft(client, _as(client, REVIEWER), edited)
    assert draft["kind"] == "edit"
    version = client.post(f"{FAQ}/drafts/{draft['id']}/approve", headers=_as(client, ADMIN)).json()["faq_version"]
    client.app.state.refresher.refresh_now()  # type: ignore[attr-defined]
    assert concierge.knowledge.version == version

    turn_page = client.get(f"/staff/turns/{first['turn_id']}").text  # the admin is still logged in
    assert entry.answer in turn_page and "以前の版" in turn_page and "窓口でも手続きできます" not in turn_page
    client.cookies.clear()
    client.cookies.update(visitor_cookies)
    history = client.get(f"/api/v1/conversations/{conversation}/turns").json()["turns"]
    shown = history[-1]["reply"]["answer"]
    assert shown["text"] == entry.answer and shown["faq_version"] == first["answer"]["faq_version"]
    again = client.post(f"/api/v1/conversations/{conversation}/messages", json={"text": entry.question}).json()
    assert again["answer"]["text"].endswith("（窓口でも手続きできます。）")
    assert again["answer"]["faq_version"] == version


@pytest.mark.parametrize("version", ["\x00", "%00", "zzzzzzzzzzzz", "0" * 40])
def test_a_malformed_version_is_not_found(client: TestClient, users: StaffAccounts, version: str) -> None:
    _as(client, REVIEWER)
    assert client.get(FAQ, params={"version": version}).status_code == 404
    if "\x00" not in version:  # (the client itself refuses NUL in a path)
        assert client.get(f"/staff/faq/versions/{version}").status_code == 404


def test_a_rejection_note_keeps_no_control_characters(client: TestClient, users: StaffAccounts) -> None:
    draft = _draft(client, _as(client, REVIEWER), {"faq_id": TARGET, "add_alternates": ["別の言い方のテスト"]})
    rejected = client.post(f"{FAQ}/drafts/{draft['id']}/reject", json={"note": "理由\x00です\u200b"},
                           headers=_as(client, ADMIN)).json()
    assert rejected["decision_note"] == "理由です"
