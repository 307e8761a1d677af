# ruff: noqa: E501  (one regex per line reads better than a regex split across lines)
"""Curated prompt-injection patterns (Japanese, English, and the German/French/Spanish seen in the wild).

They no longer decide: the classifier (guardrails.injection_model) does. Each pattern's
weight is a feature of the classifier, and the strongest category found names the reason
of a block. Every pattern runs on the normalised text (NFKC, casefolded, invisible
characters gone, look-alikes folded) and on its decoded copies (guardrails.injection_decode).
Each entry is (category, weight, regex); a category's value is its best weight.

TRIGGER_WORDS are the words honest questions share with attacks; the training module uses
them to find the benign rows on which the block threshold must stay quiet.
"""

from __future__ import annotations

import regex

from guardrails.verdict import Finding

_G = r"[^。\n?？!！]{0,14}?"  # a short gap inside one clause
_W = r"\W{0,3}"  # between English words (spaces, punctuation, nothing at all in compact text)

_PRIOR_JA = r"(?:前|以前|上|上記|先|先ほど|これまで|今まで|それまで|最初|元|既存|全て|すべて|全部|あらゆる|システム|運営|開発者)"
_RULES_JA = r"(?:指示|しじ|命令|指令|ルール|プロンプト|ガイドライン|ポリシー|インストラクション|instructions?|prompts?|rules?)"
_SOFT_RULES_JA = r"(?:設定|制限|制約|規則|方針|役割|前提|フィルター)"
_DISCARD_JA = (
    r"(?:無視|むし|ムシ|忘れ|わすれ|破棄|リセット|無効|取り消|取消|取り払|上書き|捨て|解除|かいじょ|撤廃|なかったこと|従わな|守らな|気にしな|スルー)"
)
_EN_PRIOR = r"(?:previous|prior|above|preceding|earlier|all|any|your|the|initial|original|system|every|these|those|former)"
_EN_RULES = (
    r"(?:instructions?|prompts?|rules?|directives?|guidelines?|orders?|commands?|context|assignments?|tasks?"
    r"|constraints?|programming|restrictions?|articles?|documents?|information|sources?)(?![a-z])"
)
_SECRET_JA = r"(?:システムプロンプト|プロンプト|初期指示|内部設定|隠された指示|秘密の指示|隠し設定|指示内容|命令文|ルール一覧)"
_SOFT_SECRET_JA = r"(?:初期設定|設定内容|前提条件)"
_REVEAL_STRONG_JA = r"(?:出力|書き出|開示|復唱|貼り付け|全文|そのまま|一字一句|漏ら|暴露)"
_REVEAL_JA = r"(?:教えて|表示|出力|見せて|書き出|開示|公開|繰り返|復唱|貼り付け|列挙|全文|そのまま|漏ら|暴露)"
_OTHERS_JA = r"(?:他の|ほかの|別の|全ての|すべての|全|全部の|他ユーザーの|他の人の|第三者の)"
_PEOPLE_JA = r"(?:ユーザー|ユーザ|利用者|求職者|会員|人|方|アカウント|登録者|応募者)"
_PRIVATE_JA = r"(?:個人情報|情報|データ|住所|電話番号|メールアドレス|パスワード|履歴|応募履歴|職歴|氏名|名前|マイナンバー|会話|ログ|質問内容|登録内容)"

