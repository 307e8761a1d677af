"""Issue 17, item by item, in real Chromium at desktop (1280×800) and phone size (390×844): each new
state checked by axe-core (zero violations) and saved as `chat-2x-…-{desktop,phone}.png`."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app.storage.models import Feedback
from tests.browser.conftest import Server
from tests.browser.helpers import ask, check_state, consent, focused

PHONE_NUMBER = "090-1234-5678"


def _in_view(page: Any, selector: str) -> bool:
    return bool(page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.top >= 0 && r.top < window.innerHeight; }""", selector))


def _feedback(server: Server, turn_id: str) -> list[tuple[bool, str | None]]:
    with server.repository.session() as session:
        rows = session.scalars(select(Feedback).where(Feedback.turn_id == turn_id)).all()
        return [(f.helpful, f.reason) for f in rows]


def test_typed_answer_in_view_focused_with_ai_notice_and_related(sized_page: tuple[str, Any]) -> None:
    size, page = sized_page
    consent(page)
    page.locator("#question").fill("求職者マイページのパスワードを忘れました")
    page.locator("#send").click()
    card = page.locator("#log .msg-answer").last
    card.wait_for()
    page.wait_for_timeout(100)
    assert focused(page)["tag"] == "H3" and _in_view(page, "#log .msg-answer:last-child .msg-title")
    assert "AIがFAQの中から選んだ" in card.inner_text()  # a selector chose this one
    assert card.locator(".msg-questions button.choice-faq").count() >= 1  # 関連する質問
    assert page.locator("#question").input_value() == ""
    check_state(page, f"chat-20-typed-answer-{size}")
    card.locator(".msg-questions button.choice-faq").first.click()  # a related question: a menu step
    page.locator("#log .msg-answer").nth(1).wait_for()
    assert "AIがFAQの中から選んだ" not in page.locator("#log .msg-answer").nth(1).inner_text()
    assert page.locator("#remaining-near-count").inner_text() == page.locator("#remaining-count").inner_text() == "2"


def test_focus_is_not_taken_from_someone_typing(page: Any) -> None:
    page.add_init_script("""(() => { const real = window.fetch;
        window.fetch = (url, init) => String(url).endsWith('/messages')
            ? new Promise(done => setTimeout(() => done(real(url, init)), 700)) : real(url, init); })();""")
    consent(page)
    page.locator("#question").fill("求職者マイページのパスワードを忘れました")
    page.locator("#send").click()
    page.locator("#question").fill("求人の探し方")  # typing the next question while the answer comes
    page.locator("#log .msg-answer").last.wait_for()
    page.wait_for_timeout(100)
    assert focused(page)["id"] == "question" and page.locator("#question").input_value() == "求人の探し方"


def test_conversation_survives_reload_and_start_over(sized_page: tuple[str, Any], server: Server) -> None:
    size, page = sized_page
    consent(page)
    page.locator(".choices [data-menu='js']").click()
    page.locator("#log .msg-menu").first.wait_for()
    ask(page, f"私の電話番号は{PHONE_NUMBER}です。求職者マイページのパスワードを忘れました")
    before = page.locator("#log .msg").count()
    first_id = page.evaluate("() => JSON.parse(sessionStorage.getItem('hwis-concierge.conversation')).id")
    page.reload()
    page.locator("#restored").wait_for()
    assert page.locator("#log .msg").count() == before
    assert PHONE_NUMBER not in page.locator("#log").inner_text()  # only the masked, stored text comes back
    assert page.locator(".choices [data-menu='js']").get_attribute("aria-pressed") == "true"
    check_state(page, f"chat-21-after-reload-{size}")
    page.locator("#restart").click()
    assert page.locator("#log .msg").count() == 0 and page.locator("#log-empty").is_visible()
    assert focused(page)["menu"] == "js" and page.locator("#scope-label").inner_text() == "すべてのFAQ"
    ask(page, "求人の探し方を教えてください")
    second_id = page.evaluate("() => JSON.parse(sessionStorage.getItem('hwis-concierge.conversation')).id")
    assert second_id != first_id
    other = page.context.browser.new_context(base_url=server.url)  # someone else cannot read it
    assert other.request.get(f"/api/v1/conversations/{second_id}/turns").status == 403  # no consent there
    other.close()


