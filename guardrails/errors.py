"""Exceptions of the guardrails package."""

from __future__ import annotations


class InputBlocked(Exception):
    """A guard refused the input. `reason` is a machine code, `message` Japanese text for the user."""

    def __init__(self, reason: str, message: str, blocked_by: str | None = None) -> None:
        super().__init__(f"{blocked_by or 'guard'}: {reason}")
        self.reason = reason
        self.message = message
        self.blocked_by = blocked_by


class GuardConfigError(ValueError):
    """A guard was configured with values it cannot work with."""
