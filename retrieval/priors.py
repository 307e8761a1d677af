"""Priors on fused retrieval scores: the user's audience and menu scope are evidence, not walls.

Every entry stays reachable. An entry of the *other* audience (a job seeker's question landing on
the employer's version of a topic) loses `audience_penalty` from its fused score, so it needs
clearly stronger evidence to win; entries under the menu node the user is in gain `scope_bonus`,
so a typed question prefers the branch the user chose but still finds an answer elsewhere. The
audience comes from the conversation (the page's choice, the JWT role) or, failing that, from
the question's own wording (求人を出したい is an employer); `infer_audience` needs a cue of one
side and none of the other, and is worth half the penalty of a declared audience.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from retrieval.hits import Hit

AUDIENCES = ("job_seeker", "employer")
# Wording only one side uses about itself (written from the HWIS service descriptions, not from questions).
_EMPLOYER = re.compile(
    r"求人を(?:出|申|提出|掲載|公開|登録|取り?消|取り?下|変更|延長|再開)|求人票を(?:出|作|書|提出)|求人者|事業主|事業所|"
    r"採用(?:し|する|したい|予定|担当|活動)|従業員|社員を|雇い入れ|雇用した|人を雇|助成金|応募者|求職者を(?:探|検索)|"
    r"リクエスト|選考結果を(?:入力|登録)|資格取得届|資格喪失届|離職証明書|人事|弊社|当社"
)
_JOB_SEEKER = re.compile(
    r"仕事を探|職を探|求職者マイページ|求職登録|求職番号|応募(?:し|する|したい|した)|転職|就職|失業|退職|離職票|"
    r"会社を(?:辞|やめ|クビ)|基本手当|失業保険|失業手当|認定日|紹介状|職業訓練|面接を受|内定"
)


@dataclass(frozen=True)
class Priors:
    """How much the audience and the menu scope move a fused score (fused-score units)."""

    audience_penalty: float = 0.35
    inferred_share: float = 0.5
    scope_bonus: float = 0.25

    def __post_init__(self) -> None:
        if min(self.audience_penalty, self.inferred_share, self.scope_bonus) < 0 or self.inferred_share > 1:
            raise ValueError("priors must be non-negative (inferred_share at most 1)")


def infer_audience(text: str) -> str | None:
    """job_seeker or employer when the wording names one side only, else None."""
    employer, seeker = bool(_EMPLOYER.search(text)), bool(_JOB_SEEKER.search(text))
    if employer == seeker:
        return None
    return "employer" if employer else "job_seeker"


def apply_priors(
    hits: Sequence[Hit],
    audience_of: Mapping[str, str],
    audience: str | None,
    in_scope: Collection[str] | None,
    text: str = "",
    priors: Priors = Priors(),
) -> list[Hit]:
    """Hits re-ranked by score + scope bonus - other-audience penalty; the parts record both."""
    penalty = priors.audience_penalty
    if audience not in AUDIENCES:
        audience = infer_audience(text)
        penalty *= priors.inferred_share
    other = None if audience is None else AUDIENCES[1 - AUDIENCES.index(audience)]
    moved = []
    for hit in hits:
        is_other = other is not None and audience_of.get(hit.doc_id) == other
        scoped = in_scope is not None and hit.doc_id in in_scope
        score = hit.score - penalty * is_other + priors.scope_bonus * scoped
        parts = {**hit.parts, "other_audience": float(is_other), "in_scope": float(scoped)}
        moved.append(replace(hit, score=score, parts=parts))
    return sorted(moved, key=lambda h: (-h.score, h.doc_id))
