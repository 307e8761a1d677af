"""Ban and unban from the console; banned users get 403 account_banned; everything is audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.pipeline.concierge import Concierge
from app.storage.staff_models import AuditEntry
from tests.staff.conftest import Seeded


def test_flagged_and_banned_accounts(admin: tuple[TestClient, str], seeded: Seeded, concierge: Concierge) -> None:
    client, csrf = admin
    assert concierge.repository is not None
    concierge.repository.add_strike(seeded.account_id, threshold=1)
    page = client.get("/staff/accounts")
    assert "要確認のアカウント（1件）" in page.text and seeded.account_id in page.text
    missing = client.post("/staff/accounts/ban", data={"account_id": seeded.account_id, "reason": " ",
                                                        "csrf_token": csrf})
    assert missing.status_code == 422 and "理由" in missing.text
    form = {"account_id": seeded.account_id, "reason": "不適切な入力の繰り返し", "csrf_token": csrf}
    banned = client.post("/staff/accounts/ban", data=form, follow_redirects=False)
    assert banned.status_code == 303
    page = client.get("/staff/accounts")
    assert "利用停止中のアカウント（1件）" in page.text and "不適切な入力の繰り返し" in page.text
    # the banned user (same client, same anonymous cookie) is refused by the public API
    refused = client.post("/api/v1/conversations")
    assert refused.status_code == 403 and refused.json()["code"] == "account_banned"
    unknown = client.post("/staff/accounts/ban", data={"account_id": "nobody", "reason": "x", "csrf_token": csrf})
    assert unknown.status_code == 422
    client.post("/staff/accounts/unban", data={"account_id": seeded.account_id, "csrf_token": csrf})
    assert client.post("/api/v1/conversations").status_code == 201
    with concierge.repository.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.target == seeded.account_id)))
    assert actions == ["ban", "unban"]
    audit = client.get("/staff/audit")
    assert audit.status_code == 200 and "利用停止の解除" in audit.text
