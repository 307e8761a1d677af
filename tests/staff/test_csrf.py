"""State-changing staff requests need the session's CSRF token and a same-host Origin."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.staff.conftest import Seeded


def test_page_posts_need_the_csrf_token(admin: tuple[TestClient, str], seeded: Seeded) -> None:
    client, csrf = admin
    url = f"/staff/turns/{seeded.answer_turn}/label"
    assert client.post(url, data={"verdict": "correct"}).status_code == 403
    assert client.post(url, data={"verdict": "correct", "csrf_token": "forged"}).status_code == 403
    cross_site = client.post(url, data={"verdict": "correct", "csrf_token": csrf},
                             headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert cross_site.status_code == 403
    ok = client.post(url, data={"verdict": "correct", "csrf_token": csrf},
                     headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert ok.status_code == 303


def test_api_writes_need_the_csrf_header(admin: tuple[TestClient, str], seeded: Seeded) -> None:
    client, csrf = admin
    url = f"/api/v1/staff/turns/{seeded.answer_turn}/label"
    refused = client.put(url, json={"verdict": "correct"})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert client.put(url, json={"verdict": "correct"}, headers={"X-CSRF-Token": csrf}).status_code == 200
