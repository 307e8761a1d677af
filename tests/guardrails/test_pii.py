from __future__ import annotations

import socket

import pytest

from guardrails.chain import GuardChain
from guardrails.pii.checksums import is_valid_my_number, luhn_check_digit, luhn_valid, my_number_check_digit
from guardrails.pii.entities import PLACEHOLDERS


def masked(chain: GuardChain, text: str) -> str:
    return chain.run(text).text


@pytest.mark.parametrize(
    ("text", "placeholder", "secret"),
    [
        ("電話は03-1234-5678です", "＜電話番号＞", "03-1234-5678"),
        ("携帯０９０－１２３４－５６７８に連絡を", "＜電話番号＞", "090-1234-5678"),
        ("090ー1234ー5678まで", "＜電話番号＞", "1234ー5678"),
        ("(0422)12-3456へ", "＜電話番号＞", "12-3456"),
        ("IP電話050 1234 5678です", "＜電話番号＞", "5678"),
        ("フリーダイヤル0120-123-456", "＜電話番号＞", "0120"),
        ("+81-90-1234-5678に", "＜電話番号＞", "1234-5678"),
        ("連絡先09012345678", "＜電話番号＞", "09012345678"),
        ("メールはtaro.yamada@example.co.jpです", "＜メールアドレス＞", "taro.yamada@example.co.jp"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍに送って", "＜メールアドレス＞", "taro@example.com"),
        ("taro(at)example.comです", "＜メールアドレス＞", "example.com"),
        ("マイナンバーは123456789018です", "＜マイナンバー＞", "123456789018"),
        ("1234 5678 9018を登録", "＜マイナンバー＞", "9018"),
        ("マイナンバー123456789012です", "＜マイナンバー＞", "123456789012"),  # mistyped, context decides
        ("雇用保険被保険者番号は1234-567890-1", "＜雇用保険被保険者番号＞", "567890"),
        ("被保険者番号12345678901について", "＜雇用保険被保険者番号＞", "12345678901"),
        ("求職番号は13010-12345678です", "＜求職番号＞", "12345678"),
        ("基礎年金番号1234-567890を書く", "＜基礎年金番号＞", "567890"),
        ("住所は東京都新宿区西新宿2-8-1 パレス西新宿101です", "＜住所＞", "西新宿2-8-1"),
        ("大阪市北区梅田一丁目2番3号に住んでいます", "＜住所＞", "梅田"),
        ("〒160-0023 東京都新宿区西新宿二丁目8番1号", "＜郵便番号＞", "160-0023"),
        ("生年月日は昭和60年3月2日です", "＜生年月日＞", "昭和60年"),
        ("1990年4月5日生まれです", "＜生年月日＞", "1990年4月5日"),
        ("誕生日は1985/03/02", "＜生年月日＞", "1985/03/02"),
        ("振込先はみずほ銀行 新宿支店 普通 1234567", "＜口座番号＞", "1234567"),
        ("カード番号4111 1111 1111 1111で払える？", "＜クレジットカード番号＞", "4111"),
        ("山田太郎と申します", "＜氏名＞", "山田"),
        ("担当の佐藤さんに相談したい", "＜氏名＞", "佐藤"),
        ("氏名は鈴木花子です", "＜氏名＞", "花子"),
    ],
)
def test_identifiers_are_masked(chain: GuardChain, text: str, placeholder: str, secret: str) -> None:
    out = masked(chain, text)
    assert placeholder in out
    assert secret not in out


@pytest.mark.parametrize(
    "text",
    [
        "求人番号13010-12345678の求人に応募したい",
        "求職者マイページで求人番号13010-12345678を検索",
        "事業所番号1301-123456-7の確認方法",
        "新宿のハローワークに行きたい",
        "東京都新宿区で介護の求人を探しています",
        "4月1日から働きます。認定日は3月5日です",
        "月給25万円、週20時間の求人",
        "123456789012という受付番号",  # 12 digits, wrong check digit, no context
        "雇用保険に10年加入していました",
        "ハローワーク渋谷の開庁時間は8時30分から",
    ],
)
def test_public_numbers_and_places_survive(chain: GuardChain, text: str) -> None:
    outcome = chain.run(text)
    assert outcome.pii_types == ()
    assert outcome.text == text


def test_placeholders_are_never_detected_again(chain: GuardChain) -> None:
    text = "".join(PLACEHOLDERS.values())
    assert chain.run(text).pii_types == ()


def test_masked_output_has_nothing_left_to_mask(chain: GuardChain) -> None:
    once = masked(chain, "山田太郎です。電話は03-1234-5678、メールはa@example.comです")
    assert once == "＜氏名＞です。電話は＜電話番号＞、メールは＜メールアドレス＞です"
    again = chain.run(once)  # NFKC turns ＜＞ into <>: a typed-in placeholder is plain text, never re-detected
    assert again.pii_types == () and again.allowed


def test_check_digits() -> None:
    assert my_number_check_digit("12345678901") == 8
    assert is_valid_my_number("1234-5678-9018")
    assert not is_valid_my_number("123456789012")
    assert not is_valid_my_number("000000000000")
    assert luhn_valid("4111 1111 1111 1111")
    assert not luhn_valid("4111 1111 1111 1112")
    assert luhn_check_digit("411111111111111") == 1


def test_no_network_at_run_time(chain: GuardChain, monkeypatch: pytest.MonkeyPatch) -> None:
    """tldextract (e-mail validation) must use its bundled list: any socket use fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    out = masked(chain, "連絡先はhanako@example.co.ukとtaro@sub.example.jpです")
    assert out.count("＜メールアドレス＞") == 2
    import tldextract.tldextract

    assert tldextract.tldextract.TLD_EXTRACTOR("www.example.co.uk").suffix == "co.uk"


def test_reject_mode_refuses_personal_data(reject_chain: GuardChain) -> None:
    outcome = reject_chain.run("電話は03-1234-5678です")
    assert not outcome.allowed
    assert outcome.blocked_by == "pii" and outcome.reason == "pii_rejected"
    assert "03-1234-5678" not in outcome.text
    assert reject_chain.run("雇用保険の手続きを教えて").allowed
