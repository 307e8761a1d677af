"""Load the FAQ, synonyms and terms from YAML; name the file and field of any error."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from faq.schema import FaqEntry, Synonym


class FaqLoadError(ValueError):
    """A content file is missing, unreadable or invalid; `problems` lists file: field: message."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Terms(BaseModel):
    """The terms of use users consent to; a new `version` needs fresh consent."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    text: str = Field(min_length=20)


@dataclass(frozen=True)
class FaqStore:
    """The loaded content: entries by id, synonyms, terms and the FAQ version."""

    entries: dict[str, FaqEntry]
    synonyms: list[Synonym]
    terms: Terms
    sources: dict[str, str] = field(default_factory=dict)  # entry id -> file it came from

    @cached_property
    def version(self) -> str:
        """Hash over every entry's content hash, in id order (first 12 hex digits).

        Computed once: a loaded store never changes (a content change is a new store).
        """
        digest = hashlib.sha256()
        for entry_id in sorted(self.entries):
            digest.update(f"{entry_id}:{self.entries[entry_id].content_hash};".encode())
        return digest.hexdigest()[:12]

    def synonym_map(self) -> dict[str, list[str]]:
        return {s.canonical: list(s.variants) for s in self.synonyms}

    def __iter__(self) -> Iterator[FaqEntry]:
        return iter(self.entries.values())


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: {exc}")
        return None


def _describe(path: Path, prefix: str, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        location = ".".join(str(part) for part in err["loc"])
        out.append(f"{path.name}: {prefix}{'.' if location else ''}{location}: {err['msg']}")
    return out


def load_entries(folder: Path, problems: list[str]) -> tuple[dict[str, FaqEntry], dict[str, str]]:
    entries: dict[str, FaqEntry] = {}
    sources: dict[str, str] = {}
    files = sorted(folder.glob("*.yaml"))
    if not files:
        problems.append(f"{folder}: no FAQ files (*.yaml)")
    for path in files:
        data = _read_yaml(path, problems)
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            problems.append(f"{path.name}: entries: expected a list under the key 'entries'")
            continue
        for position, raw in enumerate(data["entries"]):
            label = raw.get("id", f"#{position}") if isinstance(raw, dict) else f"#{position}"
            try:
                entry = FaqEntry.model_validate(raw)
            except ValidationError as exc:
                problems.extend(_describe(path, f"entries[{label}]", exc))
                continue
            if entry.id in entries:
                problems.append(f"{path.name}: entries[{entry.id}].id: duplicate id (also in {sources[entry.id]})")
                continue
            entries[entry.id] = entry
            sources[entry.id] = path.name
    return entries, sources


def load_faq(data_dir: Path) -> FaqStore:
    """Load `entries/*.yaml`, `synonyms.yaml` and `terms.yaml` under `data_dir`."""
    problems: list[str] = []
    entries, sources = load_entries(data_dir / "entries", problems)
    synonyms: list[Synonym] = []
    syn_path = data_dir / "synonyms.yaml"
    raw_syn = _read_yaml(syn_path, problems) if syn_path.exists() else {"synonyms": []}
    for position, raw in enumerate((raw_syn or {}).get("synonyms", [])):
        try:
            synonyms.append(Synonym.model_validate(raw))
        except ValidationError as exc:
            problems.extend(_describe(syn_path, f"synonyms[{position}]", exc))
    terms_path = data_dir / "terms.yaml"
    terms: Terms | None = None
    raw_terms = _read_yaml(terms_path, problems)
    if raw_terms is not None:
        try:
            terms = Terms.model_validate(raw_terms)
        except ValidationError as exc:
            problems.extend(_describe(terms_path, "", exc))
    if problems or terms is None:
        raise FaqLoadError(problems or [f"{terms_path.name}: missing"])
    return FaqStore(entries, synonyms, terms, sources)
