from pathlib import Path

import yaml

from app.settings import Settings
from faq.loader import load_faq
from faq.validator import is_official
from menus.tree import load_menu
from menus.validator import stats, validate
from tests.faq.test_loader import ENTRY, write


def test_bundled_content_is_clean() -> None:
    settings = Settings()
    store = load_faq(settings.faq_dir)
    menu = load_menu(settings.menu_file, store)
    assert validate(store, menu) == []
    counts = stats(store, menu)
    assert counts["unreachable"] == 0 and counts["alternates_min"] >= 4


def test_is_official() -> None:
    assert is_official("https://www.hellowork.mhlw.go.jp/member/")
    assert is_official("https://www.mhlw.go.jp/")
    assert not is_official("http://www.mhlw.go.jp/")
    assert not is_official("https://mhlw.go.jp.evil.example/")
    assert not is_official("https://example.com/?u=mhlw.go.jp")


def test_reports_unreachable_duplicates_links_and_empty_leaves(tmp_path: Path) -> None:
    twin = {**ENTRY, "id": "js-test-002"}
    lost = {
        **ENTRY,
        "id": "js-test-003",
        "question": "別の質問です？",
        "menu": "nowhere",
        "links": [{"title": "x", "url": "https://example.com/"}],
    }
    write(tmp_path, [ENTRY, twin, lost])
    menu_file = tmp_path / "menu.yaml"
    menu_file.write_text(
        yaml.safe_dump(
            {
                "id": "root",
                "label": "top",
                "children": [
                    {
                        "id": "js",
                        "label": "js",
                        "children": [
                            {"id": "js.account.login", "label": "login"},
                            {"id": "js.empty", "label": "empty"},
                        ],
                    }
                ],
            },
            allow_unicode=True,
        )
    )
    store = load_faq(tmp_path)
    problems = validate(store, load_menu(menu_file, store))
    joined = "\n".join(problems)
    assert "entries[js-test-003].menu: unknown menu node 'nowhere'" in joined
    assert "entries[js-test-002].question: same question as js-test-001" in joined
    assert "entries[js-test-003].links[0].url: not an official domain" in joined
    assert "js.empty.children: empty menu leaf" in joined
