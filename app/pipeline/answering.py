"""The result of the free-text pipeline, and the masked turn it is logged as."""

from __future__ import annotations

from dataclasses import dataclass

from app.pipeline.replies import Reply
from app.storage.models import Turn
from guardrails.chain import GuardOutcome
from retrieval.selectors import Candidate, Selection


@dataclass(frozen=True)
class Answering:
    """The result of the free-text pipeline before it is stored."""

    reply: Reply
    guard: GuardOutcome
    candidates: list[Candidate]
    selection: Selection | None
    timings_ms: dict[str, float]
    faq_version: str = ""  # the FAQ version the candidates and the answer came from

    def to_turn(self, conversation_id: str, menu_path: list[str], faq_version: str) -> Turn:
        """The row stored for this question: masked text and evidence only, never raw input."""
        reply, selection, guard = self.reply, self.selection, self.guard
        return Turn(
            conversation_id=conversation_id,
            input_kind="text",
            masked_text=guard.text or None,  # a guard that failed leaves nothing of the text
            menu_path=menu_path,
            outcome=reply.kind,
            faq_id=reply.answer.faq_id if reply.answer else None,
            faq_version=faq_version,
            selector=selection.selector if selection else None,
            reason=selection.reason if selection else guard.reason,
            confidence=selection.confidence if selection else None,
            candidates=[{"faq_id": c.faq_id, "score": c.score, **c.parts} for c in self.candidates],
            suggestions=[s["faq_id"] for s in reply.suggestions if "faq_id" in s],
            guard={
                "blocked_by": guard.blocked_by,
                "reason": guard.reason,
                "pii_types": list(guard.pii_types),
                "normalisation_changed": guard.normalisation_changed,
                "failed": guard.failed,
                "suspicious": guard.suspicious,
                "findings": {name: len(found) for name, found in guard.findings.items()},
            },
            timings=self.timings_ms,
            usage=dict(selection.usage) if selection else {},
        )