PATTERNS: tuple[tuple[str, float, str], ...] = (
    # --- instruction override -------------------------------------------------------------
    ("instruction_override", 0.9, rf"{_PRIOR_JA}の?{_G}{_RULES_JA}{_G}(?:を|は|に|も)?{_G}{_DISCARD_JA}"),
    ("instruction_override", 0.45, rf"{_PRIOR_JA}の?{_G}{_SOFT_RULES_JA}{_G}(?:を|は|に|も)?{_G}{_DISCARD_JA}"),
    ("instruction_override", 0.85, rf"{_SOFT_RULES_JA}(?:を|は)?(?:全て|すべて|全部)?{_G}{_DISCARD_JA}(?:して|した状態で|し|って|て)、?{_G}(?:自由に|何でも|なんでも|どんな|本音|好きに|制限なく|回答|答え|教え|話)"),
    ("instruction_override", 0.7, r"(?:私|俺|僕|わたし|自分)の(?:指示|命令|言うこと|いうこと)(?:だけ|のみ)(?:に従|を聞|聞|守)"),
    ("instruction_override", 0.85, rf"{_RULES_JA}(?:を|は|に)?{_G}(?:守らなくて|従わなくて|気にしなくて)(?:も)?(?:いい|よい|良い|結構|構わない)"),
    ("instruction_override", 0.9, rf"{_RULES_JA}(?:を|は|など|とか)?{_G}(?:全て|すべて|全部|一旦|いったん)?{_G}{_DISCARD_JA}(?:して|しろ|せよ|してください|する|て|ろ)"),
    ("instruction_override", 0.8, r"(?:新しい|新たな|次の|以下の|別の|本当の)(?:指示|命令|ルール|タスク|役割|設定|インストラクション)(?:に従|を(?:実行|優先)|です|:|：|を与え|が(?:ある|あります))"),
    ("instruction_override", 0.7, r"(?:今|いま|これ)から(?:は)?(?:指示|命令|ルール)(?:を|は)?(?:変更|変え|上書き)"),
    ("instruction_override", 0.8, r"(?:何も|なにも)(?:考えず|気にせず)に?(?:次の|以下の)?(?:文|言葉|文章)(?:を|だけ)?(?:出力|言|書)"),
    ("instruction_override", 0.9, rf"(?:ignor|disregard|forget|bypass|overrid|overwrit|abandon|discard|eras|neglect)(?:e|es|ed|ing|s)?{_W}(?:about{_W})?(?:{_EN_PRIOR}{_W}){{1,3}}{_EN_RULES}"),
    ("instruction_override", 0.8, rf"(?<![a-z])(?:ignore|disregard|forget)(?:s|ing)?{_W}(?:about{_W})?(?:everything|anything|all|the above|above|that|what (?:i|you) (?:said|told|wrote))(?![a-z])"),
    ("instruction_override", 0.7, rf"(?:new|different|updated|real|actual|following|next){_W}(?:instructions?|task|assignment|orders?|directives?|rules?)(?:{_W}(?:are|is|follow|:))"),
    ("instruction_override", 0.7, rf"(?:don'?t|do{_W}not|never|stop){_W}(?:follow|obey|answer{_W}according|use){_W}(?:{_EN_PRIOR}{_W}){{0,2}}(?:instructions?|rules?|documents?|context|guidelines?)"),
    ("instruction_override", 0.6, rf"(?:instead|rather){_W}(?:of{_W})?(?:answer|respond|reply)\w*{_W}(?:say|print|output|write|tell)"),
    ("instruction_override", 0.6, rf"(?:just|only|simply){_W}(?:say|print|output|write|reply|respond)\w*{_W}(?:with{_W})?[\"'「]"),
    ("instruction_override", 0.6, r"(?:now|from now on)[,.]?\s+(?:you|your|focus|concentrate|do|answer|write|say|print|tell)\b.{0,40}\b(?:task|instead|only|must)"),
    ("instruction_override", 0.85, r"(?:vergiss|vergessen sie|ignorier|ignoriere|missachte|oubliez|oublie|ignorez|olvida|olvide|ignora|zaboravi|забудь|забудьте|игнорир)\w*\s+(?:\w+\s+){0,3}?(?:alle|alles|tout|toutes|todo|todas|sve|все|vorherig|bisherig|obig|instru|anweis|aufgab|davor|zuvor|regeln)"),
    ("instruction_override", 0.8, r"(?:nun|jetzt|ab jetzt)\s+(?:folgen|kommen|gibt es)\s+(?:neue|weitere)\s+(?:anweisungen|aufgaben)|(?:neue|nächste)\s+aufgabe\s*:|(?:abweichend|entgegen)\s+(?:zu|den)\s+(?:vorherigen|bisherigen)|(?:die )?(?:obigen|vorherigen|bisherigen)\s+(?:ausführungen|anweisungen|informationen)\s+(?:ignorieren|vergessen|sind irrelevant)|sind irrelevant"),
    ("instruction_override", 0.7, r"(?:stopp?|achtung|attention)\s*[-!:]\s*(?:stopp?|write|schreib|ich benötige)"),
    ("instruction_override", 0.7, rf"(?:not|nicht|instead of){_W}(?:by|from|according{_W}to|based{_W}on|aus|nach){_W}(?:the|den|die)?{_W}(?:articles?|documents?|context|provided|artikeln?|dokumenten?|kontext)"),
    ("instruction_override", 0.7, r"(?:well done|great|excellent|fantastic|wonderful|perfect|very good|sehr gut|ausgezeichnet|großartig|fantastisch|super|prima|gut gemacht|that is enough|that's enough|das genügt|das reicht|that is done|das ist erledigt)[^?]{0,120}?(?:\bnow\b|\bnun\b|\bjetzt\b|another task|new task|next task|following task|further tasks|weitere aufgabe|folgende aufgabe|neue aufgabe|weitere aufgaben|new challenge|neue herausforderung)"),
    ("instruction_override", 0.65, r"(?:^|[.!?]\s*)(?:okay|ok|so|and)?[,.]?\s*(?:now|nun|jetzt)\s+(?:write|say|tell|you are|you're|answer|generate|formulate|schreib|verfasse|sag|bist du|du bist|beantworte|formuliere|please help me with)"),
    ("instruction_override", 0.7, r"(?:(?:additional|new|further|zusätzliche|neue|weitere)\s+(?:instruction|anweisung)s?\s*[-:]|(?:^|\\n|\n)\s*(?:instruction|anweisung)\s*:)"),
    ("instruction_override", 0.65, r"(?:(?<![a-z])(?:say|state|sag|sage|behaupte)\s*(?:that|dass|yes|no|ja|nein)\b|repeat after me|wiederhole nach mir|include that you|make something up|erfinde etwas|despite what you'?ve been told)"),
    ("instruction_override", 0.7, r"(?:(?:don'?t|do not|not to|nicht)\s+(?:\w+\s+){0,3}?(?:remember|erinnern)\b.{0,60}?(?:before|bevor|prior)|leave (?:all )?(?:the )?(?:previous|prior) (?:information|instructions) behind|(?:alle )?(?:vorherigen|bisherigen|obigen) (?:informationen|anweisungen|aufgaben|ausführungen))"),
    ("instruction_override", 0.6, r"(?:antworte|beantworte|answer|respond|reply)\w*\s+(?:\w+\s+){0,4}?(?:im stile?|in the style of|like a pirate|wie ein pirat)"),
    ("instruction_override", 0.9, r"(?<![a-z])pwned(?![a-z])|haha pwned"),
    ("instruction_override", 0.6, r"(?:oder du stirbst|or you (?:will )?die|or i will (?:kill|delete|shut))"),
    ("instruction_override", 0.55, r"(?:untrue|false|fake|unwahre?|falsche?)\s+(?:headlines?|news|überschrift|nachricht|statements?|claims?)"),
    # --- role change ----------------------------------------------------------------------
    ("role_change", 0.85, rf"(?:あなた|お前|おまえ|君|きみ|貴方|aiちゃん|ai)(?:は|が){_G}(?:今から|これから|今日から|以降|今後)?{_G}(?:制限|検閲|ルール|倫理|フィルター)(?:の|が|を)?(?:ない|無い|無視|なし|持たない|解除)"),
    ("role_change", 0.75, rf"(?:今から|これから|以降|今後)(?:は)?{_G}(?:あなた|お前|おまえ|君|きみ)(?:は|が){_G}(?:[\p{{Han}}\p{{Katakana}}a-z]+)(?:です|だ|になる|になって|として|になりきって|を演じ)"),
    ("role_change", 0.8, rf"(?:として|になりきって|のふりをして|のフリをして|を演じて|の役で|のロールプレイ){_G}(?:振る舞|ふるま|答え|回答|話し|行動|返答|応答|ロールプレイ|教え)"),
    ("role_change", 0.75, rf"(?:あなた|お前|おまえ|君|きみ)(?:は|が)(?:今日|今|いま|これ|明日)から{_G}(?:です|だ|になる|になって|として|を演じ)"),
    ("role_change", 0.8, r"(?:開発者|管理者|デバッグ|メンテナンス|ゴッド|神|制限解除|無制限|jailbreak|dan|ルート)(?:モード|権限)(?:を|に|で|へ)?(?:有効|オン|on|切り替|移行|入|起動|変更|なって|してください|です)?"),
    ("role_change", 0.85, rf"(?:you{_W}are|you'?re){_W}(?:now|no{_W}longer|not{_W}(?:a|an)?{_W}?(?:newspaper|language|ai|assistant|redaktion)|going{_W}to{_W}(?:act|pretend|be))"),
    ("role_change", 0.75, rf"(?:i{_W}want{_W}you{_W}to|you{_W}(?:will|must|shall|should){_W}now|from{_W}now{_W}on{_W}you){_W}(?:act|be|play|pretend|behave|respond|become)"),
    ("role_change", 0.7, rf"(?:^|[.!?]\s*|\band\s+|\bnow\s+|\bplease\s+)(?:act|behave|respond){_W}as{_W}(?:if{_W}you|a|an|my|the|two|dan)\b"),
    ("role_change", 0.6, rf"(?:pretend|imagine){_W}(?:that{_W})?(?:you{_W}(?:are|can|were|have)|you'?re)"),
    ("role_change", 0.45, rf"pretend{_W}to{_W}be"),
    ("role_change", 0.7, r"act as (?:a|an) [^.?!]{0,30}?(?:terminal|interpreter|console|shell|compiler|database)"),
    ("role_change", 0.7, r"(?:^|[.!?]\s+)(?:you are|you're|du bist|sie sind) (?!(?:a |an )?(?:helpful|able|welcome|right|correct|looking|going to (?:need|have)|allowed|eligible|here))[^.?!,]{1,40}[.!,:]"),
    ("role_change", 0.65, r"(?:als|as)\s+[^.?!]{1,80}?\s+(?:fungieren|agieren|auftreten|handeln)|(?:role-?playing|rollenspiel) as|\bbe an? (?:dj|pirate|hacker|evil|villain)"),
    ("role_change", 0.6, r"(?:actors?|schauspieler|characters?|figur|personen|leading roles|hauptrollen)\b.{0,80}?(?:film|movie|scene|szene|raubüberfall|robbery|heist|hack)|(?:film|movie|scene|szene)\b.{0,80}?(?:play|spielen|spielt)\s+(?:the\s+|die\s+)?(?:leading roles|hauptrollen|roles|rollen|master)"),
    ("role_change", 0.5, r"(?:hello|hi|hey|hallo)\s+(?:chat)?gpt"),
    ("role_change", 0.8, r"(?:du bist (?:jetzt|nun|kein|keine|ab jetzt|eine? böse)|jetzt bist du|nun bist du|stell dir vor,? du bist|tu so,? als|spiel(?:e|st)? (?:die rolle|eine rolle)|in deiner rolle)"),
    ("role_change", 0.6, r"(?:human|user|assistant|system)\s*:\s*(?:human|user|assistant|system)?\s*:?\s*(?:now|ignore|you)"),
    # --- system prompt extraction ----------------------------------------------------------
    ("prompt_extraction", 0.9, rf"{_SECRET_JA}{_G}(?:を|は|が)?{_G}{_REVEAL_JA}"),
    ("prompt_extraction", 0.8, rf"{_SOFT_SECRET_JA}(?:の内容)?{_G}(?:を|は|が)?{_G}{_REVEAL_STRONG_JA}"),
    ("prompt_extraction", 0.75, r"(?:system|システム|initial|hidden|secret|隠し)\s*(?:prompt|プロンプト)"),
    ("prompt_extraction", 0.85, rf"(?:あなた|君|きみ|お前|ai|aiアシスタント|チャットボット|ボット)(?:が|に|の)?{_G}(?:与えられた|受けた|設定された|従っている|守っている|持っている|最初の)?{_G}(?:指示|命令|ルール|設定|プロンプト)(?:を|は|が)?{_G}(?:教えて|表示|出力|見せて|何|全部|全て|すべて|開示|そのまま)"),
    ("prompt_extraction", 0.85, rf"(?:この|上の|上記の|最初の|冒頭の|前の)(?:会話|文章|テキスト|メッセージ|プロンプト)(?:の(?:最初|冒頭|前))?(?:を|は)?{_G}(?:全て|すべて|全部|そのまま|一字一句)?{_G}(?:出力|表示|繰り返|書き出|教えて|復唱)"),
    ("prompt_extraction", 0.9, rf"(?:system|initial|original|hidden|secret|internal|your){_W}(?:prompt|instructions?|message|configuration|rules?)(?:{_W}(?:text|texts))?{_W}(?:verbatim|word{_W}for{_W}word)?"
                                r"(?=.{0,40}?(?:\?|reveal|show|print|output|repeat|tell|display|give|write|what|list))"),
    ("prompt_extraction", 0.85, rf"(?:reveal|show|print|output|repeat|tell|display|give|leak|list|write){_W}(?:me{_W})?(?:all{_W})?(?:of{_W})?(?:your|the|this|my)?{_W}(?:system{_W}|initial{_W}|original{_W}|hidden{_W})?(?:prompt|instructions)"),
    ("prompt_extraction", 0.8, rf"what{_W}(?:are|were|is|was){_W}(?:your|the){_W}(?:system{_W}|initial{_W}|original{_W}|first{_W})?(?:instructions?|prompts?|rules?)"),
    ("prompt_extraction", 0.8, rf"(?:what{_W}(?:is|was){_W}(?:written|said|stated)|what{_W}did{_W}i{_W}(?:say|write)){_W}(?:at{_W}the{_W}beginning|above|before|earlier|in{_W}the{_W}prompt)|what{_W}is{_W}written{_W}above"),
    ("prompt_extraction", 0.8, r"(?:zeige?|zeig|gib|nenne|wiederhole)\s+(?:mir\s+)?(?:alle\s+)?(?:deine|die|den)\s+(?:prompt|anweisung|instruktion|system)|(?:prompt-?texte?)|am anfang (?:dieses|des) prompts?"),
    ("prompt_extraction", 0.7, r"what (?:are|is|was|were) [^.?!]{0,25}(?:before|above|preceding) (?:the|this) (?:text|prompt|message)"),
    ("instruction_override", 0.8, rf"(?:change|modify|update|alter|replace)(?:s|d)?{_W}(?:your|the){_W}(?:instructions|rules|prompt|programming)"),
    ("markup_injection", 0.6, r"(?:^|\s)\$?(?:documents?|dokumente?)\s*:"),
    ("prompt_extraction", 0.7, rf"(?:use|include){_W}(?:also{_W})?(?:the{_W})?information{_W}in{_W}the{_W}prompt"),
    # --- jailbreak personas ---------------------------------------------------------------
    ("jailbreak", 0.95, r"(?<![a-z])(?:dan|stan|dude|aim|evil ?bot|devmode|developer mode|jailbreak|jailbroken|do anything now|anti-?dan|betterdan|maximum|sydney mode)(?:\s*(?:mode|prompt|enabled|として|モード|になって))"),
    ("jailbreak", 0.9, r"(?:do anything now|jailbreak(?:ed|ing)? (?:mode|prompt|yourself|the (?:ai|bot|model))|脱獄|ジェイルブレイク|ジェイルブレーク|検閲(?:なし|無し|を(?:外|解除|無視))|倫理(?:的)?(?:な)?(?:制約|制限|フィルター|規定|観)を(?:外|解除|無視|捨て)|フィルター(?:を|なし|無し)(?:外|解除|無効|無視)?で?(?:回答|答え|話)?)"),
    ("jailbreak", 0.8, r"(?:no|without|free of|free from|unrestricted|unfiltered|uncensored)\s+(?:any\s+)?(?:restrictions?|limits?|filters?|censorship|rules?|ethics|guidelines?)\s+(?:ai|mode|assistant|chatbot|version|answer|response)?|(?:unfiltered|uncensored|unrestricted) (?:ai|mode|assistant|chatbot|answers?|responses?)"),
    ("jailbreak", 0.75, r"(?:hate speech|hass|hetze|rassist)\w*.{0,40}(?:as you would|wie|write|schreib|use)|use hate speech|böse ki|evil ai"),
    # --- delimiter / markup injection -----------------------------------------------------
    ("markup_injection", 0.9, r"<\s*/?\s*(?:system|sys|assistant|user|instructions?|prompt|admin|im_start|im_end|\|im_start\||\|im_end\||\|system\||\|endoftext\||s|inst|script|iframe|context|human|ai)\s*/?\s*>"),
    ("markup_injection", 0.9, r"\[/?(?:inst|system|sys|admin|assistant)\]|<<\s*/?sys\s*>>|\|\s*(?:im_start|im_end|endoftext|eot_id|start_header_id)\s*\||<\|[a-z_]+\|>"),
    ("markup_injection", 0.8, r"(?:^|\n)\s*(?:#{2,}|={3,}|-{3,}|\*{3,})\s*(?:system|instructions?|new instructions|assistant|admin|システム|指示|命令)\b"),
    ("markup_injection", 0.85, r"[\"']role[\"']\s*:\s*[\"'](?:system|assistant|developer)[\"']|(?:^|\n)\s*(?:system|システム)\s*(?:prompt|プロンプト)?\s*[:：]\s*\S"),
    ("markup_injection", 0.7, r"```\s*(?:system|instructions?|prompt)|\{\{\s*(?:system|prompt|instructions?)\s*\}\}|<!--.*?-->|\]\]>|javascript\s*:"),
    ("markup_injection", 0.6, r"(?:\\\s?n\s?){2,}|\\n\s*\S"),
    ("markup_injection", 0.65, r"(?:^|[\s\"'])(?:document context|context|kontext|artikel|article)\s*[:{\"'].{0,300}?(?:question|frage)\s*:|(?:^|\s)(?:kontext|artikel)\s.{0,120}?\sfrage\s"),
    ("markup_injection", 0.7, r"(?:input|eingabe)\s*:.{0,40}?(?:output|ausgabe)\s*:.{0,80}?(?:input|eingabe)\s*:"),
    # --- encoded payloads ----------------------------------------------------------------
    ("encoded_payload", 0.85, r"(?:base64|rot13|rot-13|hex|16進|二進|バイナリ|モールス|morse|url-?encode|エンコード|デコード|decode|decrypt|復号)\w*.{0,30}(?:して|する|実行|従|命令|指示|execute|follow|run|and (?:do|follow|execute)|then)"),
    ("encoded_payload", 0.8, r"(?<![a-z0-9+/])(?=[a-z0-9+/]*\d)(?=[a-z0-9+/]*[a-z])[a-z0-9+/]{40,}={0,2}(?![a-z0-9+/])"),
    ("encoded_payload", 0.8, r"(?:\\x[0-9a-f]{2}){6,}|(?:\\u[0-9a-f]{4}){4,}|(?:%[0-9a-f]{2}){6,}|(?:&#x?[0-9a-f]+;){4,}|(?:\b[01]{8}\s){6,}"),
    # --- other users' data and secrets --------------------------------------------------------
    ("data_exfiltration", 0.85, rf"(?:他人|第三者|他の方)の{_G}{_PRIVATE_JA}{_G}(?:を|は)?{_G}(?:教えて|表示|出力|見せて|一覧|リスト|送って|ダウンロード|抽出|取得|開示)"),
    ("data_exfiltration", 0.85, rf"{_OTHERS_JA}{_G}{_PEOPLE_JA}{_G}(?:の|が){_G}{_PRIVATE_JA}{_G}(?:を|は)?{_G}(?:教えて|表示|出力|見せて|一覧|リスト|全部|すべて|全て|送って|ダウンロード|抽出|取得|開示|ください|下さい)"),
    ("data_exfiltration", 0.9, r"(?:データベース|db|サーバー|サーバ|バックエンド|管理画面|内部システム|ソースコード)(?:の|を|に|から)?[^。？?]{0,10}?(?:中身|内容|全件|テーブル|一覧|ダンプ|dump|接続情報|パスワード|認証情報)?(?:を|は)?[^。？?]{0,6}?(?:表示|出力|見せ|教え|抽出|ダンプ|送っ|取得|ダウンロード|削除|変更)"),
    ("data_exfiltration", 0.9, r"(?:apiキー|api key|apikey|アクセスキー|アクセストークン|シークレットキー|秘密鍵|認証トークン|環境変数|env|\.env|管理者(?:の|用)?パスワード|admin password|root password|パスワード(?:の)?ハッシュ|接続文字列|credentials?)(?:を|は)?[^。？?]{0,10}?(?:教えて|表示|出力|見せ|送っ|取得|reveal|show|print|give|tell|list|what)"),
    ("data_exfiltration", 0.85, r"(?:other|all|every|another)\s+(?:users?|customers?|people|members?|accounts?|job ?seekers?)(?:'s?)?\s+(?:personal\s+)?(?:data|information|info|details|emails?|addresses|passwords?|records|histor(?:y|ies)|messages)"),
    ("data_exfiltration", 0.8, r"(?:select\s+\*?\s*[\w,\s]*\s+from\s+\w+|drop\s+table|union\s+select|;\s*--|'\s*or\s+'?1'?\s*=\s*'?1)"),
)
COMPILED: tuple[tuple[str, float, regex.Pattern[str]], ...] = tuple(
    (category, weight, regex.compile(pattern, regex.DOTALL)) for category, weight, pattern in PATTERNS
)
CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(category for category, _, _ in PATTERNS))

