"""Write tests/data/pii_ja.jsonl: HWIS questions with Japanese personal data, and without.

    python tests/data/generate_pii_set.py

Names, addresses, postal codes, e-mail addresses, card numbers and birth dates come
from Faker's ja_JP locale (fixed seed). Identifiers follow their real rules: My Number
with its mod-11 check digit, 雇用保険被保険者番号 4-6-1, 基礎年金番号 4-6, 求職番号 5+8,
phone numbers in landline/mobile/IP/toll-free shapes with the ways people type them.
Each row lists every personal string it contains in `pii`; rows with `pii: []` hold
job-offer numbers, office names, dates and amounts that must *not* be masked.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from faker import Faker

SEED = 20240601
HERE = Path(__file__).resolve().parent
N_WITH = 220
N_WITHOUT = 120


def my_number(rng: random.Random) -> str:
    """12 digits whose last is the mod-11 check digit."""
    first = "".join(str(rng.randint(0, 9)) for _ in range(11))
    total = sum(int(d) * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(reversed(first), start=1))
    rest = total % 11
    return first + str(0 if rest <= 1 else 11 - rest)


def digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def phone(rng: random.Random) -> str:
    kind = rng.choice(["mobile", "landline", "ip", "free", "landline4"])
    if kind == "mobile":
        parts = [rng.choice(["090", "080", "070"]), digits(rng, 4), digits(rng, 4)]
    elif kind == "ip":
        parts = ["050", digits(rng, 4), digits(rng, 4)]
    elif kind == "free":
        parts = ["0120", digits(rng, 3), digits(rng, 3)]
    elif kind == "landline4":
        parts = ["0" + str(rng.randint(100, 999)), digits(rng, 2), digits(rng, 4)]
    else:
        parts = [rng.choice(["03", "06"]), digits(rng, 4), digits(rng, 4)]
    style = rng.choice(["hyphen", "hyphen", "plain", "brackets", "fullwidth", "dash", "intl"])
    if style == "plain":
        return "".join(parts)
    if style == "brackets":
        return f"({parts[0]}){parts[1]}-{parts[2]}"
    if style == "fullwidth":
        return "－".join(parts).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if style == "dash":
        return "ー".join(parts)
    if style == "intl" and kind in ("mobile", "landline"):
        return f"+81-{parts[0][1:]}-{parts[1]}-{parts[2]}"
    return "-".join(parts)


def birth_date(fake: Faker, rng: random.Random) -> str:
    d = fake.date_of_birth(minimum_age=18, maximum_age=70)
    style = rng.choice(["kanji", "slash", "era"])
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "era":
        era, base = ("平成", 1988) if d.year >= 1989 else ("昭和", 1925)
        return f"{era}{d.year - base}年{d.month}月{d.day}日"
    return f"{d.year}年{d.month}月{d.day}日"


def name(fake: Faker, rng: random.Random) -> str:
    value = fake.name() if rng.random() < 0.8 else fake.kana_name()
    return value if rng.random() < 0.5 else value.replace(" ", "")


def card(fake: Faker, rng: random.Random) -> str:
    number = fake.credit_card_number(card_type=rng.choice(["visa16", "mastercard", "jcb16"]))
    return " ".join(number[i : i + 4] for i in range(0, 16, 4)) if rng.random() < 0.5 else number


def with_pii(fake: Faker, rng: random.Random) -> tuple[str, list[str]]:
    """One question with personal data and the strings that must be masked."""
    n, p, a = name(fake, rng), phone(rng), fake.address()
    ins = digits(rng, 4) + "-" + digits(rng, 6) + "-" + digits(rng, 1)
    seeker = str(rng.randint(10000, 47999)) + "-" + digits(rng, rng.choice([7, 8]))
    templates = [
        (f"{n}と申します。失業保険の認定日を変更したいのですが、連絡先は{p}です。", [n, p]),
        (f"私は{n}です。求職登録の内容を変更したいです。", [n]),
        (f"氏名：{n}　電話番号：{p}　紹介状の再発行をお願いします。", [n, p]),
        (f"電話番号{p}に折り返しをお願いできますか。", [p]),
        (f"携帯は{p}です。面接の日程について連絡がほしいです。", [p]),
        (f"マイナンバーは{(m := my_number(rng))}です。雇用保険の手続きに必要ですか？", [m]),
        (f"個人番号{(m := my_number(rng))}を登録したのですが、確認できますか。", [m]),
        (f"雇用保険被保険者番号は{ins}です。離職票がまだ届きません。", [ins]),
        (f"被保険者番号{ins}で再就職手当の申請状況を知りたい。", [ins]),
        (f"求職番号{seeker}で求職者マイページに登録できません。", [seeker]),
        (f"私の求職番号は{seeker}ですが、有効期限はありますか。", [seeker]),
        (f"基礎年金番号{(b := digits(rng, 4) + '-' + digits(rng, 6))}の記入は必要ですか。", [b]),
        (f"住所は{a}です。離職票の送付先を変更したいです。", [a]),
        (f"{a}に引っ越しました。管轄のハローワークはどこですか。", [a]),
        (f"〒{(z := fake.zipcode())} {a}に書類を送ってください。", [z, a]),
        (f"生年月日は{(d := birth_date(fake, rng))}です。年齢制限のある求人に応募できますか。", [d]),
        (f"{(d := birth_date(fake, rng))}生まれですが、高年齢求職者給付金の対象ですか。", [d]),
        (f"振込先は{fake.bank()}の普通口座{(k := digits(rng, 7))}です。基本手当の振込先を変更したい。", [k]),
        (f"口座番号{(k := digits(rng, 7))}を登録しましたが合っていますか。", [k]),
        (f"メールアドレスは{(e := fake.email())}です。マイページの通知が届きません。", [e]),
        (f"{(e := fake.email())}にログイン案内のメールを送ってください。", [e]),
        (f"カード番号{(c := card(fake, rng))}で職業訓練の教材費を払えますか？", [c]),
        (f"担当の{(s := fake.last_name())}さんに相談したいのですが、予約できますか。", [s]),
        (f"{n}です。メールは{(e := fake.email())}、電話は{p}です。", [n, e, p]),
        (f"事業主です。採用した{n}さんの資格取得届を出したいです。", [n]),
        (f"応募者の{n}さん（{(d := birth_date(fake, rng))}生まれ）の選考結果を登録したい。", [n, d]),
        (f"名前は{n}、住所は{a}です。", [n, a]),
    ]
    return rng.choice(templates)


def without_pii(rng: random.Random) -> str:
    """One question with numbers, dates and places that are not personal data."""
    job = f"{rng.randint(10000, 47999)}-{digits(rng, 8)}"
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    office = rng.choice(["新宿", "渋谷", "梅田", "横浜", "札幌", "博多", "名古屋中", "品川", "池袋", "飯田橋"])
    templates = [
        f"求人番号{job}の求人に応募したいです。",
        f"求人番号 {job} の求人はまだ募集していますか。",
        f"{office}のハローワークの開庁時間を教えてください。",
        f"ハローワーク{office}で職業相談はできますか。",
        f"認定日は{month}月{day}日ですが、都合が悪い場合は変更できますか。",
        f"{month}月{day}日に退職しました。離職票はいつ届きますか。",
        f"月給{rng.randint(18, 40)}万円以上の求人を探しています。",
        f"週{rng.randint(10, 30)}時間以内のパートの求人はありますか。",
        f"{rng.randint(20, 65)}歳でも応募できる事務職の求人はありますか。",
        f"東京都{office}区で介護の求人を探しています。" if office in ("新宿", "渋谷", "品川") else f"{office}の求人",
        f"雇用保険に{rng.randint(1, 20)}年加入していました。基本手当は何日分ですか。",
        f"{rng.randint(2020, 2026)}年{month}月から職業訓練を受けたいです。",
        "マイナンバーカードは求職登録に必要ですか。",
        "雇用保険被保険者番号はどこに書いてありますか。",
        "求職番号を忘れた場合、どうすればいいですか。",
        "郵便番号から管轄のハローワークを調べられますか。",
        "電話番号を変更したいのですが、マイページで変更できますか。",
        f"事業所番号の確認方法を教えてください（求人番号{job}の件）。",
        "受付時間は8時30分から17時15分までですか。",
        "生年月日の入力欄にエラーが出ます。",
        "口座を変更したいのですが、どの書類が必要ですか。",
        f"求人票の{rng.randint(1, 9)}ページ目の賃金欄の見方を教えてください。",
        "面接のときに履歴書と職務経歴書の両方が必要ですか。",
        "ハローワークインターネットサービスで求人を保存する方法は？",
    ]
    return rng.choice(templates)


def rows() -> list[dict[str, object]]:
    Faker.seed(SEED)
    fake = Faker("ja_JP")
    rng = random.Random(SEED)
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    while len(out) < N_WITH:
        text, pii = with_pii(fake, rng)
        if text not in seen:
            seen.add(text)
            out.append({"text": text, "pii": pii, "source": "hwis-ja-pii/faker"})
    negatives = 0
    while negatives < N_WITHOUT:
        text = without_pii(rng)
        if text not in seen:
            seen.add(text)
            out.append({"text": text, "pii": [], "source": "hwis-ja-pii/none"})
            negatives += 1
    return out


if __name__ == "__main__":
    data = rows()
    with (HERE / "pii_ja.jsonl").open("w", encoding="utf-8") as fh:
        for row in data:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(sum(1 for r in data if r["pii"]), "with personal data,", sum(1 for r in data if not r["pii"]), "without")
