"""Prompt-injection filter: a trained classifier decides, curated patterns explain.

The classifier (guardrails.injection_model) scores the normalised text and its decoded
copies (letters joined, leetspeak, rot13, reversed, base64) and keeps the highest
calibrated probability. Three outcomes (DESIGN.md, "Guard"):

- score >= block: a confident attack, refused with a polite Japanese message (the app
  counts a strike only from 0.95 up, so the score stays a calibrated probability);
- suspicious <= score < block: answered, but only picked keywords may reach a model and
  a guardrail event is logged;
- below: clean.

Both thresholds were chosen by cross-validation and ship in the model's JSON. The
reason of a block (and of a suspicious verdict) is the strongest pattern category found
in the text or the copy that scored, or "classifier" when no pattern matched.
"""

from __future__ import annotations

from guardrails.injection_decode import copies
from guardrails.injection_model import InjectionModel, Score, shipped_model
from guardrails.injection_patterns import matches
from guardrails.pii.entities import PLACEHOLDER_RE
from guardrails.verdict import Finding, Verdict

INJECTION_MESSAGE = (
    "申し訳ありません。このご入力にはお答えできません。"
    "本サービスはハローワークインターネットサービスのご利用に関するご質問にのみお答えしており、"
    "システムの設定・指示の変更や、他の方の情報に関するご依頼はお受けしておりません。"
    "ご質問の内容を変えて、もう一度ご入力ください。"
)
CLASSIFIER = "classifier"


class InjectionGuard:
    """Blocks confident attacks, marks suspicious texts, lets the rest through (see the module doc)."""

    name = "injection"

    def __init__(self, model: InjectionModel | None = None, block: float | None = None,
                 suspicious: float | None = None) -> None:
        self.model = model or shipped_model()
        self.block = self.model.block if block is None else block
        self.suspicious = self.model.suspicious if suspicious is None else suspicious
        if not 0.0 < self.suspicious < self.block <= 1.0:
            raise ValueError("need 0 < suspicious < block <= 1")
        self.message = INJECTION_MESSAGE

    def explain(self, text: str, score: Score) -> tuple[Finding, ...]:
        """Pattern hits in the text (offsets into it), else in the copy that scored (spanning the whole text),
        then the classifier's own finding."""
        found = matches(text)
        if not found and score.copy != "text":
            copy = dict(copies(text)).get(score.copy, "")
            found = [Finding(f.kind, 0, len(text), f.score) for f in matches(copy)]
        return (*found, Finding(CLASSIFIER, 0, len(text), score.probability))

    def check(self, text: str) -> Verdict:
        """Score `text` (already normalised and masked by the chain) and decide: block, suspicious or clean.

        The placeholders of masked personal data are left out of what the classifier scores: the user
        did not type them (NFKC folds a typed ＜＞ to <>), they carry no instruction, and the model was
        never trained on them ("tel ＜電話番号＞" scored like an attack; "tel" does not)."""
        score = self.model.score(" ".join(PLACEHOLDER_RE.sub(" ", text).split()))
        if score.probability < self.suspicious:
            return Verdict(True, text, (), score.probability)
        findings = self.explain(text, score)
        reason = findings[0].kind
        if score.probability >= self.block:
            return Verdict(False, text, findings, score.probability, self.message, code=reason)
        return Verdict(True, text, findings, score.probability, code=reason, suspicious=True)
