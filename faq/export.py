"""A store written back as the YAML files of `faq/data/entries/`, so the repository can take a
change staff published in the console.

The layout is the hand-written one: one file per topic, entries in id order, fields in schema
order, answers as literal blocks, keywords on one line, a blank line between entries. Loading
the files gives the same entries, hence the same FAQ version (tested).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import yaml

from faq.loader import FaqStore
from faq.schema import FaqEntry


class _Literal(str):
    """An answer: written as a `|-` block."""


class _Flow(list[str]):
    """Keywords: written on one line."""


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the hand-written files have them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.add_representer(_Literal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _entry_data(entry: FaqEntry) -> dict[str, Any]:
    data = entry.model_dump(mode="json")
    data["reviewed"] = entry.reviewed  # a YAML date, unquoted
    data["answer"] = _Literal(data["answer"])
    data["keywords"] = _Flow(data["keywords"])
    return data


def entries_yaml(entries: list[FaqEntry]) -> str:
    """One entries file: `entries:` and the entries in id order."""
    body = yaml.dump(
        {"entries": [_entry_data(e) for e in sorted(entries, key=lambda e: e.id)]},
        Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False, indent=2,
    )
    return body.replace("\n  - id: ", "\n\n  - id: ").replace("entries:\n\n  - id: ", "entries:\n  - id: ")


def export_files(store: FaqStore) -> dict[str, str]:
    """File name -> YAML text, for every entries file of the store."""
    by_file: dict[str, list[FaqEntry]] = defaultdict(list)
    for entry in store:
        by_file[store.sources.get(entry.id, "staff.yaml")].append(entry)
    return {name: entries_yaml(entries) for name, entries in sorted(by_file.items())}