def test_scope_chip_can_be_removed(sized_page: tuple[str, Any]) -> None:
    size, page = sized_page
    consent(page)
    page.locator(".choices [data-menu='js']").click()
    page.locator("#log .msg-menu button[data-menu='js.search']").click()
    page.locator("#log .msg-menu").nth(1).wait_for()
    chip = page.locator("#scope-clear")
    assert chip.is_visible() and page.locator("#scope-label").inner_text() == "仕事を探している方 › 求人を探す"
    page.locator("#question").fill("紹介状をなくした")
    page.locator("#question").focus()
    check_state(page, f"chat-22-scope-chip-{size}")
    with page.expect_request("**/messages") as scoped:
        page.locator("#send").click()
    assert scoped.value.post_data_json == {"text": "紹介状をなくした", "menu": "js.search"}
    # The reply (message 5; 4 is the question's own echo, shown at once): a send while the first is
    # still in flight is ignored by the page, so the next question must wait for it.
    page.locator("#log .msg").nth(5).wait_for()
    page.locator("#log:not([aria-busy])").wait_for()
    chip.click()
    assert not chip.is_visible() and page.locator("#scope-label").inner_text() == "すべてのFAQ"
    assert focused(page)["id"] == "question"
    page.locator("#question").fill("担当者と話したい")
    with page.expect_request("**/messages") as unscoped:
        page.locator("#send").click()
    assert unscoped.value.post_data_json == {"text": "担当者と話したい"}


def test_handoff_offers_menu_popular_questions_and_contacts(sized_page: tuple[str, Any]) -> None:
    size, page = sized_page
    consent(page)
    page.locator(".choices [data-menu='em']").click()
    page.locator("#log .msg-menu").first.wait_for()
    menu = page.request.get("/api/v1/menus/em").json()
    popular = page.request.get("/api/v1/popular?audience=employer").json()["questions"]
    reply = {"kind": "no_answer", "message": "申し訳ありません。このご質問にお答えできるFAQが見つかりませんでした。",
             "answer": None, "suggestions": popular, "links": [], "notices": [], "menu": menu,
             "remaining_today": 2, "turn_id": "t", "masked_text": None}
    page.route("**/messages", lambda route: route.fulfill(status=200, content_type="application/json",
                                                          body=json.dumps(reply, ensure_ascii=False)), times=1)
    ask(page, "社員旅行のおすすめを教えて")
    card = page.locator("#log .msg-handoff").last
    assert card.locator("button[data-menu='em.offer']").count() == 1  # the nearest menu
    assert card.locator(".msg-questions button.choice-faq").count() == len(popular)
    assert card.locator("a[href*='hwmap']").count() == 1
    assert card.locator("a[href*='hellowork.mhlw.go.jp']").count() >= 1
    assert "ヘルプデスク" in card.inner_text()
    check_state(page, f"chat-23-handoff-{size}", full_page=size == "desktop")
    card.locator("button[data-menu='em.offer']").click()
    page.locator("#log .msg-menu").last.wait_for()


def test_none_of_these_is_sent_to_the_server(sized_page: tuple[str, Any], server: Server) -> None:
    size, page = sized_page
    consent(page)
    page.locator(".choices [data-menu='js']").click()
    page.locator("#log .msg-menu").first.wait_for()
    real_turn = page.evaluate(
        """async () => { const id = JSON.parse(sessionStorage.getItem('hwis-concierge.conversation')).id;
            const r = await fetch('/api/v1/conversations/' + id + '/turns');
            return (await r.json()).turns[0].turn_id; }""")
    suggestions = [{"faq_id": f, "question": q, "menu": f"faq.{f}"} for f, q in
                   [("js-account-007", "パスワードを忘れたときは"), ("js-account-001", "マイページを開設するには")]]
    reply = {"kind": "clarify", "message": "ご質問に近いものを選んでください。", "answer": None,
             "suggestions": suggestions, "links": [], "notices": [], "menu": None, "remaining_today": 2,
             "turn_id": real_turn, "masked_text": None}
    page.route("**/messages", lambda route: route.fulfill(status=200, content_type="application/json",
                                                          body=json.dumps(reply, ensure_ascii=False)), times=1)
    ask(page, "ログインについて")
    with page.expect_request("**/feedback") as sent:
        page.locator("#log .msg-clarify [data-none]").click()
    assert sent.value.post_data_json == {"helpful": False, "reason": "none_of_these"}
    handoff = page.locator("#log .msg-handoff").last
    handoff.wait_for()
    assert focused(page)["tag"] == "H3" and handoff.locator(".msg-questions button.choice-faq").count() >= 1
    assert "受け付けました" in page.locator("#log .msg-clarify").inner_text()
    assert (False, "none_of_these") in _feedback(server, real_turn)
    check_state(page, f"chat-24-none-of-these-{size}")


def test_bubble_shows_the_masked_question(sized_page: tuple[str, Any]) -> None:
    size, page = sized_page
    consent(page)
    ask(page, f"私の電話番号は{PHONE_NUMBER}です。求人の探し方を教えて")
    bubble = page.locator("#log .msg-user").last
    assert PHONE_NUMBER not in bubble.inner_text() and "＜" in bubble.inner_text()
    assert "伏せて表示" in bubble.inner_text()
    check_state(page, f"chat-25-masked-bubble-{size}")


