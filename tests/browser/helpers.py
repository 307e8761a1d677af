"""Shared steps of the browser tests: axe-core checks with screenshots, keyboard moves, consent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
_AXE = Axe()
STATES: list[str] = []  # every state checked in this run, in order (printed by the summary test)


def check_state(page: Any, name: str, full_page: bool = False) -> None:
    """axe-core (WCAG 2.2 AA + best practices) must find no violation; save a screenshot of the state."""
    page.wait_for_timeout(60)  # let live regions and focus settle
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page, animations="disabled")
    STATES.append(name)


def focused(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => {
            const e = document.activeElement;
            const style = getComputedStyle(e);
            return {tag: e.tagName, id: e.id, text: (e.textContent || '').trim().slice(0, 80),
                    menu: e.getAttribute('data-menu'), feedback: e.getAttribute('data-feedback'),
                    outline: style.outlineStyle, shadow: style.boxShadow, inDialog: !!e.closest('dialog')};
        }"""
    )
    return result


def assert_focus_visible(page: Any) -> dict[str, Any]:
    state = focused(page)
    assert state["tag"] != "BODY", "focus was lost"
    assert state["outline"] != "none" or state["shadow"] != "none", f"no visible focus on {state}"
    return state


def tab_until(page: Any, predicate: str, limit: int = 40, backwards: bool = False) -> dict[str, Any]:
    """Press Tab (or Shift+Tab) until `predicate` (JS on document.activeElement as `e`) holds."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!({predicate}); }}"):
            return assert_focus_visible(page)
    raise AssertionError(f"never reached {predicate}; focus is on {focused(page)}")


def consent(page: Any) -> None:
    """Open the chat page and accept the terms with the mouse (tests of other things)."""
    page.goto("/")
    page.locator("#consent-agree").click()
    page.locator("#question:not([disabled])").wait_for()


def ask(page: Any, text: str) -> None:
    count = page.locator("#log .msg").count()
    page.locator("#question").fill(text)
    page.locator("#send").click()
    page.locator("#log .msg").nth(count + 1).wait_for()
