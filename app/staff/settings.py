"""The staff console's settings live with all the others in `app.settings.Settings`."""

from __future__ import annotations

from app.settings import Settings as StaffSettings

__all__ = ["StaffSettings"]
