"""Every /staff page and /api/v1/staff route refuses callers without a staff session (or token)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.staff.accounts import StaffAccounts
from tests.staff.conftest import REVIEWER, login

PUBLIC = {("GET", "/staff/login"), ("POST", "/staff/login")}
ADMIN_ONLY = {
    ("GET", "/staff/audit"), ("GET", "/staff/export.csv"), ("POST", "/staff/purge"), ("POST", "/staff/accounts/ban"),
    ("POST", "/staff/accounts/unban"), ("GET", "/api/v1/staff/export.csv"), ("POST", "/api/v1/staff/purge"),
    ("GET", "/api/v1/staff/audit"),
}


def staff_routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path) of every route under /staff or /api/v1/staff, however FastAPI nests them."""
    seen: set[tuple[str, str]] = set()

    def visit(routes: list[object]) -> Iterator[tuple[str, str]]:
        for route in routes:
            contexts = getattr(route, "effective_route_contexts", None)
            items = list(contexts()) if callable(contexts) else [route]
            for item in items:
                path, methods = getattr(item, "path", None), getattr(item, "methods", None)
                if not path or not methods or not (path == "/staff" or path.startswith(("/staff/", "/api/v1/staff"))):
                    continue
                for method in sorted(set(methods) - {"HEAD"}):
                    if (method, path) not in seen:
                        seen.add((method, path))
                        yield method, path

    yield from visit(list(app.routes))


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x0", path)


def test_the_enumeration_finds_the_console(client: TestClient) -> None:
    routes = set(staff_routes(client.app))  # type: ignore[arg-type]
    expected = {
        ("GET", "/staff"), ("GET", "/staff/conversations"), ("POST", "/staff/turns/{turn_id}/label"),
        ("PUT", "/api/v1/staff/turns/{turn_id}/label"), ("POST", "/api/v1/staff/accounts/{account_id}/ban"),
    }
    assert expected <= routes
    assert len(routes) >= 25


def test_every_staff_route_needs_a_staff_session(client: TestClient) -> None:
    for method, path in staff_routes(client.app):  # type: ignore[arg-type]
        if (method, path) in PUBLIC:
            continue
        response = client.request(method, concrete(path), follow_redirects=False, json={} if method != "GET" else None)
        if path.startswith("/api/"):
            assert response.status_code in {401, 403}, (method, path, response.status_code)
            assert response.json()["message"], (method, path)
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/staff/login"), (method, path)


def test_a_forged_session_cookie_is_refused(client: TestClient) -> None:
    client.cookies.set("hwis_staff", "made-up-token")
    assert client.get("/staff", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/staff/me").status_code == 401


def test_reviewers_cannot_use_admin_routes(client: TestClient, staff_users: StaffAccounts) -> None:
    csrf = login(client, *REVIEWER)
    assert csrf
    for method, path in ADMIN_ONLY:
        response = client.request(
            method, concrete(path), follow_redirects=False,
            data={"csrf_token": csrf} if method == "POST" and not path.startswith("/api/") else None,
            headers={"X-CSRF-Token": csrf},
        )
        assert response.status_code == 403, (method, path, response.status_code)
    assert client.get("/staff/conversations").status_code == 200


def test_staff_token_works_for_automation(client: TestClient) -> None:
    app = client.app
    app.state.settings = app.state.settings.model_copy(update={"staff_api_token": "t" * 32})  # type: ignore[attr-defined]
    assert client.get("/api/v1/staff/me", headers={"X-Staff-Token": "t" * 32}).json()["via"] == "token"
    assert client.get("/api/v1/staff/me", headers={"X-Staff-Token": "wrong"}).status_code == 401
    purge = client.post("/api/v1/staff/purge", headers={"X-Staff-Token": "t" * 32})
    assert purge.status_code == 200 and purge.json()["turns"] == 0
