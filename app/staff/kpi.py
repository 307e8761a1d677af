"""The KPIs of the ministry's plan, per JST day or per week (Monday to Sunday), and for the whole period.

How each figure is counted (free-text questions are turns with typed input, blocked ones included):

- 質問数: free-text questions. メニュー操作: menu steps (buttons), counted apart.
- 直接回答: questions answered with one entry. 解決: direct answers plus clarify steps where the
  user then opened one of the offered entries (see turn_facts). 解決率 = 解決 ÷ 質問数.
- 窓口案内: hand-offs (no answer). ブロック: refused input (injection, content, personal data).
- 評価率: turns that got feedback ÷ turns that could (an answer or a clarify step, menus included);
  解決した割合: 「解決した」 votes ÷ all votes.
- ラベルの正解率: turns labelled 「正しい」 ÷ labelled turns (every verdict counts in the denominator).
- 1アカウントあたりの質問数: questions ÷ accounts that asked at least one.
- 上限到達: account-days with at least the daily cap of questions (every free-text question takes
  one unit, so reaching the cap in questions is reaching it in the counter, on either backend).
- ブロックのあったアカウント: accounts with a blocked question; 利用停止の操作: bans in the audit log.
  Accounts flagged or banned *now* are a snapshot (`AccountSnapshot`), as flags carry no date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from app.staff.queries import jst_start
from app.staff.turn_facts import TurnFact, turn_facts
from app.storage.models import Account
from app.storage.repository import Repository
from app.storage.staff_models import AuditEntry
from guardrails.access import JST

PERIODS = {"day": "日ごと", "week": "週ごと"}


@dataclass
class KpiRow:
    first: date
    last: date
    questions: int = 0
    menu_steps: int = 0
    direct_answers: int = 0
    clarify: int = 0
    clarify_picked: int = 0
    handoffs: int = 0
    blocked: int = 0
    feedback_eligible: int = 0
    feedback_turns: int = 0
    helpful: int = 0
    not_helpful: int = 0
    labelled: int = 0
    labelled_correct: int = 0
    caps_hit: int = 0
    blocked_accounts: int = 0
    bans: int = 0
    accounts: set[str] = field(default_factory=set)

    @property
    def resolved(self) -> int:
        return self.direct_answers + self.clarify_picked

    @property
    def asking_accounts(self) -> int:
        return len(self.accounts)

    def share(self, part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def resolved_share(self) -> float | None:
        return self.share(self.resolved, self.questions)

    @property
    def feedback_rate(self) -> float | None:
        return self.share(self.feedback_turns, self.feedback_eligible)

    @property
    def helpful_share(self) -> float | None:
        return self.share(self.helpful, self.helpful + self.not_helpful)

    @property
    def accuracy(self) -> float | None:
        return self.share(self.labelled_correct, self.labelled)

    @property
    def per_account(self) -> float | None:
        return self.share(self.questions, self.asking_accounts)


# (attribute, Japanese heading, kind): kind "n" counts, "%" shares, "x" ratios
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("questions", "質問数（自由入力）", "n"),
    ("menu_steps", "メニュー操作", "n"),
    ("direct_answers", "直接回答", "n"),
    ("clarify", "聞き返し", "n"),
    ("clarify_picked", "聞き返しで選ばれた", "n"),
    ("resolved", "解決（直接回答＋選ばれた聞き返し）", "n"),
    ("resolved_share", "解決率", "%"),
    ("handoffs", "窓口案内", "n"),
    ("blocked", "ブロック", "n"),
    ("feedback_rate", "評価率", "%"),
    ("helpful", "「解決した」", "n"),
    ("not_helpful", "「解決しなかった」", "n"),
    ("helpful_share", "解決した割合", "%"),
    ("labelled", "ラベル付きの質問", "n"),
    ("accuracy", "ラベルの正解率", "%"),
    ("asking_accounts", "質問したアカウント", "n"),
    ("per_account", "1アカウントあたりの質問数", "x"),
    ("caps_hit", "上限到達（アカウント・日）", "n"),
    ("blocked_accounts", "ブロックのあったアカウント", "n"),
    ("bans", "利用停止の操作", "n"),
)


def formatted(row: KpiRow, attribute: str, kind: str) -> str:
    value = getattr(row, attribute)
    if kind == "n":
        return str(value)
    if value is None:
        return "—"
    return f"{100 * value:.1f}%" if kind == "%" else f"{value:.2f}"


@dataclass(frozen=True)
class AccountSnapshot:
    flagged: int
    banned: int


@dataclass
class KpiReport:
    first: date
    last: date
    period: str  # day | week
    rows: list[KpiRow]
    total: KpiRow
    accounts: AccountSnapshot


def buckets(first: date, last: date, period: str) -> list[tuple[date, date]]:
    if period == "week":
        start = first - timedelta(days=first.weekday())
        found = []
        while start <= last:
            found.append((max(start, first), min(start + timedelta(days=6), last)))
            start += timedelta(days=7)
        return found
    return [(first + timedelta(days=i),) * 2 for i in range((last - first).days + 1)]


def _add(row: KpiRow, fact: TurnFact) -> None:
    if fact.input_kind == "menu":
        row.menu_steps += 1
    else:
        row.questions += 1
        row.accounts.add(fact.account_id)
        row.direct_answers += fact.outcome == "answer"
        row.clarify += fact.outcome == "clarify"
        row.clarify_picked += fact.outcome == "clarify" and fact.picked is not None
        row.handoffs += fact.outcome == "no_answer"
        row.blocked += fact.outcome == "blocked"
        if fact.verdict:
            row.labelled += 1
            row.labelled_correct += fact.verdict == "correct"
    if fact.outcome in ("answer", "clarify"):
        row.feedback_eligible += 1
        row.feedback_turns += bool(fact.feedback)
    row.helpful += sum(v.helpful for v in fact.feedback)
    row.not_helpful += sum(not v.helpful for v in fact.feedback)


def _accounts_per_day(facts: list[TurnFact]) -> tuple[Counter[tuple[str, date]], set[tuple[str, date]]]:
    questions: Counter[tuple[str, date]] = Counter()
    blocked: set[tuple[str, date]] = set()
    for fact in facts:
        if fact.input_kind == "text":
            questions[(fact.account_id, fact.day)] += 1
            if fact.outcome == "blocked":
                blocked.add((fact.account_id, fact.day))
    return questions, blocked


def build_kpis(repository: Repository, first: date, last: date, period: str, daily_limit: int) -> KpiReport:
    facts = turn_facts(repository, first, last)
    spans = buckets(first, last, period)
    rows = [KpiRow(a, b) for a, b in spans]
    total = KpiRow(first, last)

    def row_of(day: date) -> KpiRow:
        return next(r for r in rows if r.first <= day <= r.last)

    for fact in facts:
        _add(row_of(fact.day), fact)
        _add(total, fact)
    questions, blocked = _accounts_per_day(facts)
    for (_account, day), n in questions.items():
        if daily_limit and n >= daily_limit:
            row_of(day).caps_hit += 1
            total.caps_hit += 1
    for row in [*rows, total]:
        row.blocked_accounts = len({a for a, d in blocked if row.first <= d <= row.last})
    with repository.session() as session:
        bans = session.scalars(
            select(AuditEntry.created_at).where(
                AuditEntry.action == "ban", AuditEntry.created_at >= jst_start(first),
                AuditEntry.created_at < jst_start(last + timedelta(days=1)),
            )
        ).all()
        snapshot = AccountSnapshot(
            int(session.scalar(select(func.count()).where(Account.flagged.is_(True))) or 0),
            int(session.scalar(select(func.count()).where(Account.banned.is_(True))) or 0),
        )
    for moment in bans:
        row_of(moment.astimezone(JST).date()).bans += 1
        total.bans += 1
    return KpiReport(first, last, period, rows, total, snapshot)
