from pathlib import Path

import pytest
import yaml

from app.settings import Settings
from faq.loader import FaqLoadError, load_faq

ENTRY = {
    "id": "js-test-001",
    "audience": "job_seeker",
    "menu": "js.account.login",
    "question": "パスワードを忘れたときは？",
    "alternates": ["パスワード忘れた", "パスワード 再設定", "ぱすわーど わすれた", "従業員がパスワードを忘れた"],
    "answer": "ログイン画面の「パスワードを忘れた方」から再設定してください。",
    "links": [{"title": "HWIS", "url": "https://www.hellowork.mhlw.go.jp/"}],
    "keywords": ["パスワード"],
    "source": "https://www.hellowork.mhlw.go.jp/",
    "reviewed": "2026-11-24",
}
TERMS = {"version": "v1", "title": "規約", "text": "これはテスト用の利用規約の本文です。十分な長さがあります。"}


def write(folder: Path, entries: list[dict[str, object]], name: str = "a.yaml") -> Path:
    (folder / "entries").mkdir(parents=True, exist_ok=True)
    (folder / "entries" / name).write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    (folder / "terms.yaml").write_text(yaml.safe_dump(TERMS, allow_unicode=True), encoding="utf-8")
    return folder


def test_loads_bundled_content() -> None:
    store = load_faq(Settings().faq_dir)
    assert len(store.entries) >= 30
    assert store.terms.version
    assert len(store.version) == 12


def test_version_changes_with_any_entry(tmp_path: Path) -> None:
    first = load_faq(write(tmp_path, [ENTRY]))
    second = load_faq(write(tmp_path, [{**ENTRY, "answer": ENTRY["answer"] + "（更新）"}]))
    assert first.version != second.version
    assert first.entries["js-test-001"].content_hash != second.entries["js-test-001"].content_hash


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"question": ""}, "a.yaml: entries[js-test-001].question"),
        ({"audience": "student"}, "a.yaml: entries[js-test-001].audience"),
        ({"source": "not a url"}, "a.yaml: entries[js-test-001].source"),
        ({"answer": None}, "a.yaml: entries[js-test-001].answer"),
        ({"extra": 1}, "a.yaml: entries[js-test-001].extra"),
    ],
)
def test_errors_name_file_and_field(tmp_path: Path, change: dict[str, object], expected: str) -> None:
    with pytest.raises(FaqLoadError) as info:
        load_faq(write(tmp_path, [{**ENTRY, **change}]))
    assert any(p.startswith(expected) for p in info.value.problems), info.value.problems


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, [ENTRY], "a.yaml")
    write(tmp_path, [ENTRY], "b.yaml")
    with pytest.raises(FaqLoadError) as info:
        load_faq(tmp_path)
    assert "b.yaml: entries[js-test-001].id: duplicate id (also in a.yaml)" in info.value.problems


def test_broken_yaml_is_reported(tmp_path: Path) -> None:
    write(tmp_path, [ENTRY])
    (tmp_path / "entries" / "bad.yaml").write_text("entries: [unclosed", encoding="utf-8")
    with pytest.raises(FaqLoadError) as info:
        load_faq(tmp_path)
    assert any(p.startswith("bad.yaml:") for p in info.value.problems)
