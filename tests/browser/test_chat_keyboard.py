"""The consent gate, and a whole conversation with the keyboard only (focus always visible)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Server, open_page
from tests.browser.helpers import assert_focus_visible, check_state, focused, tab_until


def test_consent_gate(page: Any) -> None:
    page.goto("/")
    dialog = page.locator("#consent")
    assert dialog.evaluate("d => d.open")
    assert focused(page)["inDialog"], "focus starts inside the consent dialog"
    assert page.locator("#question").is_disabled() and page.locator("#send").is_disabled()
    assert page.locator(".choices [data-menu]").first.is_disabled()
    check_state(page, "chat-01-consent-dialog")

    page.keyboard.press("Escape")  # declining (Esc) closes the dialog but keeps the service locked
    assert not dialog.evaluate("d => d.open")
    assert "同意いただけない場合" in page.locator("#page-alert").inner_text()
    assert page.locator("#question").is_disabled()
    assert focused(page)["text"] == "利用規約をもう一度表示する"
    check_state(page, "chat-02-consent-declined")

    page.keyboard.press("Enter")
    assert dialog.evaluate("d => d.open")
    tab_until(page, "e.id === 'consent-agree'")
    page.keyboard.press("Enter")
    page.locator("#question:not([disabled])").wait_for()
    assert not dialog.evaluate("d => d.open")
    assert focused(page)["menu"] == "js", "focus moves to the first audience choice"
    page.reload()  # consent is remembered for this browser
    assert not page.locator("#consent").evaluate("d => d.open")
    assert page.locator("#question").is_enabled()


def test_full_conversation_by_keyboard_only(page: Any) -> None:
    page.goto("/")
    tab_until(page, "e.id === 'consent-agree'")
    page.keyboard.press("Enter")
    page.locator("#question:not([disabled])").wait_for()
    check_state(page, "chat-03-ready")

    # audience -> topic -> sub-topic -> FAQ question: Enter on each button, focus follows the new card
    page.keyboard.press("Enter")
    page.locator("#log .msg-menu").first.wait_for()
    assert assert_focus_visible(page)["tag"] == "H3"
    assert page.locator(".choices [data-menu='js']").get_attribute("aria-pressed") == "true"
    check_state(page, "chat-04-menu")
    for depth in (2, 3):
        tab_until(page, "e.closest('.msg-menu:last-child') && e.hasAttribute('data-menu')")
        page.keyboard.press("Enter")
        page.locator("#log .msg-menu").nth(depth - 1).wait_for()
    tab_until(page, "e.closest('.msg-menu:last-child') && e.classList.contains('choice-faq')")
    page.keyboard.press("Enter")
    card = page.locator("#log .msg-answer").first
    card.wait_for()
    assert focused(page)["tag"] == "H3"
    # picked from the menu, not chosen by a selector: no AI notice (issue 17, item 5)
    assert "AIがFAQの中から選んだ" not in card.inner_text() and "最終確認日" in card.inner_text()
    assert card.locator("a[target=_blank]").count() >= 1
    check_state(page, "chat-05-answer-from-menu")

    tab_until(page, "e.dataset.feedback === 'true'")
    page.keyboard.press("Enter")
    page.locator(".feedback-done").first.wait_for()
    assert "ありがとうございました" in focused(page)["text"]

    # a typed question, scoped to the current menu; Ctrl+Enter sends; focus moves to the new answer
    tab_until(page, "e.id === 'question'")
    page.keyboard.type("求職者マイページのパスワードを忘れました")
    assert page.locator("#char-count").inner_text() == "20 / 400文字"
    page.keyboard.press("Escape")  # close the suggestions: this one is sent as typed
    page.keyboard.press("Control+Enter")
    page.locator("#log .msg-answer").nth(1).wait_for()
    assert focused(page)["tag"] == "H3" and page.locator("#question").input_value() == ""
    assert page.locator("#remaining-count").inner_text() == "2"
    check_state(page, "chat-06-answer-typed")

    tab_until(page, "e.dataset.feedback === 'false' && e.closest('.msg-answer:last-child')")
    page.keyboard.press("Space")
    tab_until(page, "e.dataset.reason === ''")  # no reason given: also fine
    page.keyboard.press("Enter")
    page.locator(".feedback-done").nth(1).wait_for()
    assert "ハローワーク" in page.locator(".feedback-done").nth(1).inner_text()
    check_state(page, "chat-07-feedback-not-solved")

    tab_until(page, "e.id === 'restart'")
    page.keyboard.press("Enter")
    assert focused(page)["menu"] == "js" and page.locator("#scope-label").inner_text() == "すべてのFAQ"
    assert page.locator("#log .msg").count() == 0


def test_keyboard_journey_suggestions_related_reason_reload_start_over(browser: Any, server: Server) -> None:
    """consent → audience → typed question with suggestions → answer in view and focused → related
    question → feedback with a reason → reload → conversation still there → start over (phone size)."""
    context, page, errors = open_page(browser, server, "phone")
    page.goto("/")
    tab_until(page, "e.id === 'consent-agree'")
    page.keyboard.press("Enter")
    page.locator("#question:not([disabled])").wait_for()
    assert focused(page)["menu"] == "js"
    page.keyboard.press("Enter")  # 仕事を探している方
    page.locator("#log .msg-menu").first.wait_for()
    assert focused(page)["tag"] == "H3"

    tab_until(page, "e.id === 'question'")
    page.keyboard.type("ログインできな")
    page.locator("#suggest-list [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.locator("#question").get_attribute("aria-activedescendant") == "suggest-opt-0"
    page.keyboard.press("Escape")  # not a suggestion this time: the typed question itself
    assert not page.locator("#suggest-box").is_visible()
    page.keyboard.type("いです")
    page.keyboard.press("Control+Enter")
    answer = page.locator("#log .msg-answer").first
    answer.wait_for()
    page.wait_for_timeout(100)
    state = assert_focus_visible(page)
    assert state["tag"] == "H3" and state["text"] == answer.locator(".msg-title").inner_text()
    box = answer.locator(".msg-title").bounding_box()
    assert box and 0 <= box["y"] < 844, "the answer is in view on the phone"
    check_state(page, "chat-31-keyboard-typed-answer-phone")

    tab_until(page, "e.closest('.msg-answer') && e.closest('.msg-questions')")  # 関連する質問
    related = focused(page)["text"]
    page.keyboard.press("Enter")
    second = page.locator("#log .msg-answer").nth(1)
    second.wait_for()
    assert second.locator(".msg-title").inner_text() == related and focused(page)["tag"] == "H3"

    tab_until(page, "e.dataset.feedback === 'false' && e.closest('.msg-answer:last-child')")
    page.keyboard.press("Enter")
    tab_until(page, "e.dataset.reason === 'unclear'")
    page.keyboard.press("Enter")
    second.locator(".feedback-done").wait_for()
    assert "分かりにくい" in focused(page)["text"] or "ありがとうございました" in focused(page)["text"]

    page.reload()
    page.locator("#restored").wait_for()
    assert page.locator("#log .msg-answer").count() == 2
    assert "分かりにくい" in page.locator("#log .msg-answer").nth(1).locator(".feedback-done").inner_text()
    check_state(page, "chat-32-keyboard-after-reload-phone")
    tab_until(page, "e.id === 'restart'")
    page.keyboard.press("Enter")
    assert page.locator("#log .msg").count() == 0 and focused(page)["menu"] == "js"
    assert page.evaluate("() => sessionStorage.getItem('hwis-concierge.conversation')") is None
    context.close()
    assert not errors, errors
