"""The consent gate, and a whole conversation with the keyboard only (focus always visible)."""

from __future__ import annotations

from typing import Any

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
    assert "AIがFAQの中から選んだ" in card.inner_text() and "最終確認日" in card.inner_text()
    assert card.locator("a[target=_blank]").count() >= 1
    check_state(page, "chat-05-answer-from-menu")

    tab_until(page, "e.dataset.feedback === 'true'")
    page.keyboard.press("Enter")
    page.locator(".feedback-done").first.wait_for()
    assert "ありがとうございました" in focused(page)["text"]

    # a typed question, scoped to the current menu; Ctrl+Enter sends, focus stays in the box
    tab_until(page, "e.id === 'question'")
    page.keyboard.type("パスワードを忘れました")
    assert page.locator("#char-count").inner_text() == "11 / 400文字"
    page.keyboard.press("Control+Enter")
    page.locator("#log .msg-answer").nth(1).wait_for()
    assert focused(page)["id"] == "question" and page.locator("#question").input_value() == ""
    assert page.locator("#remaining-count").inner_text() == "2"
    check_state(page, "chat-06-answer-typed")

    page.keyboard.press("Shift+Tab")  # straight back to the newest answer's feedback
    assert assert_focus_visible(page)["text"] == "解決しなかった"
    page.keyboard.press("Space")
    page.locator(".feedback-done").nth(1).wait_for()
    assert "ハローワーク" in page.locator(".feedback-done").nth(1).inner_text()
    check_state(page, "chat-07-feedback-not-solved")

    tab_until(page, "e.id === 'restart'")
    page.keyboard.press("Enter")
    assert focused(page)["menu"] == "js" and page.locator("#scope-label").inner_text() == "すべて"
