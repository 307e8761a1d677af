"""The chat page as HTML: offline assets, CSP without inline code, escaping, the state it starts in."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from app.pipeline.concierge import Concierge
from app.pipeline.knowledge import Knowledge
from app.web.templating import STATIC_DIR, TEMPLATES_DIR


def test_page_is_japanese_and_names_its_parts(client: TestClient, knowledge: Knowledge) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="ja">' in html and knowledge.store.terms.title in html
    assert f'data-terms-version="{knowledge.store.terms.version}"' in html and 'data-consented="false"' in html
    expected = ("仕事を探している方", "事業主の方", "個人情報は入力しないでください", 'role="log"',
                'aria-live="polite"', 'maxlength="400"', "本日あと")
    for text in expected:
        assert text in html, text


def test_security_headers_and_no_inline_code(client: TestClient) -> None:
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["x-frame-options"] == "DENY"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text)
    assert " style=" not in page.text and " on" + "click=" not in page.text
    docs = client.get("/docs")  # Swagger UI keeps working: framing forbidden, its sources allowed
    assert docs.headers["content-security-policy"] == "frame-ancestors 'none'"


def test_every_asset_is_served_from_this_origin(client: TestClient) -> None:
    page = client.get("/").text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
    assert len(assets) >= 4
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert response.headers["x-content-type-options"] == "nosniff"
    for path in list(STATIC_DIR.rglob("*")) + list(TEMPLATES_DIR.rglob("*")):
        if path.is_file():
            text = Path(path).read_text(encoding="utf-8")
            assert not re.search(r"(src|href)=\"https?://(?!www\.mhlw\.go\.jp)", text), path
            assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "eval(" not in text, path


def test_consented_and_banned_visitors(consented: TestClient, concierge: Concierge) -> None:
    page = consented.get("/")
    assert 'data-consented="true"' in page.text and 'data-blocked=""' in page.text
    account = consented.post("/api/v1/conversations").json()
    assert concierge.repository is not None
    owner = concierge.repository.get_conversation(account["id"])
    assert owner is not None
    concierge.repository.set_ban(owner.account_id, True, "test")
    banned = consented.get("/")
    assert 'data-blocked="account_banned"' in banned.text and "ご利用いただけません" in banned.text


def test_remaining_count_follows_the_account(consented: TestClient, conversation: str) -> None:
    consented.post(f"/api/v1/conversations/{conversation}/messages", json={"text": "パスワードを忘れました"})
    assert re.search(r'id="remaining-count">19<', consented.get("/").text)
