"""Add the session-4 forms to tests/data/pii_forms_dev.jsonl: passport and residence card numbers, more
birth-date spellings, names after cues, in katakana, hiragana, romaji (capitals, both orders) and spaced.

    python tests/data/generate_pii_forms_more.py

Every text here was written by hand for this file (no outside source). Idempotent: rows whose
form is one of FORMS are replaced, all other rows of the file are kept in their order.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILE = HERE / "pii_forms_dev.jsonl"
PASSPORT, RESIDENCE, DOB, PERSON = "JP_PASSPORT_NUMBER", "JP_RESIDENCE_CARD_NUMBER", "DATE_OF_BIRTH", "PERSON"

# (form, text, [(type, value), ...]); values are verbatim substrings of the text.
WRITTEN: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("passport", "旅券番号はTK1234567です。外国人雇用状況届出に書く欄はどこですか", [(PASSPORT, "TK1234567")]),
    ("passport", "パスポートの番号 ＭＺ７６５４３２１ で本人確認できますか", [(PASSPORT, "ＭＺ７６５４３２１")]),
    ("passport", "passport no. XR 0987654 を持っています", [(PASSPORT, "XR 0987654")]),
    ("passport", "私のパスポートはtk2233445です。更新中でも応募できますか", [(PASSPORT, "tk2233445")]),
    ("passport", "本人確認書類としてRE5550123を登録しました", [(PASSPORT, "RE5550123")]),
    ("passport", "パスポート番号：T K 1 2 3 4 5 6 7", [(PASSPORT, "T K 1 2 3 4 5 6 7")]),
    ("passport", "旅券 No.AB7654321 の写しを出しました", [(PASSPORT, "AB7654321")]),
    ("passport", "旅券番号をＭＮ　１１２２３３４と書いてしまいました", [(PASSPORT, "ＭＮ　１１２２３３４")]),
    ("passport", "パスポートは TS-9081726 です", [(PASSPORT, "TS-9081726")]),
    ("passport", "旅券の番号はエムゼットではなくMZ四五六七八九〇です", [(PASSPORT, "MZ四五六七八九〇")]),
    ("passport", "JG3141592で申請した書類はどうなりましたか", [(PASSPORT, "JG3141592")]),
    ("residence_card", "在留カード番号はAB12345678CDです", [(RESIDENCE, "AB12345678CD")]),
    ("residence_card", "在留カードの番号：ab 1234 5678 cd", [(RESIDENCE, "ab 1234 5678 cd")]),
    ("residence_card", "就労資格の確認でＥＦ９８７６５４３２ＧＨを入力しました",
     [(RESIDENCE, "ＥＦ９８７６５４３２ＧＨ")]),
    ("residence_card", "在留カード ＡＢ１２３４５６７８ＣＤ の人を雇いたいのですが",
     [(RESIDENCE, "ＡＢ１２３４５６７８ＣＤ")]),
    ("residence_card", "彼の番号はUV24681357WXと書いてあります。就労制限はありますか",
     [(RESIDENCE, "UV24681357WX")]),
    ("residence_card", "特別永住者証明書の番号 KL-1029-3847-MN を書く欄はありますか", [(RESIDENCE, "KL-1029-3847-MN")]),
    ("residence_card", "ざいりゅうかーど の ばんごうは pq11223344rs です", [(RESIDENCE, "pq11223344rs")]),
    ("dob_more", "生年月日はH3.4.5です。", [(DOB, "H3.4.5")]),
    ("dob_more", "Ｓ５０年生まれです", [(DOB, "Ｓ５０年")]),
    ("dob_more", "生年月日：1990.4.5", [(DOB, "1990.4.5")]),
    ("dob_more", "生年月日は１９９０年４月５日です", [(DOB, "１９９０年４月５日")]),
    ("dob_more", "昭和五十年十二月三日に生まれました", [(DOB, "昭和五十年十二月三日")]),
    ("dob_more", "生年月日は90年4月5日です", [(DOB, "90年4月5日")]),
    ("dob_more", "DOB: 05/04/1990", [(DOB, "05/04/1990")]),
    ("dob_more", "I was born on April 5, 1990.", [(DOB, "April 5, 1990")]),
    ("dob_more", "私は平成3年4月5日の生まれです", [(DOB, "平成3年4月5日")]),
    ("dob_more", "生年月日：19900405", [(DOB, "19900405")]),
    ("dob_more", "生年月日は、昭和六十三年八月十日になります", [(DOB, "昭和六十三年八月十日")]),
    ("dob_more", "生年月日 H3年4月5日", [(DOB, "H3年4月5日")]),
    ("dob_more", "生年月日は二〇〇〇年十月十日です", [(DOB, "二〇〇〇年十月十日")]),
    ("dob_more", "誕生日はR2.1.15です", [(DOB, "R2.1.15")]),
    ("dob_more", "生年月日　S.50.3.12", [(DOB, "S.50.3.12")]),
    ("dob_more", "誕生日はH03/04/05", [(DOB, "H03/04/05")]),
    ("dob_more", "生年月日は千九百八十五年二月二十日です", [(DOB, "千九百八十五年二月二十日")]),
    ("dob_more", "わたしのたんじょうびは 昭和４５年１月２日 です", [(DOB, "昭和４５年１月２日")]),
    ("name_cued", "たかはし みさき と申します", [(PERSON, "たかはし みさき")]),
    ("name_cued", "わたしの なまえは いのうえ ゆうと です", [(PERSON, "いのうえ ゆうと")]),
    ("name_cued", "もりた と いいます。しごとを さがしています", [(PERSON, "もりた")]),
    ("name_cued", "わたしのなまえは、ひらの です。", [(PERSON, "ひらの")]),
    ("name_cued", "私、ハヤシ ミユキと申します", [(PERSON, "ハヤシ ミユキ")]),
    ("name_cued", "キムラタクヤです。紹介状について質問です", [(PERSON, "キムラタクヤ")]),
    ("name_cued", "フルネームは、アオキ　ユウタです", [(PERSON, "アオキ　ユウタ")]),
    ("name_cued", "こんにちは。いしかわりょうと言います。", [(PERSON, "いしかわりょう")]),
    ("name_cued", "お名前：ヤマモト　ハナコ", [(PERSON, "ヤマモト　ハナコ")]),
    ("name_cued", "娘のさくらが応募しました", [(PERSON, "さくら")]),
    ("name_cued", "本人の氏名はエンドウ　マサキです", [(PERSON, "エンドウ　マサキ")]),
    ("name_cued", "名前はのぐちまさとです", [(PERSON, "のぐちまさと")]),
    ("name_pair_kana", "やまもと けいこ の りしょくひょうが とどきません", [(PERSON, "やまもと けいこ")]),
    ("name_pair_kana", "おおはし ゆみこ", [(PERSON, "おおはし ゆみこ")]),
    ("name_romaji_caps", "NAKAMURA Sayaka", [(PERSON, "NAKAMURA Sayaka")]),
    ("name_romaji_caps", "My name is SUZUKI Haruto", [(PERSON, "SUZUKI Haruto")]),
    ("name_romaji_caps", "氏名: MORI HARUKA", [(PERSON, "MORI HARUKA")]),
    ("name_romaji_caps", "Satō Kenta", [(PERSON, "Satō Kenta")]),
    ("name_romaji_caps", "I'm Daichi Fukuda.", [(PERSON, "Daichi Fukuda")]),
    ("name_romaji_caps", "Nishida to moushimasu", [(PERSON, "Nishida")]),
    ("name_romaji_caps", "This is Kobayashi Yui from Sendai", [(PERSON, "Kobayashi Yui")]),
    ("name_spaced_more", "求職者の 長 尾 さんについて", [(PERSON, "長 尾")]),
    ("name_spaced_more", "石 井 ゆ か り と申します", [(PERSON, "石 井 ゆ か り")]),
    ("name_spaced_more", "名前は 斉 藤 で す", [(PERSON, "斉 藤")]),
]
# Texts with no personal data that look like the forms above.
LOOK_ALIKES: dict[str, list[str]] = {
    "neg_more": [
        "パスポートがなくても求職登録できますか",
        "在留カードの提示は必要ですか",
        "旅券番号を書く欄はどこにありますか",
        "4月3日生まれの人は学年が早いですか",
        "令和6年4月1日から制度が変わりますか",
        "平成3年に施行された法律について",
        "H3の鉛筆で書いてもいいですか",
        "生年月日の書き方を教えてください",
        "フルネームで書く必要がありますか",
        "お名前の欄はふりがなも必要ですか",
        "娘の しごとを さがしています",
        "求人番号13010-12345678の仕事",
    ],
}
FORMS = {form for form, _, _ in WRITTEN} | set(LOOK_ALIKES)


def rows() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for form, text, values in WRITTEN:
        for _, value in values:
            if value not in text:
                raise ValueError(f"{value!r} is not in {text!r}")
        out.append({"text": text, "pii": [{"type": t, "value": v} for t, v in values], "form": form})
    for form, texts in LOOK_ALIKES.items():
        out.extend({"text": text, "pii": [], "form": form} for text in texts)
    return out


def main() -> None:
    kept = [line for line in FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("form") not in FORMS]
    added = [json.dumps(row, ensure_ascii=False) for row in rows()]
    FILE.write_text("\n".join(kept + added) + "\n", encoding="utf-8")
    print(FILE.name, len(kept), "kept,", len(added), "added")


if __name__ == "__main__":
    main()
