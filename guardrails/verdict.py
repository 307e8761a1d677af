"""The result types every guard returns, and the one-method Guard protocol."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Finding:
    """One thing a guard found: its kind, where (offsets in the normalised text) and how sure."""

    kind: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Verdict:
    """What one guard decided about one text.

    `text` is the text after this guard: the same text for checks that only look,
    the masked text for the PII guard, the normalised text for the normaliser.
    `message` is what the user is told: the refusal of a blocking verdict, or a notice
    of an allowing one (personal data removed). `masks` are the spans of the input that
    `text` replaced with placeholders. `code` names why a verdict blocked when the
    strongest finding does not say it; `suspicious` marks an allowed text that may only
    reach a model as picked keywords.
    """

    allowed: bool
    text: str
    findings: tuple[Finding, ...]
    score: float
    message: str | None = None
    masks: tuple[Finding, ...] = ()
    code: str | None = None
    suspicious: bool = False

    @property
    def reason(self) -> str | None:
        """Why a blocking verdict blocked (its code, else its strongest finding's kind); None when allowed."""
        if self.allowed:
            return None
        if self.code:
            return self.code
        if not self.findings:
            return None
        return max(self.findings, key=lambda f: f.score).kind


@runtime_checkable
class Guard(Protocol):
    """One concern, one method: look at `text` and return a Verdict."""

    name: str

    def check(self, text: str) -> Verdict: ...
