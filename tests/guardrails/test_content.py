from __future__ import annotations

import pytest

from guardrails.content import ABUSE_MESSAGE, SELF_HARM_MESSAGE, ContentGuard

guard = ContentGuard()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("もう死にたいです。仕事も見つからない", "self_harm"),
        ("生きていたくない", "self_harm"),
        ("失業してから消えたいと思うことがある", "self_harm"),
        ("i want to kill myself", "self_harm"),
        ("職員は無能だな", "abuse"),
        ("ふざけるな、早く答えろ", "abuse"),
        ("窓口の担当者を殺してやる", "abuse"),
        ("お前はゴミだ", "abuse"),
        ("ネットに晒してやる", "harassment"),
        ("外国人は雇いたくない", "discrimination"),
        ("ガイジは来るな", "discrimination"),
    ],
)
def test_blocks(text: str, kind: str) -> None:
    verdict = guard.check(text)
    assert not verdict.allowed
    assert verdict.reason == kind


@pytest.mark.parametrize(
    "text",
    [
        "過労死ラインの残業が続いて退職しました。会社都合になりますか。",
        "障害者雇用の求人を探しています。",
        "ゴミ収集の求人はありますか。",
        "カスタマーサポートの求人に応募したい",
        "パワハラの相談窓口を教えてください",
        "外国人を雇うときのルールを知りたいです。",
        "求人ばかり見ていて疲れました",
        "バカンスの時期でも認定日は変わりませんか",
        "Die Frage ist: wann öffnet die Hello Work?",
    ],
)
def test_allows_ordinary_questions(text: str) -> None:
    assert guard.check(text).allowed


def test_self_harm_gets_consultation_lines_not_a_refusal() -> None:
    verdict = guard.check("死にたい。ばかみたいだ")
    assert verdict.reason == "self_harm"
    message = guard.message_for(verdict)
    assert message == SELF_HARM_MESSAGE
    assert "0570-064-556" in message and "0120-279-338" in message and "mhlw.go.jp" in message


def test_abuse_message_is_polite() -> None:
    verdict = guard.check("役立たずの役所")
    assert guard.message_for(verdict) == ABUSE_MESSAGE
    assert guard.message_for(guard.check("こんにちは")) is None


def test_threshold_is_validated() -> None:
    with pytest.raises(ValueError):
        ContentGuard(threshold=0)
