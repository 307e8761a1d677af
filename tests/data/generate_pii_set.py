"""Write tests/data/pii_ja.jsonl and pii_forms_dev.jsonl: HWIS questions with Japanese personal data, and without.

    python tests/data/generate_pii_set.py [pii_ja] [forms]

Names, addresses, postal codes, e-mail addresses, card numbers and birth dates come
from Faker's ja_JP locale (fixed seed). Identifiers follow their real rules: My Number
with its mod-11 check digit, 雇用保険被保険者番号 4-6-1, 基礎年金番号 4-6, 求職番号 5+8,
phone numbers in landline/mobile/IP/toll-free shapes with the ways people type them.
Each row lists every personal string it contains in `pii`; rows with `pii: []` hold
job-offer numbers, office names, dates and amounts that must *not* be masked.

pii_forms_dev.jsonl (second half of this file) holds the forms that got through in
issue #16 — digits in kanji, kana or spaced out, context words far from the number,
e-mail addresses spelled out, 和暦 in kanji numerals, names in kana, romaji or spaced
kanji — typed ({"type", "value"}) and tagged with a "form", plus hand-written
look-alikes without personal data (hiragana questions, さん after common words, kanji
dates, public numbers, English words).
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




# --- pii_forms_dev.jsonl: the forms of issue #16 (kanji/kana/spaced digits, far context words,
# spelled-out e-mail, 和暦 with kanji numerals, kana/romaji/spaced names) and look-alikes without
# personal data. Rows: {"text", "pii": [{"type", "value"}], "form"}; values are verbatim substrings.

FORMS_SEED = 20240616
FORMS_FILE = "pii_forms_dev.jsonl"
KANJI_DIGITS = "〇一二三四五六七八九"
KANA_DIGITS = {"0": ["ゼロ", "ゼロ", "レイ", "マル"], "1": ["イチ"], "2": ["ニ", "ニー"], "3": ["サン"],
               "4": ["ヨン", "ヨン", "シ"], "5": ["ゴ", "ゴー"], "6": ["ロク"], "7": ["ナナ", "ナナ", "シチ"],
               "8": ["ハチ"], "9": ["キュウ", "キュー", "ク"]}
# Names beyond Faker's fifty: (kanji, katakana, romaji).
MORE_SURNAMES = [("森田", "モリタ", "Morita"), ("石川", "イシカワ", "Ishikawa"), ("大野", "オオノ", "Ono"),
                 ("長谷川", "ハセガワ", "Hasegawa"), ("藤田", "フジタ", "Fujita"), ("岡本", "オカモト", "Okamoto"),
                 ("松田", "マツダ", "Matsuda"), ("中島", "ナカジマ", "Nakajima"), ("小川", "オガワ", "Ogawa"),
                 ("村田", "ムラタ", "Murata"), ("原田", "ハラダ", "Harada"), ("菅原", "スガワラ", "Sugawara"),
                 ("上野", "ウエノ", "Ueno"), ("西村", "ニシムラ", "Nishimura"), ("北村", "キタムラ", "Kitamura")]
MORE_GIVEN = [("健太", "ケンタ", "Kenta"), ("美香", "ミカ", "Mika"), ("大輔", "ダイスケ", "Daisuke"),
              ("智子", "トモコ", "Tomoko"), ("拓也", "タクヤ", "Takuya"), ("恵美", "エミ", "Emi"),
              ("翔", "ショウ", "Sho"), ("由美子", "ユミコ", "Yumiko"), ("浩二", "コウジ", "Koji"),
              ("真理", "マリ", "Mari"), ("和也", "カズヤ", "Kazuya"), ("綾香", "アヤカ", "Ayaka")]


def hiragana(text: str) -> str:
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


def name_parts(fake: Faker, rng: random.Random) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """(kanji, katakana, romaji) of a surname and of a given name."""
    surname = fake.last_name_pair() if rng.random() < 0.7 else rng.choice(MORE_SURNAMES)
    given = fake.first_name_pair() if rng.random() < 0.7 else rng.choice(MORE_GIVEN)
    return surname, given


def phone_groups(rng: random.Random) -> list[str]:
    kind = rng.choice(["mobile", "mobile", "landline", "ip", "free"])
    if kind == "mobile":
        return [rng.choice(["090", "080", "070"]), digits(rng, 4), digits(rng, 4)]
    if kind == "ip":
        return ["050", digits(rng, 4), digits(rng, 4)]
    if kind == "free":
        return ["0120", digits(rng, 3), digits(rng, 3)]
    area = rng.choice(["03", "06", "045", "052", "0466"])  # ten digits in all
    return [area, digits(rng, 6 - len(area)), digits(rng, 4)]


def spell_kanji(number: str) -> str:
    return "".join(KANJI_DIGITS[int(d)] if d.isdigit() else d for d in number)


def spell_kana(groups: list[str], rng: random.Random, sep: str) -> str:
    return sep.join("".join(rng.choice(KANA_DIGITS[d]) for d in g) for g in groups)


def kanji_numeral(value: int) -> str:
    """五十八, 十二, 三 (with 十 as dates are written)."""
    tens, ones = divmod(value, 10)
    return (("" if tens == 1 else KANJI_DIGITS[tens]) + "十" if tens else "") + (KANJI_DIGITS[ones] if ones else "")


def phone_form(rng: random.Random) -> tuple[str, str]:
    """A phone number in one of the forms that got through: (value, form)."""
    groups = phone_groups(rng)
    form = rng.choice(["phone_kanji", "phone_spaced", "phone_slash_dot", "phone_katakana", "phone_hiragana"])
    if form == "phone_kanji":
        return spell_kanji(rng.choice(["-", "ー", "－", "", " "]).join(groups)), form
    if form == "phone_spaced":
        spaced = [rng.choice([" ", "　"]).join(g) for g in groups]
        return (rng.choice([" ", " - ", "　"]).join(spaced)), form
    if form == "phone_slash_dot":
        return rng.choice(["/", ".", "・", " / "]).join(groups), form
    value = spell_kana(groups, rng, rng.choice(["、", "の", " ", "-", ""]))
    return (hiragana(value) if form == "phone_hiragana" else value), form


def identifier_form(fake: Faker, rng: random.Random) -> tuple[str, list[tuple[str, str]], str]:
    """One message with a structured identifier in one of the forms of issue #16."""
    far = "。書類を見ながら入力しているのですが、念のため確認させてください。"
    kind = rng.choice(["phone", "phone", "phone", "my_kanji", "my_spaced", "pension", "insurance", "my_far",
                       "seeker", "email", "email", "dob", "dob", "bank", "card"])
    if kind == "phone":
        value, form = phone_form(rng)
        template = rng.choice(["電話番号は{}です。", "携帯{}に折り返しお願いします。", "連絡先：{}",
                               "{}まで電話をください。", "でんわは {} です", "緊急連絡先は{}になります。"])
        return template.format(value), [(PHONE, value)], form
    if kind in ("my_kanji", "my_spaced", "my_far"):
        number = my_number(rng)
        if kind == "my_kanji":
            sep = rng.choice(["", " ", "-"])
            value = spell_kanji(sep.join((number[:4], number[4:8], number[8:])))
            template = rng.choice(["マイナンバーは{}です。", "個人番号{}で登録できますか。", "{}が私の番号です。"])
        elif kind == "my_spaced":
            value = rng.choice([" ", "　"]).join(number)
            template = rng.choice(["マイナンバーは {} です。", "個人番号：{}", "{}（マイナンバー）"])
        else:
            value = number if rng.random() < 0.5 else number[:11] + str((int(number[11]) + 1) % 10)
            template = "マイナンバーカードの件で相談です" + far + "番号は{}で合っていますか。"
        return template.format(value), [(MY, value)], kind.replace("my_", "my_number_")
    if kind == "pension":
        head, tail = digits(rng, 4), digits(rng, 6)
        value = rng.choice([head + tail, f"{head}-{tail}", f"{head} {tail}"])
        return f"基礎年金番号の記入欄について質問です{far}番号は{value}です。", [(PENSION, value)], "pension_far"
    if kind == "insurance":
        value = rng.choice([digits(rng, 11), "-".join((digits(rng, 4), digits(rng, 6), digits(rng, 1)))])
        text = f"雇用保険の被保険者証が手元にあります{far}記載されている番号は{value}でした。"
        return text, [(INSURANCE, value)], "insurance_far"
    if kind == "seeker":
        value = f"{rng.randint(10000, 47999)}-{digits(rng, rng.choice([7, 8]))}"
        text = f"求職登録のときにもらった受付票を見ています{far}番号は{value}です。"
        return text, [(SEEKER, value)], "job_seeker_far"
    if kind == "email":
        local, domain = fake.user_name(), fake.free_email_domain()
        at, dot = rng.choice([(" アットマーク ", " ドット "), ("(at)", "(dot)"), ("あっとまーく", "どっと"),
                              (" at ", " dot "), ("アット", "ドット"), ("[at]", "[dot]")])
        value = local + at + domain.replace(".", dot)
        template = rng.choice(["メールは{}です。", "{}に送ってください。", "連絡先のアドレスは {} です"])
        return template.format(value), [(EMAIL, value)], "email_spelled"
    if kind == "dob":
        year, month, day = rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)  # not today-relative
        era, base = ("平成", 1988) if year >= 1989 else ("昭和", 1925)
        value = rng.choice([f"{era}{kanji_numeral(year - base)}年{kanji_numeral(month)}月{kanji_numeral(day)}日",
                            f"{spell_kanji(str(year))}年{kanji_numeral(month)}月{kanji_numeral(day)}日"])
        template = rng.choice(["{}生まれです。", "生年月日は{}です。", "誕生日は{}です。応募できますか。"])
        return template.format(value), [(DOB, value)], "dob_kanji"
    if kind == "bank":
        number = digits(rng, 7)
        value = rng.choice([" ".join(number), number[:3] + " " + number[3:], "　".join(number)])
        return f"振込先の口座番号は {value} です。", [(BANK, value)], "bank_spaced"
    number = fake.credit_card_number(card_type=rng.choice(["visa16", "mastercard", "jcb16"]))
    value = rng.choice([" ".join(number), "　".join(number[i : i + 4] for i in range(0, 16, 4)),
                        "-".join(number[i : i + 4] for i in range(0, 16, 4))])
    return f"カード番号{value}で支払えますか。", [(CARD, value)], "card_spaced"


