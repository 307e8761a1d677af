"""Changes to the FAQ that staff draft in the console: parsed, applied to a store, checked.

A change is one of four kinds:

- `new`: a full entry whose id is not in the FAQ yet;
- `edit`: a full entry replacing the one with the same id;
- `add_alternates`: more ways people ask an existing entry (`{"faq_id", "add_alternates": [...]}`);
- `retire`: an entry taken out of the FAQ (`{"faq_id", "retire": true}`); its id is never reused.

Everything here is pure: a change applied to a store gives a new store (stores never change),
which the same checks as the YAML files then judge (`faq.validator` and `menus.validator`). A
problem is reported as a `ChangeProblem` naming the field in the console's words (質問, 回答, …) and
in the schema's (`answer`, `alternates[2]`), so a reviewer knows what to fix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from faq.loader import FaqStore
from faq.schema import FaqEntry

ChangeKind = Literal["new", "edit", "add_alternates", "retire"]

FIELD_LABELS = {
    "id": "ID", "audience": "対象", "menu": "メニュー", "question": "質問", "alternates": "言い換え",
    "answer": "回答", "links": "リンク", "title": "表示名", "url": "URL", "keywords": "キーワード",
    "source": "出典", "reviewed": "確認日", "faq_id": "対象のFAQ", "add_alternates": "追加する言い換え",
    "retire": "廃止",
}
# pydantic's error types in the console's words (anything else keeps pydantic's own message).
ERROR_WORDS = {
    "missing": "入力してください",
    "string_too_short": "短すぎます（{min_length}文字以上）",
    "string_too_long": "長すぎます（{max_length}文字以内）",
    "string_type": "文字で入力してください",
    "string_pattern_mismatch": "使えない文字が含まれています（半角英小文字・数字・ハイフン）",
    "enum": "次のどれかを選んでください: {expected}",
    "url_parsing": "URLの形になっていません",
    "url_scheme": "https:// で始まるURLにしてください",
    "date_from_datetime_parsing": "日付は YYYY-MM-DD の形で入力してください",
    "date_parsing": "日付は YYYY-MM-DD の形で入力してください",
    "date_type": "日付は YYYY-MM-DD の形で入力してください",
    "extra_forbidden": "この項目は使えません",
    "list_type": "一覧で入力してください",
    "too_short": "少なくとも{min_length}件入力してください",
}
MAX_NEW_ALTERNATES = 50
MAX_TEXT = 2000
# Wordings taken from users' questions are masked (＜氏名＞, ＜電話番号＞): such a wording is not how
# anyone asks, and a placeholder must never become part of the vetted content.
PLACEHOLDER = re.compile(r"[＜<][^＞>]{1,20}[＞>]")
PLACEHOLDER_WORDS = "伏せ字（＜…＞）を含む文は登録できません。伏せ字を除いて書き直してください"
# Control and invisible format characters (anything of category C but newline and tab) have no place in
# vetted text: they would be shown to users verbatim, and some databases refuse them (NUL).
CONTROL_WORDS = "制御文字や見えない文字が含まれています。取り除いてください"


def has_control(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("C") and ch not in "\n\t" for ch in text)


@dataclass(frozen=True)
class ChangeProblem:
    """One problem with a draft: the field (schema path), its label, and what is wrong."""

    field: str
    message: str

    @property
    def label(self) -> str:
        head = re.split(r"[.\[]", self.field, maxsplit=1)[0]
        return f"{FIELD_LABELS.get(head, head)}（{self.field}）" if self.field else "下書き"

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class ChangeError(ValueError):
    """A draft that cannot be taken; `problems` says which fields and why."""

    def __init__(self, problems: list[ChangeProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class FaqChange:
    kind: ChangeKind
    faq_id: str
    entry: FaqEntry | None = None
    add_alternates: tuple[str, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        """A line for version lists and the audit log (ids and counts only)."""
        if self.kind == "add_alternates":
            return f"言い換えを{len(self.add_alternates)}件追加: {self.faq_id}"
        words = {"new": "新しいエントリ", "edit": "エントリの修正", "retire": "エントリの廃止"}[self.kind]
        return f"{words}: {self.faq_id}"

    def payload(self) -> dict[str, Any]:
        """The draft as stored and as posted to the staff API."""
        if self.entry is not None:
            return self.entry.model_dump(mode="json")
        if self.kind == "retire":
            return {"faq_id": self.faq_id, "retire": True}
        return {"faq_id": self.faq_id, "add_alternates": list(self.add_alternates)}


def _pydantic_problems(exc: ValidationError, prefix: str = "") -> list[ChangeProblem]:
    out = []
    for err in exc.errors():
        where = prefix
        for part in err["loc"]:
            where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
        words = ERROR_WORDS.get(err["type"])
        context = err.get("ctx") or {}
        out.append(ChangeProblem(where, words.format(**context) if words else err["msg"]))
    return out


def _texts_problems(name: str, texts: list[Any]) -> list[ChangeProblem]:
    problems = []
    for position, text in enumerate(texts):
        where = f"{name}[{position}]"
        if not isinstance(text, str) or not text.strip():
            problems.append(ChangeProblem(where, "空の言い換えは登録できません"))
        elif len(text) > MAX_TEXT:
            problems.append(ChangeProblem(where, f"長すぎます（{MAX_TEXT}文字以内）"))
        elif PLACEHOLDER.search(text):
            problems.append(ChangeProblem(where, PLACEHOLDER_WORDS))
        elif has_control(text):
            problems.append(ChangeProblem(where, CONTROL_WORDS))
    return problems


def parse_change(payload: Any, store: FaqStore) -> FaqChange:
    """The change a draft payload asks for, checked against `store`; raise ChangeError otherwise."""
    if not isinstance(payload, dict):
        raise ChangeError([ChangeProblem("", "エントリ全体か、faq_id と add_alternates（または retire）を送ります")])
    if "add_alternates" in payload or "retire" in payload:
        return _parse_partial(payload, store)
    try:
        entry = FaqEntry.model_validate(payload)
    except ValidationError as exc:
        raise ChangeError(_pydantic_problems(exc)) from exc
    problems = _texts_problems("alternates", list(entry.alternates))
    if PLACEHOLDER.search(entry.question):
        problems.append(ChangeProblem("question", PLACEHOLDER_WORDS))
    texts = {"question": entry.question, "answer": entry.answer, "menu": entry.menu,
             **{f"keywords[{i}]": k for i, k in enumerate(entry.keywords)},
             **{f"links[{i}].title": link.title for i, link in enumerate(entry.links)}}
    problems += [ChangeProblem(name, CONTROL_WORDS) for name, text in texts.items() if has_control(text)]
    if problems:
        raise ChangeError(problems)
    return FaqChange("edit" if entry.id in store.entries else "new", entry.id, entry)


def _parse_partial(payload: dict[str, Any], store: FaqStore) -> FaqChange:
    extra = sorted(set(payload) - {"faq_id", "add_alternates", "retire"})
    problems = [ChangeProblem(name, "この項目は使えません") for name in extra]
    faq_id = payload.get("faq_id")
    if not isinstance(faq_id, str) or faq_id not in store.entries:
        problems.append(ChangeProblem("faq_id", "公開中のFAQにないIDです"))
    if "retire" in payload:
        if payload["retire"] is not True or "add_alternates" in payload:
            problems.append(ChangeProblem("retire", "廃止は true のみ。言い換えの追加とは別の下書きにしてください"))
        if problems:
            raise ChangeError(problems)
        return FaqChange("retire", str(faq_id))
    texts = payload.get("add_alternates")
    if not isinstance(texts, list) or not texts:
        problems.append(ChangeProblem("add_alternates", "追加する言い換えを1件以上入力してください"))
        texts = []
    elif len(texts) > MAX_NEW_ALTERNATES:
        problems.append(ChangeProblem("add_alternates", f"一度に追加できるのは{MAX_NEW_ALTERNATES}件までです"))
    problems += _texts_problems("add_alternates", texts)
    if problems:
        raise ChangeError(problems)
    return FaqChange("add_alternates", str(faq_id), add_alternates=tuple(" ".join(t.split()) for t in texts))


def apply_change(store: FaqStore, change: FaqChange, new_file: str) -> FaqStore:
    """The store with `change` made (a new store). `new_file`: the YAML file a new entry goes to."""
    entries = dict(store.entries)
    sources = dict(store.sources)
    current = entries.get(change.faq_id)
    if change.kind in ("edit", "add_alternates", "retire") and current is None:
        raise ChangeError([ChangeProblem("faq_id", "公開中のFAQにないIDです（別の変更で廃止された可能性があります）")])
    if change.kind == "new":
        if current is not None:
            raise ChangeError([ChangeProblem("id", "このIDはすでに使われています")])
        assert change.entry is not None
        entries[change.faq_id] = change.entry
        sources[change.faq_id] = new_file
    elif change.kind == "edit":
        assert change.entry is not None
        entries[change.faq_id] = change.entry
    elif change.kind == "retire":
        del entries[change.faq_id]
        del sources[change.faq_id]
    else:
        assert current is not None
        known = {" ".join(t.split()) for t in current.search_texts()}
        added = [t for t in dict.fromkeys(change.add_alternates) if t not in known]
        if not added:
            raise ChangeError([ChangeProblem("add_alternates", "どの言い換えもすでに登録されています")])
        entries[change.faq_id] = current.model_copy(update={"alternates": [*current.alternates, *added]})
    return FaqStore(entries, store.synonyms, store.terms, sources)


def file_for_new_entry(store: FaqStore, menu: str) -> str:
    """The YAML file a new entry belongs in: where most entries of the same menu topic live."""
    counts: dict[str, int] = {}
    topic = ".".join(menu.split(".")[:2])
    for entry in store:
        if ".".join(entry.menu.split(".")[:2]) == topic and entry.id in store.sources:
            counts[store.sources[entry.id]] = counts.get(store.sources[entry.id], 0) + 1
    return max(sorted(counts), key=lambda name: counts[name]) if counts else "staff.yaml"


# The content checks' messages (faq.validator, menus.validator) in the console's words.
CHECK_WORDS = (
    ("same question as", "同じ質問のエントリがすでにあります（{rest}）"),
    ("repeats the question or another alternate", "質問や他の言い換えと重複しています"),
    ("not an official domain", "公式サイト（mhlw.go.jp など）のURLにしてください"),
    ("at least one official link is required", "公式ページへのリンクを1件以上入れてください"),
    ("at least one keyword is required", "キーワードを1件以上入れてください"),
    ("unknown menu node", "メニューにない項目です"),
    ("empty menu leaf", "この変更でメニューの項目が空になります（先に別のエントリをその項目に置いてください）"),
)
_CHECK_LINE = re.compile(r"^[^:]*: (?:entries\[(?P<id>[^\]]+)\]\.)?(?P<field>[^:]*): (?P<message>.*)$")


def check_problems(lines: list[str]) -> list[ChangeProblem]:
    """`faq.validator`/`menus.validator` lines ('file: entries[id].field: message') as problems."""
    out = []
    for line in lines:
        found = _CHECK_LINE.match(line)
        if found is None:
            out.append(ChangeProblem("", line))
            continue
        message = found["message"]
        for english, words in CHECK_WORDS:
            if message.startswith(english):
                message = words.format(rest=message[len(english):].strip(" ()"))
                break
        where = found["field"].strip()
        out.append(ChangeProblem(where if found["id"] else "menu", message))
    return out
