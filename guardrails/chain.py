"""One timed chain over the guards: normalise, mask PII, check injection, check content.

The chain stops at the first guard that blocks. Its output text is the normalised
text with personal data replaced by typed placeholders — the only text that may be
stored, logged or sent on. Findings of the guards after the PII mask are mapped back
to offsets in the normalised text.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from guardrails.errors import InputBlocked
from guardrails.pii.entities import PLACEHOLDERS, placeholder
from guardrails.verdict import Finding, Guard, Verdict

logger = logging.getLogger(__name__)

PII_REJECT_MESSAGE = (
    "ご入力に個人情報（氏名・電話番号・マイナンバーなど）が含まれているため、お受けできませんでした。"
    "利用規約のとおり、個人情報を含めずにもう一度ご入力ください。"
)
BLOCKED_MESSAGE = "申し訳ありません。このご入力にはお答えできません。"


def pii_notice(types: Sequence[str]) -> str:
    """The notice shown when personal data was masked, naming what was removed."""
    names = "・".join(placeholder(t).strip("＜＞") for t in types)
    return (
        f"ご入力に含まれていた個人情報（{names}）は、記録やAIに渡す前に削除しました。"
        "利用規約のとおり、氏名・連絡先・各種番号などの個人情報は入力しないでください。"
    )


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

    def raise_if_blocked(self) -> None:
        """Raise InputBlocked for callers that prefer exceptions."""
        if not self.allowed:
            raise InputBlocked(self.reason or "blocked", self.message or BLOCKED_MESSAGE, self.blocked_by)


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
        pii_masks: tuple[Finding, ...] = ()
        changed = False
        blocked: tuple[Guard, Verdict] | None = None
        for guard in self.guards:
            t0 = time.perf_counter()
            verdict = guard.check(current)
            timings[guard.name] = (time.perf_counter() - t0) * 1000.0
            if guard.name == "normalize":
                changed = verdict.text != current
            if guard.name == "pii":
                pii_masks = tuple(f for f in verdict.findings if f.kind in PLACEHOLDERS)
                findings[guard.name] = verdict.findings
            else:
                findings[guard.name] = _to_normalised(verdict.findings, pii_masks)
            current = verdict.text
            if not verdict.allowed:
                blocked = (guard, verdict)
                break
        timings["total"] = (time.perf_counter() - started) * 1000.0
        pii_types = tuple(dict.fromkeys(f.kind for f in pii_masks))
        if blocked is None:
            message = pii_notice(pii_types) if pii_types else None
            outcome = GuardOutcome(True, current, None, None, message, pii_types, findings, timings, changed)
        else:
            guard, verdict = blocked
            reason = "pii_rejected" if guard.name == "pii" else verdict.reason or "blocked"
            outcome = GuardOutcome(False, current, guard.name, reason, self._message(guard, verdict), pii_types,
                                   findings, timings, changed)
        logger.info(
            "guards allowed=%s blocked_by=%s reason=%s pii=%s total_ms=%.2f",
            outcome.allowed, outcome.blocked_by, outcome.reason, ",".join(pii_types), timings["total"],
        )
        return outcome

    @staticmethod
    def _message(guard: Guard, verdict: Verdict) -> str:
        if guard.name == "pii":
            return PII_REJECT_MESSAGE
        message_for = getattr(guard, "message_for", None)
        if callable(message_for):
            message = message_for(verdict)
            if isinstance(message, str):
                return message
        message = getattr(guard, "message", None)
        return message if isinstance(message, str) else BLOCKED_MESSAGE


def build_chain(pii_mode: Literal["mask", "reject"] = "mask", use_ner: bool = True) -> GuardChain:
    """The default chain; heavy models (GiNZA, Presidio engine) loaded once per process and cached."""
    from guardrails.content import ContentGuard
    from guardrails.injection import InjectionGuard
    from guardrails.normalize import Normalizer
    from guardrails.pii.analyzer import japanese_analyzer
    from guardrails.pii.guard import PiiGuard

    return GuardChain([Normalizer(), PiiGuard(japanese_analyzer(use_ner), pii_mode), InjectionGuard(), ContentGuard()])
