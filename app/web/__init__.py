"""Browser pages: the chat page for job seekers and employers, and the staff console.

`install_web(app)` mounts the static files, adds the security headers, the page routers,
the staff API and the console's error handlers. The staff tables are registered on import.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import app.staff  # noqa: F401  (registers the staff tables before init_db)
from app.settings import Settings
from app.staff import api as staff_api
from app.staff import pages_admin, pages_auth, pages_insight, pages_review
from app.staff.errors import install_staff_errors
from app.staff.settings import StaffSettings
from app.web import chat
from app.web.security import SecurityHeadersMiddleware
from app.web.templating import STATIC_DIR


def install_web(app: FastAPI, staff_settings: StaffSettings | None = None) -> None:
    settings: Settings = app.state.settings
    app.state.staff_settings = staff_settings or app.state.settings
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.environment == "production")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (chat, pages_auth, pages_insight, pages_review, pages_admin, staff_api):
        app.include_router(module.router)
    install_staff_errors(app)
