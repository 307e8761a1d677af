"""Log-in: argon2id hashes, session cookie flags, login CSRF, lock-out, log-out, audit."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.pipeline.concierge import Concierge
from app.staff.accounts import StaffAccountError, StaffAccounts
from app.storage.staff_models import AuditEntry, StaffUser
from tests.staff.conftest import ADMIN, login


def _audit_actions(concierge: Concierge) -> list[str]:
    assert concierge.repository is not None
    with concierge.repository.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_passwords_are_argon2id_hashes(concierge: Concierge, staff_users: StaffAccounts) -> None:
    assert concierge.repository is not None
    with concierge.repository.session() as session:
        stored = session.scalar(select(StaffUser.password_hash).where(StaffUser.username == ADMIN[0]))
    assert stored is not None and stored.startswith("$argon2id$") and ADMIN[1] not in stored


def test_weak_duplicate_or_unknown_role_is_refused(staff_users: StaffAccounts) -> None:
    bad = [("x", "short", "admin"), (ADMIN[0], "long enough password", "admin"), ("y", "long enough pw!", "root")]
    for args in bad:
        with pytest.raises(StaffAccountError):
            staff_users.create(*args)


def test_login_sets_a_strict_http_only_cookie(client: TestClient, staff_users: StaffAccounts) -> None:
    page = client.get("/staff/login")
    assert page.status_code == 200 and 'autocomplete="current-password"' in page.text
    token = page.text.split('name="login_token" value="')[1].split('"')[0]
    response = client.post(
        "/staff/login", data={"username": ADMIN[0], "password": ADMIN[1], "login_token": token, "next": "/staff"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("hwis_staff="))
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    dashboard = client.get("/staff")
    assert dashboard.status_code == 200 and "ダッシュボード" in dashboard.text
    assert dashboard.headers["cache-control"] == "no-store"


def test_login_without_its_form_token_is_refused(client: TestClient, staff_users: StaffAccounts) -> None:
    response = client.post("/staff/login", data={"username": ADMIN[0], "password": ADMIN[1]}, follow_redirects=False)
    assert response.status_code == 400 and "有効期限" in response.text


def test_wrong_password_and_next_is_kept_local(client: TestClient, staff_users: StaffAccounts) -> None:
    login(client, ADMIN[0], "wrong password", expect=401)
    page = client.get("/staff/login?next=https://evil.example/")
    assert 'name="next" value="/staff"' in page.text


def test_lockout_after_repeated_failures(client: TestClient, concierge: Concierge, staff_users: StaffAccounts) -> None:
    for _ in range(4):
        login(client, ADMIN[0], "wrong password", expect=401)
    login(client, ADMIN[0], "wrong password", expect=423)
    login(client, *ADMIN, expect=423)  # even the right password, while locked
    actions = _audit_actions(concierge)
    assert actions.count("login_failed") == 4 and actions.count("login_locked") == 2
    staff_users.unlock(ADMIN[0])
    assert login(client, *ADMIN)


def test_lock_expires(concierge: Concierge, staff_users: StaffAccounts) -> None:
    assert concierge.repository is not None
    now = datetime(2026, 11, 24, tzinfo=UTC)
    clocked = StaffAccounts(concierge.repository, clock=lambda: now)
    for _ in range(3):
        assert clocked.verify(ADMIN[0], "nope", 3, timedelta(minutes=15)).status in {"bad_credentials", "locked"}
    assert clocked.verify(*ADMIN, 3, timedelta(minutes=15)).status == "locked"
    later = StaffAccounts(concierge.repository, clock=lambda: now + timedelta(minutes=16))
    assert later.verify(*ADMIN, 3, timedelta(minutes=15)).status == "ok"


def test_disabled_users_cannot_log_in(client: TestClient, staff_users: StaffAccounts) -> None:
    staff_users.set_active(ADMIN[0], False)
    login(client, *ADMIN, expect=401)


def test_logout_ends_the_session(client: TestClient, concierge: Concierge, staff_users: StaffAccounts) -> None:
    csrf = login(client, *ADMIN)
    stolen = client.cookies.get("hwis_staff")
    response = client.post("/staff/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    client.cookies.set("hwis_staff", stolen or "")
    assert client.get("/staff", follow_redirects=False).status_code == 303
    assert _audit_actions(concierge)[-2:] == ["login", "logout"]


def test_password_change_and_disabling_end_sessions(client: TestClient, staff_users: StaffAccounts) -> None:
    login(client, *ADMIN)
    staff_users.set_password(ADMIN[0], "a brand new password")
    assert client.get("/staff", follow_redirects=False).status_code == 303
    login(client, ADMIN[0], "a brand new password")
    staff_users.set_active(ADMIN[0], False)
    assert client.get("/api/v1/staff/me").status_code == 401


def test_unknown_names_are_not_written_to_the_audit_log(client: TestClient, concierge: Concierge) -> None:
    login(client, "my secret password", "x", expect=401)
    assert concierge.repository is not None
    with concierge.repository.session() as session:
        entry = session.scalars(select(AuditEntry)).one()
    assert entry.actor == "(unknown)" and "secret" not in str(entry.detail) and entry.target == "(unknown)"


def test_unknown_names_are_locked_out_exactly_like_known_ones(client: TestClient, staff_users: StaffAccounts) -> None:
    def attempts(name: str) -> list[tuple[int, str]]:
        pages = []
        for _ in range(6):
            page = client.get("/staff/login")
            token = page.text.split('name="login_token" value="')[1].split('"')[0]
            response = client.post("/staff/login", data={"username": name, "password": "wrong password",
                                                         "login_token": token}, follow_redirects=False)
            error = re.search(r'id="login-error"><p>(.*?)</p>', response.text)
            message = error.group(1) if error else ""
            pages.append((response.status_code, message))
        return pages

    known, unknown = attempts(ADMIN[0]), attempts("nobody-by-this-name")
    assert [code for code, _ in known] == [401, 401, 401, 401, 423, 423]
    assert known == unknown
