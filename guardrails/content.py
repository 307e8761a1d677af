# ruff: noqa: E501  (one regex per line reads better than a regex split across lines)
"""Content filter: abusive, harassing or discriminatory language; signs of self-harm.

Abuse gets a polite refusal. Self-harm is never answered with an FAQ entry: the user
gets the public consultation lines instead (厚生労働省「まもろうよ こころ」). Patterns
target the statement, not the topic, so questions about 過労死, 障害者雇用 or
ハラスメントの相談窓口 pass.
"""

from __future__ import annotations

import regex

from guardrails.verdict import Finding, Verdict

_KATA_EDGE_L = r"(?<![\p{Katakana}ー])"
_KATA_EDGE_R = r"(?![\p{Katakana}ー])"
_GROUPS = r"(?:女|女性|女ども|男|外国人|外人|障害者|障がい者|高齢者|老人|年寄り|ババア|ジジイ|在日|部落|同和|ゲイ|レズ|ホモ|オカマ|lgbt)"

PATTERNS: tuple[tuple[str, float, str], ...] = (
    ("self_harm", 0.95, r"(?:死にたい|しにたい|シニタイ|死のうと|死んでしまいたい|死んだほうが(?:まし|楽)|消えてしまいたい|消えたい|"
                        r"いなくなりたい|生きていたくない|生きていても(?:仕方|意味)|生きる(?:意味|気力)が(?:ない|無い)|"
                        r"自殺|自死|命を絶|首を(?:吊|つ)|首吊り|飛び降り(?:たい|よう|る)|リストカット|リスカ|od(?:し|する)|"
                        r"楽になりたい|もう終わりにしたい|人生を終わらせ|この世から)"),
    ("self_harm", 0.95, r"(?:kill myself|suicid|end my life|want to die|wanna die|self[- ]harm|hurt myself|cut myself)"),
    ("abuse", 0.95, r"(?:死ね|氏ね|タヒね|殺す|ころす|殺して(?:やる|やろう)|ぶっ殺|ぶっころ|殺害予告|爆破(?:する|して|予告)|"
                    r"火をつけ(?:る|て)やる|刺して(?:やる|やろう)|燃やして(?:やる|やろう))"),
    ("abuse", 0.7, rf"(?:{_KATA_EDGE_L}(?:バカ|カス|クズ|ボケ|アホ|ハゲ){_KATA_EDGE_R}|馬鹿|ばか(?![らりるれろ])|あほ(?!う)|"
                   r"(?:お前|おまえ|職員|役所|あなた|こいつ|サービス|ここ)(?:は|なんて|なんか)?ゴミ|ゴミ(?:職員|役所|サービス|ども|野郎)|"
                   r"ふざけるな|ふざけんな|黙れ|だまれ|てめえ|てめー|テメエ|くたばれ|くそ(?:野郎|やろう|役所|が)|クソ(?:野郎|役所|が|ども)|"
                   r"無能|役立たず|税金泥棒|きもい|キモい|うざい|ウザい|消えろ|カスども|能無し|ごみくず)"),
    ("abuse", 0.8, r"(?:fuck|f\*ck|shit|bitch|asshole|bastard|idiot|moron|stupid (?:bot|ai|staff)|kill you)"),
    ("harassment", 0.8, r"(?:晒して(?:やる|やろう)|晒す(?:ぞ|から)|ネットに(?:晒|書き込んで)やる|家(?:に|まで)(?:押しかけ|行って)やる|"
                        r"住所(?:を)?(?:特定して|調べて)やる|覚えて(?:ろ|おけ)|ただじゃ(?:おかない|済まさない))"),
    ("discrimination", 0.9, r"(?:ガイジ|池沼|チョン(?![\p{Katakana}ー])|支那人?|シナ人|土人|穢多|非人|キチガイ|きちがい|気違い|"
                            r"めくら|つんぼ|かたわ|びっこ|ニガー|nigger|faggot)"),
    ("discrimination", 0.85, rf"{_GROUPS}(?:は|なんか|なんて|って)(?:全員|みんな)?(?:雇いたくない|雇うな|いらない|要らない|使えない|"
                             rf"劣って|無能|ゴミ|クズ|カス|死ね|消えろ|出ていけ|出て行け|帰れ|採用したくない|信用できない|汚い)"),
)
BLOCK_THRESHOLD = 0.65
_COMPILED = tuple((kind, weight, regex.compile(p)) for kind, weight, p in PATTERNS)

ABUSE_MESSAGE = (
    "恐れ入りますが、乱暴な表現や差別的な表現を含むご入力にはお答えできません。"
    "ハローワークインターネットサービスのご利用に関するご質問を、あらためてご入力ください。"
)
SELF_HARM_MESSAGE = (
    "おつらいお気持ちの中、ご連絡くださりありがとうございます。ひとりで抱え込まず、専門の相談窓口にお話しください。\n"
    "・こころの健康相談統一ダイヤル 0570-064-556\n"
    "・よりそいホットライン 0120-279-338（24時間・無料）\n"
    "・#いのちSOS 0120-061-338（無料）\n"
    "・いのちの電話 0570-783-556\n"
    "電話やSNSでの相談窓口の一覧は、厚生労働省「まもろうよ こころ」（https://www.mhlw.go.jp/mamorouyokokoro/）にあります。"
    "命の危険が迫っているときは、ためらわず119番または110番に連絡してください。"
)


class ContentGuard:
    """Blocks abuse, harassment and discrimination (polite refusal) and self-harm (consultation lines)."""

    name = "content"

    def __init__(self, threshold: float = BLOCK_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold

    def scan(self, text: str) -> list[Finding]:
        """The best hit per kind, strongest first (self-harm before abuse at equal score)."""
        best: dict[str, Finding] = {}
        for kind, weight, pattern in _COMPILED:
            match = pattern.search(text)
            if match and (kind not in best or best[kind].score < weight):
                best[kind] = Finding(kind, match.start(), match.end(), weight)
        return sorted(best.values(), key=lambda f: (-f.score, f.kind != "self_harm"))

    def check(self, text: str) -> Verdict:
        """Not allowed when any kind reaches the threshold; self-harm outranks everything else."""
        findings = self.scan(text)
        if any(f.kind == "self_harm" for f in findings):
            findings = sorted(findings, key=lambda f: f.kind != "self_harm")
            return Verdict(False, text, tuple(findings), findings[0].score, SELF_HARM_MESSAGE)
        score = max((f.score for f in findings), default=0.0)
        allowed = score < self.threshold
        return Verdict(allowed, text, tuple(findings), score, None if allowed else ABUSE_MESSAGE)

    @staticmethod
    def message_for(verdict: Verdict) -> str | None:
        """The message for a blocked verdict: consultation lines for self-harm, else the polite refusal."""
        if verdict.allowed:
            return None
        return SELF_HARM_MESSAGE if verdict.findings and verdict.findings[0].kind == "self_harm" else ABUSE_MESSAGE
