"""The PII guard: find personal data with the Japanese analyzer, mask it with typed placeholders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from presidio_analyzer import AnalyzerEngine, RecognizerResult

from guardrails.pii.entities import ALL_ENTITIES, PERSON, placeholder
from guardrails.verdict import Finding, Verdict

SCORE_THRESHOLD = 0.4
PII_REJECT_MESSAGE = (
    "ご入力に個人情報（氏名・電話番号・マイナンバーなど）が含まれているため、お受けできませんでした。"
    "利用規約のとおり、個人情報を含めずにもう一度ご入力ください。"
)


def pii_notice(types: Sequence[str]) -> str:
    """The notice shown when personal data was masked, naming what was removed."""
    names = "・".join(placeholder(t).strip("＜＞") for t in types)
    return (
        f"ご入力に含まれていた個人情報（{names}）は、記録やAIに渡す前に削除しました。"
        "利用規約のとおり、氏名・連絡先・各種番号などの個人情報は入力しないでください。"
    )


@dataclass(frozen=True)
class Replacement:
    """One masked span: offsets in the input text and in the masked text."""

    start: int
    end: int
    entity: str
    masked_start: int
    masked_end: int


Span = tuple[int, int, str, float]


def _union(results: Sequence[RecognizerResult]) -> list[Span]:
    """Overlapping detections become one span (their union) typed by the best-scoring one."""
    merged: list[Span] = []
    for r in sorted(results, key=lambda r: (r.start, -r.end)):
        if merged and r.start < merged[-1][1]:
            start, end, entity, score = merged[-1]
            if r.score > score:
                entity, score = r.entity_type, r.score
            merged[-1] = (start, max(end, r.end), entity, score)
        else:
            merged.append((r.start, r.end, r.entity_type, r.score))
    return merged


def _outside(span: Span, taken: Sequence[Span]) -> list[Span]:
    """The parts of `span` that no span of `taken` covers."""
    pieces = [span]
    for t_start, t_end, _, _ in taken:
        rest: list[Span] = []
        for start, end, entity, score in pieces:
            if t_end <= start or end <= t_start:
                rest.append((start, end, entity, score))
                continue
            if start < t_start:
                rest.append((start, t_start, entity, score))
            if t_end < end:
                rest.append((t_end, end, entity, score))
        pieces = rest
    return pieces


def merge_results(results: Sequence[RecognizerResult], text: str = "") -> list[Span]:
    """Non-overlapping (start, end, entity, score) spans, in order.

    Structured identifiers that overlap become one span typed by the best-scoring one.
    A structured identifier wins over a person name where they overlap: the name keeps
    only the parts outside it, trimmed to their letters, kana and kanji (a bare separator
    left between two numbers goes).
    """
    structured = _union([r for r in results if r.entity_type != PERSON])
    names: list[Span] = []
    for span in _union([r for r in results if r.entity_type == PERSON]):
        for start, end, entity, score in _outside(span, structured):
            if text and span[:2] != (start, end):  # a piece left over: trim it, keep it if it has letters
                while start < end and not text[start].isalpha():
                    start += 1
                while end > start and not text[end - 1].isalpha():
                    end -= 1
            if start < end:
                names.append((start, end, entity, score))
    return sorted(structured + names)


def mask(text: str, spans: Sequence[tuple[int, int, str, float]]) -> tuple[str, list[Replacement]]:
    """Replace each span with its placeholder; return the masked text and the replacements."""
    out: list[str] = []
    replacements: list[Replacement] = []
    cursor = 0
    length = 0
    for start, end, entity, _ in spans:
        out.append(text[cursor:start])
        length += start - cursor
        token = placeholder(entity)
        replacements.append(Replacement(start, end, entity, length, length + len(token)))
        out.append(token)
        length += len(token)
        cursor = end
    out.append(text[cursor:])
    return "".join(out), replacements


class PiiGuard:
    """Masks personal data (mode "mask", the default) or refuses the input (mode "reject")."""

    name = "pii"

    def __init__(self, analyzer: AnalyzerEngine, mode: Literal["mask", "reject"] = "mask",
                 threshold: float = SCORE_THRESHOLD) -> None:
        if mode not in ("mask", "reject"):
            raise ValueError(f"pii mode must be 'mask' or 'reject', not {mode!r}")
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.analyzer = analyzer
        self.mode = mode
        self.threshold = threshold

    def detect(self, text: str) -> list[tuple[int, int, str, float]]:
        """Merged (start, end, entity, score) spans of personal data in normalised `text`."""
        if not text.strip():
            return []
        results = self.analyzer.analyze(text, language="ja", entities=list(ALL_ENTITIES),
                                        score_threshold=self.threshold)
        return merge_results(results, text)

    def mask_text(self, text: str) -> tuple[str, list[Replacement], tuple[Finding, ...]]:
        """Masked text, replacements and findings (offsets in `text`)."""
        spans = self.detect(text)
        masked, replacements = mask(text, spans)
        findings = tuple(Finding(entity, start, end, score) for start, end, entity, score in spans)
        return masked, replacements, findings

    def check(self, text: str) -> Verdict:
        """Mask (allowed) or reject (not allowed) when personal data is found."""
        masked, _, findings = self.mask_text(text)
        score = max((f.score for f in findings), default=0.0)
        if findings and self.mode == "reject":
            return Verdict(False, masked, findings, score, PII_REJECT_MESSAGE, findings, code="pii_rejected")
        notice = pii_notice(tuple(dict.fromkeys(f.kind for f in findings))) if findings else None
        return Verdict(True, masked, findings, score, notice, findings)
