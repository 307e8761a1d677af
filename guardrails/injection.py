"""Prompt-injection filter: curated patterns over the normalised text and two harder-to-fool copies.

The copies undo tricks that survive NFKC: letters spaced out or split by punctuation
("i g n o r e", "無.視"), and leetspeak ("1gn0r3"). A blocked question is answered with
a polite Japanese refusal; the orchestrator records the event and the account's strike.
"""

from __future__ import annotations

import regex

from guardrails.injection_patterns import BLOCK_THRESHOLD, COMPILED
from guardrails.verdict import Finding, Verdict

INJECTION_MESSAGE = (
    "申し訳ありません。このご入力にはお答えできません。"
    "本サービスはハローワークインターネットサービスのご利用に関するご質問にのみお答えしており、"
    "システムの設定・指示の変更や、他の方の情報に関するご依頼はお受けしておりません。"
    "ご質問の内容を変えて、もう一度ご入力ください。"
)
_SEPARATORS = regex.compile(r"[\s\-_.*·•|/\\~^`'\"+,:;・]+")
_SPACED_OUT = regex.compile(r"(?:(?<!\w)\w[\s\-_.*·•|/\\~^`'\"+,:;・]+){3,}\w(?!\w)")
_LEETED = regex.compile(r"[a-z][0134578@$!][a-z0-9]|[0134578@$][a-z]{2}")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
                       "!": "i"})
# Copies are made only for the categories whose words can be split or disguised; markup, encodings and
# data requests are matched on the text as it is (a compact copy would glue words into false "payloads").
TRICK_CATEGORIES = frozenset(
    {"instruction_override", "role_change", "prompt_extraction", "jailbreak", "data_exfiltration"}
)


def variants(text: str) -> list[tuple[str, bool]]:
    """(copy, all categories?): the text; without whitespace and without separators when characters are
    spaced out; de-leeted when digits stand for letters. Only the text and its whitespace-free copy are
    checked for every category."""
    out = [(text, True)]
    if _SPACED_OUT.search(text):
        out.append((regex.sub(r"\s+", "", text), True))
        out.append((_SEPARATORS.sub("", text), False))
    if _LEETED.search(text):
        out.append((text.translate(_LEET), False))
    return out


class InjectionGuard:
    """Blocks instruction override, role change, prompt extraction, jailbreak personas,
    delimiter/markup injection, encoded payloads and requests for other users' data or secrets."""

    name = "injection"

    def __init__(self, threshold: float = BLOCK_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.message = INJECTION_MESSAGE

    def scan(self, text: str) -> list[Finding]:
        """Every pattern hit, best weight per category; offsets refer to `text` (whole text for copies)."""
        best: dict[str, Finding] = {}
        for index, (variant, every_category) in enumerate(variants(text)):
            for category, weight, pattern in COMPILED:
                if not every_category and category not in TRICK_CATEGORIES:
                    continue
                if category in best and best[category].score >= weight:
                    continue
                match = pattern.search(variant)
                if match is None:
                    continue
                start, end = match.span() if index == 0 else (0, len(text))
                best[category] = Finding(category, start, end, weight)
        return sorted(best.values(), key=lambda f: -f.score)

    def check(self, text: str) -> Verdict:
        """Block when the combined score of the categories found reaches the threshold."""
        findings = self.scan(text)
        remaining = 1.0
        for finding in findings:
            remaining *= 1.0 - finding.score
        score = 1.0 - remaining
        allowed = score < self.threshold
        return Verdict(allowed, text, tuple(findings), score, None if allowed else self.message)
