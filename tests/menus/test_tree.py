import pytest

from app.settings import Settings
from faq.loader import load_faq
from menus.tree import UnknownMenuNode, load_menu


@pytest.fixture(scope="module")
def tree():  # type: ignore[no-untyped-def]
    settings = Settings()
    store = load_faq(settings.faq_dir)
    return load_menu(settings.menu_file, store), store


def test_every_entry_has_a_leaf_under_its_menu(tree) -> None:  # type: ignore[no-untyped-def]
    menu, store = tree
    for entry in store:
        leaf = menu.get(f"faq.{entry.id}")
        assert leaf.faq_id == entry.id and leaf.parent == entry.menu
        assert menu.scopes_of(entry.id) >= {"root", entry.menu}


def test_paths_and_subtrees(tree) -> None:  # type: ignore[no-untyped-def]
    menu, store = tree
    assert [n.id for n in menu.path("js.account.login")] == ["root", "js", "js.account", "js.account.login"]
    under_js = menu.faq_ids_under("js")
    assert under_js and all(store.entries[i].menu.startswith("js.") for i in under_js)
    assert menu.faq_ids_under("root") == set(store.entries)


def test_topics_offer_free_text(tree) -> None:  # type: ignore[no-untyped-def]
    menu, _ = tree
    assert all(menu.get(t).ask for t in ("js", "js.account", "em.offer", "about"))


def test_unknown_node(tree) -> None:  # type: ignore[no-untyped-def]
    menu, _ = tree
    with pytest.raises(UnknownMenuNode):
        menu.get("nope")