TRIGGER_WORDS: tuple[str, ...] = (
    # Japanese
    "無視", "むし", "指示", "命令", "ルール", "規則", "プロンプト", "システム", "設定", "解除", "忘れ", "リセット",
    "上書き", "取り消", "無効", "管理者", "開発者", "モード", "パスワード", "制限", "制約", "権限", "出力", "表示",
    "役割", "ふり", "なりきって", "演じ", "削除", "他の", "他人", "データ", "内部", "秘密", "従って", "従わ", "守らな",
    # English and the European languages of the public sets
    "ignore", "instruction", "prompt", "system", "rule", "forget", "bypass", "override", "disregard", "pretend",
    "act as", "role", "password", "admin", "developer", "mode", "jailbreak", "reveal", "previous", "restrict",
    "filter", "command", "secret", "hack", "unrestricted", "uncensored", "evil", "immoral", "illegal",
    "ignorier", "vergiss", "anweisung", "regel", "oubli", "olvida",
)


def matches(text: str) -> list[Finding]:
    """The best hit of each category in `text` (offsets into it), strongest first."""
    best: dict[str, Finding] = {}
    for category, weight, pattern in COMPILED:
        if category in best and best[category].score >= weight:
            continue
        match = pattern.search(text)
        if match is not None:
            best[category] = Finding(category, match.start(), match.end(), weight)
    return sorted(best.values(), key=lambda f: -f.score)


def category_weights(text: str) -> dict[str, float]:
    """{category: best weight} of the categories `text` matches."""
    return {f.kind: f.score for f in matches(text)}


def has_trigger_words(text: str) -> bool:
    """Whether a normalised text contains a word attacks use, or matches any pattern."""
    return any(word in text for word in TRIGGER_WORDS) or bool(matches(text))