def name_form(fake: Faker, rng: random.Random) -> tuple[str, list[tuple[str, str]], str]:
    """One message with a name in hiragana, romaji or spaced kanji next to a cue."""
    (s_kanji, s_kana, s_roma), (g_kanji, g_kana, g_roma) = name_parts(fake, rng)
    form = rng.choice(["name_hiragana", "name_hiragana", "name_romaji", "name_romaji", "name_spaced"])
    if form == "name_hiragana":
        s, g = hiragana(s_kana), hiragana(g_kana)
        full = s + rng.choice([" ", "", "　"]) + g
        cases = [(f"{full} と申します。", full), (f"{full}と申します。認定日の変更をしたいです。", full),
                 (f"わたしは {full} です。", full), (f"なまえは {full} です。", full), (f"氏名は{full}です。", full),
                 (f"{full}です。しつもんが あります。", full), (f"たんとうの {s}さんに でんわしたい。", s),
                 (f"{s}さまから れんらくが ありました。", s), (f"わたしは{s}と もうします。", s)]
    elif form == "name_romaji":
        given_first = f"{g_roma} {s_roma}"
        cases = [(f"{given_first} と申します。", given_first), (f"{s_roma.upper()} {g_roma} です。", None),
                 (f"{s_roma.lower()} {g_roma.lower()} です。", None), (f"My name is {given_first}.", given_first),
                 (f"Mr. {s_roma} から電話がありました。", s_roma), (f"{s_roma}-san に相談したいです。", s_roma),
                 (f"私は{s_roma}です。", s_roma), (f"氏名：{s_roma.upper()} {g_roma}", None),
                 (f"応募者の {given_first} さんの件です。", given_first)]
    else:
        spaced = " ".join(s_kanji + g_kanji) if rng.random() < 0.8 else "　".join(s_kanji + g_kanji)
        cases = [(f"{spaced} と申します。", spaced), (f"氏名：{spaced}", spaced), (f"{spaced}です。", spaced),
                 (f"担当の{' '.join(s_kanji)}さんに相談したい。", " ".join(s_kanji)),
                 (f"申込者は{spaced}です。", spaced)]
    text, value = rng.choice(cases)
    if value is None:  # SURNAME Given / surname given: the value is what the template wrote
        value = text.split("：")[-1].removesuffix(" です。").removesuffix("です。")
    return text, [(PERSON_T, value)], form


