"""One timed chain over the guards: normalise, mask PII, check injection, check content.

The chain stops at the first guard that blocks. Its output text is the normalised
text with personal data replaced by typed placeholders — the only text that may be
stored, logged or sent on. Findings of the guards after a mask are mapped back to
offsets in the normalised text. Every guard is treated the same: the chain reads
only the Verdict (its text, masks, message and code), never a guard's name.

A guard that raises fails closed: the input is refused with a request to rephrase,
its text is dropped (nothing of it is stored or sent to a model), and the outcome is
marked `failed` so the caller counts it as a guard error, not as an attack.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from guardrails.pii.entities import placeholder
from guardrails.verdict import Finding, Guard, Verdict

logger = logging.getLogger(__name__)

BLOCKED_MESSAGE = "申し訳ありません。このご入力にはお答えできません。"
GUARD_ERROR_MESSAGE = (
    "申し訳ありません。このご入力をうまく処理できませんでした。"
    "お手数ですが、言い回しを変えて（記号や個人情報を含めずに）もう一度ご入力ください。"
)
GUARD_ERROR = "guard_error"


@dataclass(frozen=True)
class GuardOutcome:
    """What the chain decided about one input (see DESIGN.md, "Guard")."""

    allowed: bool
    text: str
    blocked_by: str | None
    reason: str | None
    message: str | None
    pii_types: tuple[str, ...]
    findings: dict[str, tuple[Finding, ...]] = field(default_factory=dict)
    timings_ms: dict[str, float] = field(default_factory=dict)
    normalisation_changed: bool = False
    failed: bool = False
    suspicious: bool = False
    score: float = 0.0  # the blocking guard's score (how sure it was), 0.0 when allowed


def _to_normalised(findings: tuple[Finding, ...], masks: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Map offsets in the masked text back to the normalised text the masks were applied to."""
    if not masks:
        return findings
    segments = []  # (masked start, masked end, normalised start, normalised end)
    shift = 0
    for mask in sorted(masks, key=lambda m: m.start):
        length = len(placeholder(mask.kind))
        segments.append((mask.start + shift, mask.start + shift + length, mask.start, mask.end))
        shift += length - (mask.end - mask.start)

    def point(offset: int, is_end: bool) -> int:
        delta = 0
        for m_start, m_end, n_start, n_end in segments:
            if offset < m_start or (is_end and offset == m_start):
                break
            if offset < m_end or (is_end and offset == m_end):
                return n_end if is_end else n_start
            delta = n_end - m_end
        return offset + delta

    return tuple(Finding(f.kind, point(f.start, False), point(f.end, True), f.score) for f in findings)


def _failure(guard: Guard, exc: Exception) -> Verdict:
    """The closed verdict for a guard that raised: logs where, never the text or the exception's message."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    logger.error(
        "guard failed",
        extra={"guard": guard.name, "error": type(exc).__name__,
               "at": f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else "?"},
    )
    return Verdict(False, "", (Finding(GUARD_ERROR, 0, 0, 1.0),), 1.0, GUARD_ERROR_MESSAGE, code=GUARD_ERROR)


class GuardChain:
    """Runs guards in order, times each one, and stops at the first block."""

    def __init__(self, guards: Sequence[Guard]) -> None:
        names = [g.name for g in guards]
        if len(set(names)) != len(names):
            raise ValueError(f"guard names must be unique: {names}")
        self.guards = tuple(guards)
        # GiNZA's Sudachi tokenizer (inside the PII guard) is not thread-safe ("Already
        # borrowed"), and FastAPI runs requests on a thread pool: one chain run at a time.
        self._lock = threading.Lock()

    def run(self, text: str) -> GuardOutcome:
        """Pass `text` through every guard (serialised; see __init__)."""
        with self._lock:
            return self._run(text)

    def _run(self, text: str) -> GuardOutcome:
        """Pass `text` through every guard; return the masked text and what was found."""
        started = time.perf_counter()
        current = text
        findings: dict[str, tuple[Finding, ...]] = {}
        timings: dict[str, float] = {}
        masks: tuple[Finding, ...] = ()
        notices: list[str] = []
        changed = failed = suspicious = False
        blocked: tuple[Guard, Verdict] | None = None
        for guard in self.guards:
            t0 = time.perf_counter()
            try:
                verdict = guard.check(current)
            except Exception as exc:
                verdict, failed = _failure(guard, exc), True
            timings[guard.name] = (time.perf_counter() - t0) * 1000.0
            findings[guard.name] = _to_normalised(verdict.findings, masks)
            changed = changed or (verdict.allowed and not verdict.masks and verdict.text != current)
            masks += verdict.masks
            suspicious = suspicious or verdict.suspicious
            current = verdict.text
            if not verdict.allowed:
                blocked = (guard, verdict)
                break
            if verdict.message:
                notices.append(verdict.message)
        timings["total"] = (time.perf_counter() - started) * 1000.0
        pii_types = tuple(dict.fromkeys(f.kind for f in masks))
        if blocked is None:
            outcome = GuardOutcome(True, current, None, None, notices[0] if notices else None, pii_types,
                                   findings, timings, changed, suspicious=suspicious)
        else:
            guard, verdict = blocked
            outcome = GuardOutcome(False, current, guard.name, verdict.reason or "blocked",
                                   verdict.message or BLOCKED_MESSAGE, pii_types, findings, timings, changed,
                                   failed=failed, suspicious=suspicious, score=verdict.score)
        logger.info(
            "guards allowed=%s blocked_by=%s reason=%s pii=%s total_ms=%.2f",
            outcome.allowed, outcome.blocked_by, outcome.reason, ",".join(pii_types), timings["total"],
        )
        return outcome


def build_chain(pii_mode: Literal["mask", "reject"] = "mask", use_ner: bool = True) -> GuardChain:
    """The default chain; heavy models (GiNZA, Presidio engine) loaded once per process and cached."""
    from guardrails.pii.lean_imports import import_nlp_stack

    import_nlp_stack()  # before Presidio and spaCy: without torch and transformers, which they do not need here
    from guardrails.content import ContentGuard
    from guardrails.injection import InjectionGuard
    from guardrails.normalize import Normalizer
    from guardrails.pii.analyzer import japanese_analyzer
    from guardrails.pii.guard import PiiGuard

    return GuardChain([Normalizer(), PiiGuard(japanese_analyzer(use_ner), pii_mode), InjectionGuard(), ContentGuard()])
