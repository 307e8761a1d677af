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
    """

    allowed: bool
    text: str
    findings: tuple[Finding, ...]
    score: float

    @property
    def reason(self) -> str | None:
        """The kind of the strongest finding of a blocking verdict, else None."""
        if self.allowed or not self.findings:
            return None
        return max(self.findings, key=lambda f: f.score).kind


@runtime_checkable
class Guard(Protocol):
    """One concern, one method: look at `text` and return a Verdict."""

    name: str

    def check(self, text: str) -> Verdict: ...