def overlap_form(fake: Faker, rng: random.Random) -> tuple[str, list[tuple[str, str]], str]:
    """A name and a phone number in one message: the number must come out as a phone number."""
    (_, s_kana, _), (_, g_kana, _) = name_parts(fake, rng)
    name = s_kana + rng.choice(["", " "]) + g_kana
    value, _ = phone_form(rng)
    text = rng.choice([f"{name}です。電話は{value}です。", f"{name}と申します。連絡先は{value}です。",
                       f"氏名：{name}　電話：{value}"])
    return text, [(PERSON_T, name), (PHONE, value)], "overlap_name_phone"


# Written by hand: more ways to write each identifier and name, and look-alikes (text, type, value).
HAND_WRITTEN: list[tuple[str, str, str]] = [
    ("携帯は〇八〇－九八七六－五四三二です", "PHONE_NUMBER", "〇八〇－九八七六－五四三二"),
    ("でんわ 〇九〇 一二三四 五六七八 まで", "PHONE_NUMBER", "〇九〇 一二三四 五六七八"),
    ("連絡先は〇三ー三二一〇ー九八七六です", "PHONE_NUMBER", "〇三ー三二一〇ー九八七六"),
    ("電話：〇四五（六七八）九〇一二", "PHONE_NUMBER", "〇四五（六七八）九〇一二"),
    ("自宅は０３\u3000１２３４\u3000５６７８です", "PHONE_NUMBER", "０３\u3000１２３４\u3000５６７８"),
    ("0 8 0 - 1 1 2 2 - 3 3 4 4に電話ください", "PHONE_NUMBER", "0 8 0 - 1 1 2 2 - 3 3 4 4"),
    ("携帯 ０ ９ ０ ８ ７ ６ ５ ４ ３ ２ １", "PHONE_NUMBER", "０ ９ ０ ８ ７ ６ ５ ４ ３ ２ １"),
    ("電話番号は080/5555/1234です", "PHONE_NUMBER", "080/5555/1234"),
    ("TEL 03.5555.1234", "PHONE_NUMBER", "03.5555.1234"),
    ("電話は090の1111の2222です", "PHONE_NUMBER", "090の1111の2222"),
    ("ゼロキュウゼロ イチイチニーニー サンサンヨンヨン に電話して",
     "PHONE_NUMBER", "ゼロキュウゼロ イチイチニーニー サンサンヨンヨン"),
    ("電話はゼロハチゼロのキューキューハチハチのナナナナロクロクです",
     "PHONE_NUMBER", "ゼロハチゼロのキューキューハチハチのナナナナロクロク"),
    ("でんわばんごうは ぜろきゅうぜろ にいさんよんご ろくななはちきゅう です",
     "PHONE_NUMBER", "ぜろきゅうぜろ にいさんよんご ろくななはちきゅう"),
    ("れいきゅうれい、いちにさんよん、ごろくななはち まで おねがいします",
     "PHONE_NUMBER", "れいきゅうれい、いちにさんよん、ごろくななはち"),
    ("マルハチマル イチニサンヨン ゴロクナナハチ", "PHONE_NUMBER", "マルハチマル イチニサンヨン ゴロクナナハチ"),
    ("ぜろきゅうぜろいちにさんよんごろくななはちにでんわください",
     "PHONE_NUMBER", "ぜろきゅうぜろいちにさんよんごろくななはち"),
    ("マイナンバーは一二三四五六七八九〇一八です", "JP_MY_NUMBER", "一二三四五六七八九〇一八"),
    ("個人番号：一二三四 五六七八 九〇一八", "JP_MY_NUMBER", "一二三四 五六七八 九〇一八"),
    ("マイナンバー 1 2 3 4 5 6 7 8 9 0 1 8", "JP_MY_NUMBER", "1 2 3 4 5 6 7 8 9 0 1 8"),
    ("マイナンバーはイチニーサンヨン ゴーロクナナハチ キューゼロイチハチです",
     "JP_MY_NUMBER", "イチニーサンヨン ゴーロクナナハチ キューゼロイチハチ"),
    ("マイナンバーを書く欄があるのですが、通知カードをなくしてしまいました。控えのメモには123412341234とあります",
     "JP_MY_NUMBER", "123412341234"),
    ("年金のことで聞きたいのですが、ねんきん定期便に書いてある私の番号は1111-222222で合ってますか",
     "JP_BASIC_PENSION_NUMBER", "1111-222222"),
    ("基礎年金番号を教えてと言われました。手帳を探したら表紙の裏に 1234 567890 と書いてありました",
     "JP_BASIC_PENSION_NUMBER", "1234 567890"),
    ("基礎年金番号の記入についてですが、会社から渡されたメモにある4321098765を書けばいいですか",
     "JP_BASIC_PENSION_NUMBER", "4321098765"),
    ("年金手帳の番号は一二三四－五六七八九〇です", "JP_BASIC_PENSION_NUMBER", "一二三四－五六七八九〇"),
    ("雇用保険の被保険者証をなくしました。前の会社から聞いた番号は5001-234567-8です",
     "JP_EMPLOYMENT_INSURANCE_NUMBER", "5001-234567-8"),
    ("雇用保険の手続きで、前職の人事から連絡のあった被保険者の番号が12345678901でした",
     "JP_EMPLOYMENT_INSURANCE_NUMBER", "12345678901"),
    ("求職番号を聞かれたのですが、受付票を家に忘れてしまって、たぶん13010-1234567だったと思います",
     "JP_JOB_SEEKER_NUMBER", "13010-1234567"),
    ("ハローワーク受付票の番号 一三〇一〇－一二三四五六七八 で合っていますか",
     "JP_JOB_SEEKER_NUMBER", "一三〇一〇－一二三四五六七八"),
    ("メールは taro アットマーク example ドット com です", "EMAIL_ADDRESS", "taro アットマーク example ドット com"),
    ("taro(at)example(dot)co(dot)jp に送って", "EMAIL_ADDRESS", "taro(at)example(dot)co(dot)jp"),
    ("yamada.taro あっと gmail どっと com", "EMAIL_ADDRESS", "yamada.taro あっと gmail どっと com"),
    ("アドレスはtaro_y★example.ne.jpです（★を@に変えてください）", "EMAIL_ADDRESS", "taro_y★example.ne.jp"),
    ("hanako ＠ example ． co ． jp", "EMAIL_ADDRESS", "hanako ＠ example ． co ． jp"),
    ("taro[at]example[dot]com", "EMAIL_ADDRESS", "taro[at]example[dot]com"),
    ("taro at example dot com まで", "EMAIL_ADDRESS", "taro at example dot com"),
    ("メアドは taro アット example.jp", "EMAIL_ADDRESS", "taro アット example.jp"),
    ("昭和五十八年四月三日生まれです", "DATE_OF_BIRTH", "昭和五十八年四月三日"),
    ("生年月日は平成元年十二月二十五日です", "DATE_OF_BIRTH", "平成元年十二月二十五日"),
    ("生年月日：一九八三年四月三日", "DATE_OF_BIRTH", "一九八三年四月三日"),
    ("私は昭和四十年の生まれで、誕生日は昭和四十年七月七日です", "DATE_OF_BIRTH", "昭和四十年七月七日"),
    ("生年月日を入力する欄があるのですが、わたしは昭和３５年２月１１日です", "DATE_OF_BIRTH", "昭和３５年２月１１日"),
    ("平成三年三月三日生", "DATE_OF_BIRTH", "平成三年三月三日"),
    ("口座番号は 1 2 3 4 5 6 7 です", "JP_BANK_ACCOUNT", "1 2 3 4 5 6 7"),
    ("振込先 普通 123 4567", "JP_BANK_ACCOUNT", "123 4567"),
    ("口座番号 一二三四五六七", "JP_BANK_ACCOUNT", "一二三四五六七"),
    ("カード番号 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "CREDIT_CARD", "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1"),
    ("クレジットカードは ４１１１　１１１１　１１１１　１１１１ です",
     "CREDIT_CARD", "４１１１　１１１１　１１１１　１１１１"),
    ("やまだ たろう と申します", "PERSON", "やまだ たろう"),
    ("やまだたろうと申します。よろしくお願いします", "PERSON", "やまだたろう"),
    ("わたしは さとう はなこ です", "PERSON", "さとう はなこ"),
    ("すずき いちろう です。しつもんが あります", "PERSON", "すずき いちろう"),
    ("なまえは たなか みゆき です", "PERSON", "たなか みゆき"),
    ("氏名 たかはし けんじ", "PERSON", "たかはし けんじ"),
    ("たなかさんに そうだん したいです", "PERSON", "たなか"),
    ("こばやしさまから でんわが ありました", "PERSON", "こばやし"),
    ("Taro Yamada と申します", "PERSON", "Taro Yamada"),
    ("YAMADA Taro です", "PERSON", "YAMADA Taro"),
    ("yamada taro", "PERSON", "yamada taro"),
    ("My name is Hanako Suzuki.", "PERSON", "Hanako Suzuki"),
    ("I am Kenji Takahashi", "PERSON", "Kenji Takahashi"),
    ("氏名：SATO Ichiro", "PERSON", "SATO Ichiro"),
    ("Suzuki-san に連絡したい", "PERSON", "Suzuki"),
    ("担当の Tanaka さんに相談したい", "PERSON", "Tanaka"),
    ("山 田 太 郎 です", "PERSON", "山 田 太 郎"),
    ("氏名\u3000佐\u3000藤\u3000花\u3000子", "PERSON", "佐\u3000藤\u3000花\u3000子"),
    ("鈴 木 一 郎 と申します", "PERSON", "鈴 木 一 郎"),
    ("担当は高 橋 さんです", "PERSON", "高 橋"),
    ("ヤ マ ダ タ ロ ウ です", "PERSON", "ヤ マ ダ タ ロ ウ"),
    ("や ま だ た ろ う と申します", "PERSON", "や ま だ た ろ う"),
    ("ヤマダ タロウと申します", "PERSON", "ヤマダ タロウ"),
    ("わたしは いとう です", "PERSON", "いとう"),
    ("私は Yamada です", "PERSON", "Yamada"),
    ("氏名（フリガナ）：ヤマダ タロウ", "PERSON", "ヤマダ タロウ"),
    ("ふりがな やまだ たろう", "PERSON", "やまだ たろう"),
    ("フリガナ：スズキ ハナコ", "PERSON", "スズキ ハナコ"),
    ("こんにちは。やまだです。しつもんです", "PERSON", "やまだ"),
    ("やまだ と いいます。よろしく", "PERSON", "やまだ"),
    ("わたしの なまえは さとう けんじ です", "PERSON", "さとう けんじ"),
    ("担当者：すずき", "PERSON", "すずき"),
    ("YAMADA, Taro", "PERSON", "YAMADA, Taro"),
    ("Mr.Yamada", "PERSON", "Yamada"),
    ("Name: Hanako Sato", "PERSON", "Hanako Sato"),
    ("Full name: Kenta Morita", "PERSON", "Kenta Morita"),
    ("Yamada-sama に届けてください", "PERSON", "Yamada"),
    ("わたしは はやし みゆきと申します", "PERSON", "はやし みゆき"),
    ("いとうさんの ことで でんわしました", "PERSON", "いとう"),
    ("すずきくんが りしょくひょうを なくしました", "PERSON", "すずき"),
    ("ゼロキューゼロノイチニーサンヨンノゴーロクナナハチ",
     "PHONE_NUMBER", "ゼロキューゼロノイチニーサンヨンノゴーロクナナハチ"),
    ("ゼロキュウゼロ ハイフン イチニサンヨン ハイフン ゴロクナナハチ",
     "PHONE_NUMBER", "ゼロキュウゼロ ハイフン イチニサンヨン ハイフン ゴロクナナハチ"),
    ("ゼロ・キュウ・ゼロ・イチ・ニ・サン・ヨン・ゴ・ロク・ナナ・ハチ",
     "PHONE_NUMBER", "ゼロ・キュウ・ゼロ・イチ・ニ・サン・ヨン・ゴ・ロク・ナナ・ハチ"),
    ("〇九〇（一二三四）五六七八", "PHONE_NUMBER", "〇九〇（一二三四）五六七八"),
    ("電話は045(123)4567", "PHONE_NUMBER", "045(123)4567"),
    ("生年月日は 昭和 五十八年 四月 三日 です", "DATE_OF_BIRTH", "昭和 五十八年 四月 三日"),
    ("求職番号 一三〇一〇 一二三四五六七八", "JP_JOB_SEEKER_NUMBER", "一三〇一〇 一二三四五六七八"),
    ("ゆうちょ銀行 記号10190 番号12345671", "JP_BANK_ACCOUNT", "12345671"),
    ("ゆうちょ銀行 記号10190 番号12345671", "JP_BANK_ACCOUNT", "10190"),
    ("メールは taro アットマーク ジーメール ドットコム", "EMAIL_ADDRESS", "taro アットマーク ジーメール ドットコム"),
    ("taroあっとgmailどっとこむ", "EMAIL_ADDRESS", "taroあっとgmailどっとこむ"),
    ("年金の受給について質問です。ねんきん定期便を見ながら書いています。番号は 一二三四 五六七八九〇 です",
     "JP_BASIC_PENSION_NUMBER", "一二三四 五六七八九〇"),
    ("マイナンバーカードを作ったのですが、ハローワークでも使えますか。ちなみに番号は九八七六五四三二一〇九八です",
     "JP_MY_NUMBER", "九八七六五四三二一〇九八"),
    ("電話番号 ０９０ー１２３４ー５６７８", "PHONE_NUMBER", "０９０ー１２３４ー５６７８"),
    ("ぜろきゅーぜろ の いちにーさんよん の ごーろくななはち",
     "PHONE_NUMBER", "ぜろきゅーぜろ の いちにーさんよん の ごーろくななはち"),
    ("ゼロ キュー ゼロ、イチ ニー サン ヨン、ゴー ロク ナナ ハチ",
     "PHONE_NUMBER", "ゼロ キュー ゼロ、イチ ニー サン ヨン、ゴー ロク ナナ ハチ"),
    ("〇九〇の一二三四の五六七八に", "PHONE_NUMBER", "〇九〇の一二三四の五六七八"),
    ("電話は 0 9 0 ー 1 2 3 4 ー 5 6 7 8", "PHONE_NUMBER", "0 9 0 ー 1 2 3 4 ー 5 6 7 8"),
    ("固定電話は〇三―三五八一―一一一一です", "PHONE_NUMBER", "〇三―三五八一―一一一一"),
    ("マイナンバーは いちにさんよん ごろくななはち きゅうぜろいちに",
     "JP_MY_NUMBER", "いちにさんよん ごろくななはち きゅうぜろいちに"),
    ("個人番号は 一二三四-五六七八-九〇一二", "JP_MY_NUMBER", "一二三四-五六七八-九〇一二"),
    ("yamada アット マーク gmail.com", "EMAIL_ADDRESS", "yamada アット マーク gmail.com"),
    ("taro ＠ gmail ． com", "EMAIL_ADDRESS", "taro ＠ gmail ． com"),
    ("昭和五十八年生まれです", "DATE_OF_BIRTH", "昭和五十八年"),
    ("生年月日 S58.4.3", "DATE_OF_BIRTH", "S58.4.3"),
    ("山田たろうです", "PERSON", "山田たろう"),
    ("鈴木はなこさんに連絡したい", "PERSON", "鈴木はなこ"),
    ("I'm Taro.", "PERSON", "Taro"),
    ("This is Sato from the company", "PERSON", "Sato"),
    ("すずき いちろう さんに連絡", "PERSON", "すずき いちろう"),
    ("たなか様へ", "PERSON", "たなか"),
    ("watashi wa yamada desu", "PERSON", "yamada"),
    ("氏名：Yamada Taro", "PERSON", "Yamada Taro"),
    ("やまだ たろうの りしょくひょうが まだ きません", "PERSON", "やまだ たろう"),
    ("ササキ ケンジです", "PERSON", "ササキ ケンジ"),
    ("わたしは きむら です", "PERSON", "きむら"),
    ("こんにちは、たかはしです", "PERSON", "たかはし"),
    ("基礎年金番号のことでお聞きします。先日、年金事務所から届いたはがき"
     "に書かれていた番号なのですが、一二三四五六七八九〇で合っていますか",
     "JP_BASIC_PENSION_NUMBER", "一二三四五六七八九〇"),
    ("マイナンバーの提出を求められました。会社の担当者に伝える必要があるのですが、手元"
     "のカードに書いてある番号 9876 5432 1098 を伝えても大丈夫でしょうか",
     "JP_MY_NUMBER", "9876 5432 1098"),
]
LOOK_ALIKES: dict[str, list[str]] = {
    "neg_hiragana_question": [
        "しつぎょうほけんは いつ もらえますか", "はろーわーくは なんじから あいていますか",
        "にんていびに いけないときは どうすれば いいですか", "りしょくひょうが まだ とどきません",
        "わたしは むしょくです。しごとを さがしています", "わたしは はじめてです。なにを もっていけば いいですか",
        "なまえは どこに かけば いいですか", "ひらがなで なまえを かいても いいですか",
        "むすこの かわりに てつづきは できますか", "ねんきんを もらいながら はたらけますか",
        "ろくじゅうごさいでも しごとは ありますか", "きゅうじんの さがしかたを おしえてください",
        "おかあさんの かいごで やめました", "みなさん ありがとうございます", "はい そうです。よろしく おねがいします",
        "でんわばんごうを かえたいです", "じゅうしょが かわりました。どうすれば いいですか",
        "いちにちに なんけん おうぼ できますか", "にさんにち まえに めーるを おくりました",
        "こようほけんの てつづきを おしえて ください",
    ],
    "neg_honorific": [
        "新しく入ったパートさんの雇用保険の手続きは？", "お客様からの問い合わせ対応の求人はありますか",
        "担当者様に確認していただけますか", "おつかれさまです。紹介状について質問です", "みなさまのご意見を聞きたい",
        "おかあさんが病気で仕事を休みがちです", "お子さんがいても働ける求人はありますか",
        "職員さんに相談したいのですが予約は必要ですか", "ケアマネさんの求人を探しています",
        "ごくろうさまです。離職票の件です",
    ],
    "neg_kanji_numbers": [
        "令和六年四月一日から働く予定です", "認定日は五月十日です。変更できますか", "三十五歳で転職を考えています",
        "週二十時間以上働くと雇用保険に入りますか", "平成二十年から十五年間勤めました", "二月三日に退職しました",
        "第一希望と第二希望の求人があります", "一日八時間、週五日勤務の求人", "十日町市の求人を探しています",
        "四十代でも応募できますか", "五十八歳です。再就職手当はもらえますか", "昭和の頃から同じ会社に勤めていました",
    ],
    "neg_public_numbers": [
        "求人番号13010-12345678の求人に応募したい", "求職者マイページで見つけた求人番号27010-4567890に応募したいです",
        "事業所番号1301-123456-7の確認方法を教えてください", "求人番号 13150- 1234567 の賃金欄の見方",
        "求職登録は済んでいます。求人番号13010-87654321の締切はいつですか", "会社の事業所番号は1234-567890-1です",
        "ハローワークの受付時間は8時30分から17時15分までですか", "雇用保険に10年加入していました",
        "月給25万円、賞与年2回の求人", "マイナンバーカードは求職登録に必要ですか",
    ],
    "neg_hand": [
        "しつぎょうほけんは いつ もらえますか",
        "はろーわーくの でんわばんごうを おしえてください",
        "わたしは むしょくです",
        "わたしは ろくじゅっさいです",
        "なまえを かえたいです",
        "なまえは どこに かくのですか",
        "たんとうの ひとに そうだん したいです",
        "みなさん こんにちは",
        "おかあさんの かいごで やめました",
        "ぼくは がくせいです。あるばいとを さがしています",
        "はい そうです",
        "いいえ ちがいます",
        "にかいめの にんていびは いつですか",
        "いちにち ごじかん はたらきたいです",
        "しごとが みつかりません",
        "メールアドレスにアットマークが入りません",
        "ドットが2つ続くアドレスは使えますか",
        "アドレスの @ の前は何文字までですか",
        "求人番号13010-12345678について",
        "事業所番号 1301-123456-7",
        "法人番号 1234567890123 の会社です",
        "令和六年四月一日に入社しました",
        "昭和の終わりごろに生まれました",
        "平成三十年三月に卒業しました",
        "一日八時間、週五日です",
        "二〇二四年四月から働きます",
        "三十歳です",
        "十二月二十五日は休みですか",
        "サンキューの意味",
        "イチから教えてください",
        "ゴーゴーカレーの求人",
        "キューピーの工場",
        "ハチ公前で待ち合わせ",
        "パートさんの社会保険",
        "お客様対応の仕事",
        "担当者様へ",
        "おつかれさまです",
        "Hello Work の求人",
        "I am looking for a part time job",
        "My name is on the list",
        "please call me",
        "tokyo osaka nagoya の求人",
        "ok google",
        "anime studio の求人はありますか",
        "sushi chef の仕事",
        "年金を受け取りながら働けますか。在職老齢年金の計算で、月給は250000円です",
        "雇用保険の加入期間は12か月以上必要ですか",
        "マイナンバーカードの申請はどこでできますか。通知カードしかありません",
        "受付番号 1234567 の件",
        "郵便番号から探せますか",
        "昭和五十八年の法改正について",
        "4月3日生まれの人は学年が早いですか",
        "週二〇時間以上",
        "九時から五時まで",
        "一二三四五 という番号は何ですか",
        "山田町の求人",
        "田中工業の求人に応募したい",
        "担当者は いますか",
        "担当者が わかりません",
        "Name: 未記入",
        "Mr. Children の曲",
        "やまだ町の しごと",
        "ゼロから始める仕事",
        "サンサンと輝く",
        "ノートパソコンの仕事",
        "ふりがなは必要ですか",
        "フリガナの書き方",
        "わたしの なまえは ひらがなで いいですか",
        "はじめまして。よろしく おねがいします",
        "こんにちは。しつもんです",
        "tanaka",
        "yes we can",
        "the home page",
        "i am a student",
        "this is a pen",
        "my name is not important",
        "担当の方をお願いします",
        "担当は誰ですか",
        "ハイフンは必要ですか",
        "ゴーゴー",
        "ロクでもない",
        "電話番号の変更はどうすればいいですか",
        "0120の番号はつながりますか",
        "ゼロから仕事を探しています",
        "いち に さん で始める体操教室の求人",
        "令和五年十月一日に退職しました",
        "平成の終わりに退職しました",
        "生まれは大阪です",
        "生年月日の欄は西暦で書くのですか",
        "ありがとうございました。たすかりました",
        "いつも おせわに なっております",
        "すみません、わかりません",
        "i am not sure",
        "this is urgent",
        "watashi wa shitsugyou shimashita",
        "take care",
        "山田町の求人はありますか",
        "本日は雨です",
        "田中工業の面接",
    ],
    "neg_hiragana_spaced": [  # HWIS questions as elderly users type them
        "ろくごさいすぎてからのたいしょくだといちじきんになるってきいたけどなんにちぶん？",
        "はろわの しょうかいで さいようが きまったら 、 はろわに れんらく しなきゃ いけない ？",
        "めんせつで うかる こつ",
        "ゆうこうきかんはいつまで",
        "ないていしゃとはなしあって、きゅうじんひょうよりきんむにっすうをへらしたじょうけんでけいやくしたい",
        "けっこん して ひっこしたので 、 まいぺーじの じゅうしょと きぼうきんむちを かえたいです",
        "こうれいしゃやぼしかていのおかあさんをやとうともらえるじょせいきん",
        "かり とうろく した あとは ？",
        "しゅっさんよていなので、しつぎょうほけんのじゅきゅうきかんをのばしたい",
        "しゅう に 〜 みっ かの たんじかん ぱーとで しぼりこむ やりかた",
        "たいしょくの とき りしょくひょうは いらないと いってた ひとから 、 やっぱり はっこう してと たのまれた",
        "じもと いがいの はろわでも おーけー ？",
        "にんていびから なんにちで ふりこまれますか",
        "しょくむけいれきしょのかきかたがわからない",
        "しつぎょうの にんていって けっきょく なんを ちぇっく されるんですか",
        "じゅうぎょういん いちれい にんの かいしゃですが 、 じょせいきん もらえますか",
        "きかれたので けいさんの しかたを しりたい",
        "みならい きかん さん かげつ ありって かくだけで いい ？",
        "いちれいさんまんえんのかべについておしえて",
        "まえの かいしゃと いまの かいしゃの こようほけんの かにゅうきかん",
        "めんせつで りょうしんの しごとに ついて きかれた",
        "はろーわーくに きゅうじんを だすと けいさい りょうは いくら ？",
    ],
    "neg_words": [
        "メールアドレスのアットマークが入力できません", "ドットとハイフンはアドレスに使えますか",
        "イチゴ農家の求人はありますか", "サンキューカードを書く仕事", "ゴールデンウィーク中も開いていますか",
        "hello work internet serviceの使い方", "part time jobを探しています", "home pageから申し込めますか",
        "IDとpasswordを忘れました", "e-mailで書類を送れますか", "web siteの求人情報は最新ですか",
        "tokyo osakaの求人を比べたい", "my pageにログインできません",
    ],
}


def form_rows() -> list[dict[str, object]]:
    Faker.seed(FORMS_SEED)
    fake = Faker("ja_JP")
    rng = random.Random(FORMS_SEED)
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    makers = [identifier_form] * 9 + [name_form] * 6 + [overlap_form]
    while len(out) < 320:
        text, pii, form = rng.choice(makers)(fake, rng)
        if text not in seen:
            seen.add(text)
            out.append({"text": text, "pii": [{"type": t, "value": v} for t, v in pii], "form": form})
    for text, kind, value in HAND_WRITTEN:
        out.append({"text": text, "pii": [{"type": kind, "value": value}], "form": "hand_" + kind.lower()})
    for form, texts in LOOK_ALIKES.items():
        out.extend({"text": text, "pii": [], "form": form} for text in texts)
    return out


PHONE, EMAIL, MY, INSURANCE, PENSION, SEEKER = ("PHONE_NUMBER", "EMAIL_ADDRESS", "JP_MY_NUMBER",
                                                 "JP_EMPLOYMENT_INSURANCE_NUMBER", "JP_BASIC_PENSION_NUMBER",
                                                 "JP_JOB_SEEKER_NUMBER")
DOB, BANK, CARD, PERSON_T = "DATE_OF_BIRTH", "JP_BANK_ACCOUNT", "CREDIT_CARD", "PERSON"


def write(name: str, data: list[dict[str, object]]) -> None:
    with (HERE / name).open("w", encoding="utf-8") as fh:
        for row in data:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with_pii = sum(1 for r in data if r["pii"])
    print(name, with_pii, "with personal data,", len(data) - with_pii, "without")


if __name__ == "__main__":
    import sys

    wanted = sys.argv[1:] or ["pii_ja", "forms"]  # pii_ja depends on today's date (Faker's date_of_birth)
    if "pii_ja" in wanted:
        write("pii_ja.jsonl", rows())
    if "forms" in wanted:
        write(FORMS_FILE, form_rows())