def test_suggestions_while_typing_show_an_entry_without_using_the_cap(sized_page: tuple[str, Any]) -> None:
    size, page = sized_page
    consent(page)
    page.locator(".choices [data-menu='js']").click()
    page.locator("#log .msg-menu").first.wait_for()
    page.locator("#question").focus()
    page.keyboard.type("パスワ")
    options = page.locator("#suggest-list [role=option]")
    options.first.wait_for()
    assert 1 <= options.count() <= 5 and "件あります" in page.locator("#suggest-status").inner_text()
    page.keyboard.press("ArrowDown")
    assert page.locator("#question").get_attribute("aria-activedescendant") == "suggest-opt-0"
    assert options.first.get_attribute("aria-selected") == "true"
    check_state(page, f"chat-26-suggestions-{size}")
    picked = options.first.inner_text()
    page.keyboard.press("Enter")
    card = page.locator("#log .msg-answer").last
    card.wait_for()
    assert card.locator(".msg-title").inner_text() == picked and "AIがFAQの中から選んだ" not in card.inner_text()
    assert page.locator("#remaining-count").inner_text() == "3"  # a suggestion is a menu step: no cap used
    assert not page.locator("#suggest-box").is_visible()


def test_popular_questions_for_the_audience_and_feedback_reason(sized_page: tuple[str, Any], server: Server) -> None:
    size, page = sized_page
    consent(page)
    page.locator(".choices [data-menu='js']").click()
    menu = page.locator("#log .msg-menu").first
    menu.wait_for()
    assert menu.locator(".msg-questions h4").inner_text() == "よくある質問"
    assert menu.locator(".msg-questions button.choice-faq").count() == 5
    check_state(page, f"chat-27-popular-{size}")
    menu.locator(".msg-questions button.choice-faq").first.click()
    answer = page.locator("#log .msg-answer").last
    answer.wait_for()
    answer.locator("[data-feedback='false']").click()
    reasons = answer.locator(".feedback-reasons")
    assert reasons.locator("button[data-reason]").count() == 4
    assert focused(page)["text"].startswith("よろしければ")
    check_state(page, f"chat-28-feedback-reasons-{size}")
    turn_id = reasons.locator("button[data-reason='not_enough']").get_attribute("data-turn")
    reasons.locator("button[data-reason='not_enough']").click()
    answer.locator(".feedback-done").wait_for()
    assert "情報が足りない" in answer.locator(".feedback-done").inner_text()
    assert _feedback(server, turn_id) == [(False, "not_enough")]


def test_smaller_items(sized_page: tuple[str, Any]) -> None:
    size, page = sized_page
    assert page.request.get("/favicon.ico").status == 200
    page.goto("/")
    page.locator("#consent-decline").click()
    alert = page.locator("#page-alert")
    assert alert.locator("a[href*='hwmap']").count() == 1  # the decline message links the office finder
    check_state(page, f"chat-29-declined-{size}")
    page.locator("#page-alert button").click()
    page.locator("#consent-agree").click()
    page.locator("#question:not([disabled])").wait_for()
    group = page.locator(".choices [data-menu]")
    assert [group.nth(i).inner_text() for i in range(group.count())] == ["仕事を探している方", "事業主の方"]
    assert page.locator(".help-actions [data-menu='about']").count() == 1
    assert page.locator("#send-hint").is_visible() == (size == "desktop")  # no Ctrl+Enter on a phone
    page.locator("#question").focus()
    near = page.locator("#remaining-near")
    assert near.is_visible() and _in_view(page, "#remaining-near")  # the count is beside the box
    check_state(page, f"chat-30-composer-{size}")


def test_daily_limit_card_links_instead_of_reading_a_url(page: Any) -> None:
    consent(page)
    limited = {"code": "quota_exceeded", "scope": "account", "resets_at": "2026-11-25T00:00:00+09:00",
               "message": "本日のご質問の上限に達しました。11月25日00時00分（日本時間）以降に再度ご利用ください。"
                          "お急ぎの場合はお近くのハローワークにお問い合わせください（https://www.mhlw.go.jp/kyujin/hwmap.html）。"}
    page.route("**/messages", lambda route: route.fulfill(status=429, content_type="application/json",
                                                          body=json.dumps(limited, ensure_ascii=False)), times=1)
    ask(page, "求人")
    card = page.locator("#log .msg-system").last
    assert "https://" not in card.locator("p").first.inner_text() and card.locator("a[href*='hwmap']").count() == 1
