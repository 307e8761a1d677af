"""Exceptions of the answering pipeline; `app.api.errors` maps them to HTTP responses."""

from __future__ import annotations


class NotFound(Exception):
    """A conversation, turn or menu node that does not exist (or is not the caller's)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(Exception):
    """Input the service cannot take (too long, empty, stale terms); nothing is counted or stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidTermsVersion(ValueError):
    """Consent was sent for a version of the terms that is not the current one."""
