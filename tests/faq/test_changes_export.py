"""FAQ changes as pure functions over a store, and the YAML export that gives the same version back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from faq.changes import ChangeError, apply_change, check_problems, file_for_new_entry, parse_change
from faq.export import export_files
from faq.loader import FaqStore, load_faq

DATA = Path(__file__).resolve().parents[2] / "faq" / "data"


@pytest.fixture(scope="module")
def store() -> FaqStore:
    return load_faq(DATA)


def _round_trip(store: FaqStore, folder: Path) -> FaqStore:
    (folder / "entries").mkdir(parents=True)
    for name, text in export_files(store).items():
        (folder / "entries" / name).write_text(text, encoding="utf-8")
    for name in ("synonyms.yaml", "terms.yaml"):
        shutil.copy(DATA / name, folder / name)
    return load_faq(folder)


def test_export_of_the_bundle_loads_back_as_the_same_version(store: FaqStore, tmp_path: Path) -> None:
    back = _round_trip(store, tmp_path)
    assert back.version == store.version
    assert back.sources == store.sources  # every entry stays in its own topic file


def test_added_alternates_change_the_version_and_survive_export(store: FaqStore, tmp_path: Path) -> None:
    change = parse_change({"faq_id": "js-account-007", "add_alternates": ["  合言葉を  なくした "]}, store)
    after = apply_change(store, change, "unused.yaml")
    assert after.entries["js-account-007"].alternates[-1] == "合言葉を なくした"  # spaces folded
    assert after.version != store.version and store.entries["js-account-007"] is not after.entries["js-account-007"]
    assert _round_trip(after, tmp_path).version == after.version
    with pytest.raises(ChangeError) as refused:  # the same wording twice adds nothing
        apply_change(after, change, "unused.yaml")
    assert refused.value.problems[0].field == "add_alternates"


def test_a_new_entry_goes_to_its_topic_file(store: FaqStore) -> None:
    assert file_for_new_entry(store, "js.account.login") == store.sources["js-account-007"]
    assert file_for_new_entry(store, "zz.unknown") == "staff.yaml"


def test_content_check_lines_become_named_problems() -> None:
    problems = check_problems([
        "js_account.yaml: entries[js-account-900].links[0].url: not an official domain (https://example.com/)",
        "menu.yaml: js.account.open.children: empty menu leaf (no entries and no children)",
    ])
    assert problems[0].field == "links[0].url" and "公式サイト" in problems[0].message
    assert str(problems[0]).startswith("リンク（links[0].url）")
    assert problems[1].field == "menu" and "空" in problems[1].message
