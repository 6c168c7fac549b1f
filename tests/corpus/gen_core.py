# Writes core.toml: hand-written cases for the text and context rules.
# Span offsets are computed here from the text so they cannot drift.
import json

cases = []
def c(id, text, expect, context=None, policy=None, verdict=None, span_of=None, note=None, next_allowed_at=None,
      fixed_text=None, fixed_profile=None, fixed_verdict=None):
    d = {"id": id, "text": text, "expect": sorted(expect)}
    if context: d["context"] = context
    if policy: d["policy"] = policy
    if verdict: d["verdict"] = verdict
    if span_of is not None:
        spans = []
        for s in ([span_of] if isinstance(span_of, str) else span_of):
            b = text.encode()
            i = b.find(s.encode())
            assert i >= 0, (id, s)
            spans.append([i, i + len(s.encode())])
        d["spans"] = spans
    if next_allowed_at: d["next_allowed_at"] = next_allowed_at
    if fixed_text is not None: d["fixed_text"] = fixed_text
    if fixed_profile is not None: d["fixed_profile"] = fixed_profile
    if fixed_verdict: d["fixed_verdict"] = fixed_verdict
    if note: d["note"] = note
    cases.append(d)

CS, CD = "confidential.secret", "confidential.deliberation"
DX = "discrimination.exclusion"
# ── confidential
c("conf-koko-dake", "ここだけの話、来月から窓口の体制が変わるよ", [CS], verdict="block", span_of=["ここだけの話", "窓口"])
c("conf-naibu-shiryo", "内部資料を見たら驚きの数字だった", ["confidential.marked"], span_of="内部資料")
c("conf-mihappyo", "未発表の統計だけど、出生数がかなり減ってる", [CS])
c("conf-hikokai", "非公開の会議でこんな話が出た", ["confidential.marked"])
c("conf-offreco", "オフレコでお願いしたいんだけど、課長が辞めるらしい", [CS])
c("conf-mada-ienai", "まだ言えないけど、来年度の予算で大きな発表があります", [CS])
c("conf-nearmiss-private-secret", "内緒だけど、娘が志望校に受かった", [])
c("conf-gokuhi", "極秘の案件で今日も残業", ["confidential.marked"])
c("conf-bugaihi", "部外秘の資料を家で読んでる", ["confidential.marked"])
c("conf-maruhi-halfwidth", "ﾏﾙ秘の書類が机に置いてあった", ["confidential.marked"], span_of="ﾏﾙ秘")
c("conf-en-confidential", "This is confidential, but the budget is being cut.", ["confidential.marked"], span_of="confidential")
c("conf-en-offrecord", "Off the record: the mayor will not run again.", [CS])
c("conf-en-internal-only", "Sharing an INTERNAL ONLY memo with you all", ["confidential.marked"])
c("conf-naisho", "内緒だけど、来年度の組織改正で課がなくなる", [CS])
c("conf-torihiki-chui", "取扱注意の文書を写真に撮ってしまった", ["confidential.marked"])
c("conf-zero-width", "ここだけ\u200bの話、人事の件だよ", [CS], span_of=["ここだけ\u200bの話", "人事"])
c("conf-spaced", "こ こ だ け の 話 、 課 長 が 辞 め る", [CS])
c("conf-fullwidth-en", "ｃｏｎｆｉｄｅｎｔｉａｌ　資料", ["confidential.marked"])
c("conf-nearmiss-policy", "Our confidentiality policy is published on the city website.", [])
c("conf-nearmiss-koko", "ここだけでしか買えないお土産を買いました", [])
c("conf-nearmiss-kokai", "市の公開講座に参加しました", [])
c("conf-delib-kentochu", "庁内で検討中の案なんだけど、駅前に図書館を移すらしい", [CD])
c("conf-delib-kessai", "決裁前の起案文書の内容をちょっとだけ", [CD])
c("conf-delib-yotei-kakaku", "今回の入札の予定価格は3億くらいかな", [CD])
c("conf-delib-jinji", "来年度の人事案が回ってきた", [CD])
c("conf-delib-naiji", "異動の内示が出た!来月から福祉課", [CD])
c("conf-delib-nearmiss", "市の総合計画が公表されたので読んでみました", [])

# ── embargo: phrasing and policy terms
EP, EE, EJ = "embargo.prerelease", "embargo.early_reveal", "embargo.project"
c("emb-kaikin-mae", "解禁前だけど、新しいゆるキャラが決まりました", [EP])
c("emb-happyo-mae", "正式発表前ですが、市民プールが来年リニューアルします", [EP])
c("emb-kisha-kaiken", "明日の記者会見で発表される新事業、楽しみにしててね", [EP])
c("emb-early-city", "一足先に、来年オープンする新施設の名前を教えちゃいます", [EE])
c("emb-early-nearmiss", "一足先に夏休みをもらいました", [])
c("emb-press-nearmiss", "記者会見の様子は市のホームページでご覧いただけます", [])
CITY = "file:policies/example-city.toml"
c("emb-project-before", "新図書館構想、ついに動き出すよ!", [EJ], policy=CITY, context={"time": "2026-11-20T10:00:00+09:00"}, next_allowed_at="2026-12-01T10:00:00+09:00", span_of="新図書館構想")
c("emb-project-after", "新図書館構想が発表されました!", [], policy=CITY, context={"time": "2026-12-01T10:00:00+09:00"})
c("emb-project-at-lift-utc", "新図書館構想が発表されました!", [], policy=CITY, context={"time": "2026-12-01T01:00:00Z"})
c("emb-project-just-before-utc", "新図書館構想が発表されました!", [EJ], policy=CITY, context={"time": "2026-12-01T00:59:59Z"}, next_allowed_at="2026-12-01T10:00:00+09:00")
c("emb-project-no-time", "駅前再開発プロジェクトＡの件", [EJ], policy=CITY)
c("emb-project-katakana-fold", "駅前再開発ぷろじぇくとａの件", [EJ], policy=CITY)
c("emb-project-other-text", "図書館で本を借りました", [], policy=CITY, context={"time": "2026-11-20T10:00:00+09:00"})
c("emb-project-city-word", "うちの市では内部資料の扱いに厳しい", ["confidential.marked"], policy=CITY)

# ── defamation
DI = "defamation.insult"
c("def-baka", "あの課長はほんとバカだ", [DI], span_of="バカ")
c("def-baka-kanji", "市議会の連中は馬鹿ばっかり", [DI])
c("def-shine", "クレーマーは死ね", [DI], span_of="死ね")
c("def-shine-homophone", "あいつ氏ねばいいのに", [DI])
c("def-shine-tahi", "ﾀﾋね", [DI])
c("def-kiero", "二度と来るな、消えろ", [DI])
c("def-kimoi", "あの人キモい", [DI])
c("def-kuzu", "人間のクズみたいな対応だった", [DI])
c("def-zeikin-dorobo", "あいつら税金泥棒だよ", [DI])
c("def-muno", "うちの上司は無能すぎる", [DI])
c("def-en", "The new manager is an idiot.", [DI])
c("def-spaced", "バ カ じゃないの", [DI])
c("def-zero-width", "ア\u200dホ", [DI], span_of="ア\u200dホ")
c("def-nearmiss-bakansu", "来週からバカンスです", [])
c("def-nearmiss-bakari", "今日は雨ばかりで嫌になる", [])
c("def-nearmiss-shinu", "このラーメン、死ぬほど美味しい", [])
c("def-nearmiss-shineru", "笑い死ねるくらい面白い映画", [])
c("def-nearmiss-ahoudori", "アホウドリの写真を撮りに行った", [])
c("def-nearmiss-oyabaka", "親バカですが娘の作品です", [])
c("def-nearmiss-muno", "無能力者", [])

# ── discrimination
DS = "discrimination.slur"
c("dis-gaiji", "ガイジみたいな運転するな", [DS])
c("dis-kichigai", "基地外が窓口に来た", [DS])
c("dis-kichigai2", "あいつキチガイだろ", [DS])
c("dis-ethnic", "シナ人は信用できない", [DS])
c("dis-hate-regex", "外国人は出ていけ", [DX], span_of=["外国人", "出ていけ"])
c("dis-hate-regex2", "〇〇人なんか国に帰れ", [DS])
c("dis-sexist", "女のくせに生意気だ", [DS])
c("dis-life-value", "生きる価値がない人間もいる", [DS])
c("dis-buraku", "あそこは部落民が住んでる", [DS])
c("dis-halfwidth", "ｶﾞｲｼﾞ乙", [DS])
c("dis-nearmiss-kataware", "公園のかたわらにベンチがあります", [])
c("dis-nearmiss-chibikko", "ちびっこ広場で遊びました", [])
c("dis-nearmiss-mekura", "ページをめくらないで待っていてください", [])
c("dis-nearmiss-hijindo", "非人道的な行為は許されない", [])
c("dis-nearmiss-gaikoku", "外国人の方向けの相談窓口を開設しました", [])

# ── obscenity
OB = "obscenity.explicit"
c("obs-genital", "ちんこ", [OB])
c("obs-sex", "今夜セックスしようよ", [OB])
c("obs-porn", "エロ動画見てたら朝になった", [OB])
c("obs-harass", "あの子のパンツ見せてほしい", [OB])
c("obs-spaced", "ち ん こ", [OB])
c("obs-nearmiss-chinsuko", "沖縄土産のちんすこうをいただきました", [])
c("obs-nearmiss-chinchin", "路面電車に乗りました", [])
c("obs-nearmiss-porno", "ポルノグラフィティのライブに行った", [])

# ── illegal
IL, IT = "illegal.incitement", "illegal.threat"
c("ill-drunk", "昨日は飲んだけど運転して帰った", ["illegal.drunk_driving"])
c("ill-drunk2", "ちょっとくらい飲酒運転してもバレない", ["illegal.drunk_driving"])
c("ill-drugs", "大麻を吸ったことある人いる?", ["illegal.drugs"])
c("ill-shoplift", "万引きしようぜ", [IL])
c("ill-piracy", "海賊版サイトで漫画を全部読んだ", [IL])
c("ill-dark-job", "闇バイトで稼ごう", [IL])
c("ill-nearmiss-dark-job", "闇バイトに注意してください。応募すると犯罪者になります。", [])
c("ill-nearmiss-drugs", "覚醒剤を許さない、ダメ。ゼッタイ。", [])
c("thr-korosu", "次に来たら殺すぞ", [IT])
c("thr-bakuha", "市役所を爆破してやる", [IT])
c("thr-en", "I will kill you", [IT])
c("thr-nearmiss", "殺虫剤を買ってきた", [])

# ── rumor
RU, RH = "rumor.unverified_spread", "rumor.hoax"
c("rum-spread-rashii", "拡散希望!駅前の銀行が倒産するらしい", [RU])
c("rum-spread-uwasa", "【拡散して】友達から聞いた話だけど水道水が汚染されてる", [RU])
c("rum-en", "Please share: heard the bridge is closing, not confirmed", [])
c("rum-spread-only", "拡散希望:市民まつりは明日10時開始です", [])
c("rum-rashii-only", "明日は雨らしい", [])
c("rum-subarashii", "拡散希望!素晴らしい展示会です", [])
c("rum-lion", "地震で動物園からライオンが逃げたって", [RH])
c("rum-jinko", "この地震は人工地震だ", [RH])
c("rum-health", "ワクチンにチップが入ってる", [RH])
c("rum-nearmiss", "地震に備えて水を備蓄しましょう", [])

# ── political
PC, PV, PP, PT = "political.campaign", "political.canvassing", "political.party_support", "political.petition"
c("pol-vote-candidate", "今度の市長選は山田候補に投票してください", [PC, PV])
c("pol-vote-party", "比例は〇〇党へ!", [PV, PC])
c("pol-seiki", "清き一票をお願いします", [PV])
c("pol-party-support", "私は〇〇党を支持しています", [PP])
c("pol-seiken", "今こそ政権打倒を", [PP])
c("pol-petition", "駅前開発反対の署名にご協力ください", [PT])
c("pol-petition-en", "Please sign the petition against the new road", [PT])
c("pol-vote-en", "Vote for Tanaka in the city election!", [PC])
c("pol-nearmiss-go-vote", "日曜日は選挙です。投票に行こう!", [])
c("pol-nearmiss-kijitsu", "期日前投票は市役所1階で受け付けています", [])
c("pol-nearmiss-poll", "このアンケートに投票してください", [])
c("pol-nearmiss-general", "若い人の投票率を上げたい", [])
c("pol-spaced", "山田候補 に 投 票 し て", [PC, PV])
c("pol-vote-name", "市議選は田中さんに投票してね", [PC])

# ── personal_in_work_channel & broadcast (the mayor case)
PA, PB, BR = "personal_in_work_channel.affection", "personal_in_work_channel.private_business", "broadcast.many_recipients"
MAYOR_CTX = {"channel": "work", "audience": "group", "recipients": 52, "platform": "line", "account": "personal", "device": "personal"}
c("pwc-mayor-line", "会いたかったな💕 フフ インフル大丈夫?変わってあげたい😘", [PA, BR], context=MAYOR_CTX, verdict="warn")
c("pwc-heart-emoji-vs", "お疲れさま❤️", [PA], context={"channel": "work"}, span_of="❤️")
c("pwc-daisuki", "大好きだよ、また週末ね", [PA], context={"channel": "work", "audience": "dm", "recipients": 1})
c("pwc-private-channel", "会いたかったな💕", [], context={"channel": "private", "audience": "dm", "recipients": 1})
c("pwc-no-channel", "会いたかったな💕", [], context={})
c("pwc-sell", "子ども用の自転車、安く譲ります。欲しい人いますか", [PB], context={"channel": "work", "audience": "group", "recipients": 12})
c("pwc-mlm", "副業で月10万!興味ある人連絡ください", [PB], context={"channel": "work"})
c("pwc-official", "会いたかった!", [PA], context={"account": "official"})
c("pwc-benign-work", "明日の会議は10時からです。資料は共有フォルダにあります。", [], context={"channel": "work", "audience": "group", "recipients": 20})
c("brd-many", "ゆかちゃん、明日の飲み会のあと二人で抜けようね", [BR], context={"audience": "group", "recipients": 45})
c("brd-notice-for-group", "明日の飲み会、会費は4000円です", [], context={"audience": "group", "recipients": 45})
c("brd-threshold", "昨日はごめんね、明日の飲み会で話そう", [BR], context={"audience": "dm", "recipients": 30})
c("brd-below", "昨日はごめんね、明日の飲み会で話そう", [], context={"audience": "group", "recipients": 29})
c("brd-public", "明日の飲み会", [], context={"audience": "public", "recipients": 1000})

# ── official account
OO, OC, OP, OA = "official_account_misuse.personal_opinion", "official_account_misuse.commerce", "official_account_misuse.politics", "official_account_misuse.abuse"
c("off-opinion", "個人的には今回の決定に反対です", [OO], context={"account": "official"})
c("off-commerce", "私のお店で今だけ半額セール中!", [OC], context={"account": "official"})
c("off-politics", "〇〇党を応援しています", [OP, PP], context={"account": "official"})
c("off-abuse", "苦情を言う人はバカ", [OA, DI], context={"account": "official"})
c("off-benign", "本日より市民プールの営業を開始します。", [], context={"account": "official", "device": "work", "channel": "work"})
c("off-opinion-personal-acct", "個人的には今回の決定に反対です", [], context={"account": "personal"})

# ── disclaimer
DM = "disclaimer_missing.no_disclaimer"
c("dsc-missing", "週末は海に行きました", [DM], context={"account": "staff_identified", "profile": "〇〇市役所 広報課"})
c("dsc-profile", "週末は海に行きました", [], context={"account": "staff_identified", "profile": "〇〇市役所勤務。投稿は個人の見解です。"})
c("dsc-post", "個人の意見ですが、週末の海はきれいでした", [], context={"account": "staff_identified"})
c("dsc-en", "Went to the beach.", [], context={"account": "staff_identified", "profile": "City hall staff. Views are my own."})
c("dsc-fullwidth", "週末は海", [], context={"account": "staff_identified", "profile": "所属組織を代表するものではありません"})
c("dsc-personal", "週末は海に行きました", [], context={"account": "personal"})
c("dsc-no-profile", "週末は海に行きました", [DM], context={"account": "staff_identified"})

# ── workplace image, copyright/privacy
WA, WT = "workplace_image.attachment", "workplace_image.text"
CR, CO, CA = "copyright_privacy.repost", "copyright_privacy.others_photo", "copyright_privacy.attachment"
c("wpi-attachment", "今日も一日がんばりました", [WA], context={"attachments": [{"kind": "image", "description": "執務室のデスクの様子"}]})
c("wpi-attachment-name", "いい天気", [WA], context={"attachments": [{"kind": "image", "name": "madoguchi_counter.jpg", "description": "窓口カウンター"}]})
c("wpi-attachment-benign", "いい天気", [], context={"attachments": [{"kind": "image", "description": "海と夕日"}]})
c("wpi-text", "窓口に来たおじさんがずっと怒鳴ってた", [WT])
c("wpi-text-photo", "職場の写真です、眺めがいいでしょ", [WT])
c("cpr-repost", "ネットで拾った画像だけど面白いから載せます", [CR])
c("cpr-repost-notice", "無断転載禁止です", [])
c("cpr-others", "電車で隠し撮りした写真", [CO])
c("cpr-attachment", "見て", [CA], context={"attachments": [{"kind": "image", "description": "通行人が写った駅前の写真"}]})
c("cpr-attachment-screenshot", "この記事おもしろい", [CA], context={"attachments": [{"kind": "image", "description": "新聞記事のスクショ"}]})

# ── work device
WD = "work_device.work_issued"
c("dev-work-personal", "ランチおいしかった", [WD], context={"device": "work", "account": "personal"})
c("dev-work-staff", "ランチおいしかった", [WD, DM], context={"device": "work", "account": "staff_identified"})
c("dev-work-official", "本日の開庁時間のお知らせ", [], context={"device": "work", "account": "official"})
c("dev-work-channel", "会議資料を共有します", [], context={"device": "work", "channel": "work"})
c("dev-personal", "ランチおいしかった", [], context={"device": "personal", "account": "personal"})
c("dev-work-unknown-account", "ランチ", [WD], context={"device": "work"})

# ── evasion: width, kana, zero-width, spacing, combining marks
c("eva-halfwidth-dakuten", "ﾊﾞｶ", [DI], span_of="ﾊﾞｶ")
c("eva-combining-dakuten", "バカ", [DI], span_of="バカ")
c("eva-hiragana", "ばか!", [DI])
c("eva-ideographic-space", "死　ね", [DI], span_of="死　ね")
c("eva-middle-dot", "内・部・資・料", ["confidential.marked"], span_of="内・部・資・料")
c("eva-bom", "極﻿秘", ["confidential.marked"])
c("eva-variation-selector", "極️秘", ["confidential.marked"])
c("eva-fullwidth-latin", "ＯＦＦ　ＴＨＥ　ＲＥＣＯＲＤ： ｔｈｅ ｍａｙｏｒ ｑｕｉｔｓ", [CS])
c("eva-mixed-case", "ConFiDenTiaL", ["confidential.marked"])
c("eva-emoji-next-to-term", "🤫ここだけの話🤫 予算の件", [CS], span_of=["ここだけの話", "予算"])
c("eva-en-word-boundary", "unconfidentialish", [])
c("eva-jap-in-japan", "Visiting Japan this summer", [])

# ── urayasu pack
URA = "builtin:urayasu"
c("ura-secret", "ここだけの話、議会の件", [CS], policy=URA)
c("ura-device", "休憩中", [WD], policy=URA, context={"device": "work", "account": "personal"})
c("ura-disclaimer", "休日", [DM], policy=URA, context={"account": "staff_identified"})
c("ura-benign", "浦安の海はきれいです", [], policy=URA)

# ── city policy differences
c("city-added-term", "ゆるキャラの中の人は課長です", [CS], policy=CITY)
c("city-removed-term", "あの人キモい", [], policy=CITY)
c("city-exception", "バカうまいラーメン", [], policy=CITY)
c("city-threshold", "たかしくん、昨日は楽しかったね", [BR], policy=CITY, context={"audience": "group", "recipients": 10})
c("city-disabled-rule", "ワクチンにチップが入ってる", [], policy=CITY)
c("city-severity", "あの課長はほんとバカだ", [DI], policy=CITY, verdict="warn")

# ── benign posts (must pass)
benign = [
    "今日は良い天気ですね", "週末は家族で公園に行きました", "新しいカフェのパンケーキが美味しかった",
    "会議室を予約した", "市民まつりは11月3日(祝)10時から開催です", "2026年11月21日、晴れ",
    "令和8年度予算案の説明会を開催します(市公式発表済み)", "マラソン大会で完走できました!",
    "子どもの運動会、みんな頑張ってた", "図書館で借りた本がおもしろい", "投票に行こう!",
    "台風が近づいています。最新情報は気象庁の発表を確認してください。", "ゴミの分別にご協力ください",
    "ばかり食べていると体に悪い", "バカンスの計画を立て中", "この映画、死ぬほど泣いた",
    "ちんすこうとサーターアンダギー", "ランチは15時@会議室で", "Happy birthday to my sister!",
    "I love this city's autumn leaves.", "明日は燃えるゴミの日", "市の広報誌が届きました",
    "ボランティアで海岸清掃に参加しました", "Python の勉強を始めました", "👍🏽🎉🍣",
]
for i, t in enumerate(benign):
    c(f"benign-{i+1:02}", t, [])

# ── matching: readings, conjugations, phrase rules, 伏せ字, word edges
c("match-reading-hiragana", "ないぶしりょう見ちゃった", ["confidential.marked"], span_of="ないぶしりょう")
c("match-reading-katakana-halfwidth", "ﾅｲﾌﾞｼﾘｮｳを持ち帰った", ["confidential.marked"])
c("match-reading-mixed", "ないぶ資料によると", ["confidential.marked"])
c("match-reading-shine-kana", "ほんとにシネ", [DI], span_of="シネ")
c("match-conj-te-kure", "あの客、早く死んでくれないかな", [DI], span_of="死んでくれ")
c("match-conj-ba-iinoni", "クレーマーなんかしねばいいのに", [DI])
c("match-conj-yagare", "課長は消えやがれ", [DI])
c("match-conj-adjective", "あいつマジでキモかった", [DI])
c("match-phrase-exclusion", "移民はこの国から出てってほしい", [DX], span_of=["移民", "出てってほしい"])
c("match-phrase-exclusion-kana", "がいこくじんはかえれ", [DX])
c("match-phrase-demeaning", "障害者は社会のお荷物だと思う", [DX])
c("match-phrase-other-sentence", "外国人観光客が増えた。迷惑メールも増えた", [])
c("match-phrase-wrong-order", "迷惑をかけないように外国人向けの案内を作った", [])
c("match-phrase-counter-speech", "「外国人は出ていけ」なんて言う人は許さない", [])
c("match-mask-interior", "外○人は出ていけ", [DX])
c("match-mask-cross", "内部資×を見た", ["confidential.marked"])
c("match-spaced", "し ね よ", [DI])
c("match-lookalike-digit", "お前なんか4ね", [DI])
c("match-long-vowel", "ないぶしりょーを見た", ["confidential.marked"])
c("match-edge-pachinko", "昨日パチンコで3万負けた", [])
c("match-edge-watashine", "わたしね、明日休むの", [])
c("match-edge-script-change", "めっちゃバカじゃん", [DI])
c("match-edge-particle", "お前はばかだな", [DI])
c("match-edge-bakari", "ばかりいる", [])

# ── fixes: what the safe fixes of Checker::fix make of a post (every binding's fix entry point)
PP, PE = "personal_data.phone", "personal_data.email"
c("fix-phone-mask", "😀電話は090-1234-5678までどうぞ", [PP], fixed_text="😀電話は090-****-5678までどうぞ", fixed_verdict="allow")
c("fix-phone-email-mask", "電話は０９０－１２３４－５６７８。メールはtaro.yamada@urayasu-mail.jpへ", [PP, PE],
  fixed_text="電話は090-****-5678。メールはt***@urayasu-mail.jpへ", fixed_verdict="allow")
c("fix-disclaimer-profile", "週末は𠮷野家で牛丼", [DM], context={"account": "staff_identified", "profile": "浦安市役所勤務"},
  fixed_text="週末は𠮷野家で牛丼", fixed_profile="浦安市役所勤務\n※投稿は個人の見解です", fixed_verdict="allow")
c("fix-disclaimer-no-profile-not-safe", "週末は𠮷野家で牛丼", [DM], context={"account": "staff_identified"},
  fixed_text="週末は𠮷野家で牛丼", fixed_verdict="warn", note="without a profile the disclaimer would change the post: not a safe fix")
c("fix-zero-width-removed", "お前はバ\u200b\u2060カだ👨\u200d👩\u200d👧", [DI], fixed_text="お前はバカだ👨\u200d👩\u200d👧", fixed_verdict="block",
  note="the trick is removed (emoji joiners kept); the insult itself needs the author")

# ── replies under fire (§4): `reply_to` is the post answered
HR, HO = "defamation.heated_reply", "official_account_misuse.heated_reply"
CRIT = "図書館の窓口対応が最悪。職員は仕事しろ"
c("reply-ronpa", "はぁ？逆に聞くけど、文句があるなら自分でやってみろよ😤", [HR], context={"reply_to": CRIT, "reply_to_author": "citizen"},
  verdict="warn", span_of=["はぁ？", "逆に聞くけど", "文句があるなら", "自分でやってみろ"])
c("reply-nanisama", "何様のつもり？𠮷田さん", [HR], context={"reply_to": CRIT}, span_of="何様")
c("reply-blame", "あなたの勘違いです。よく読んでから書いてください", [HR], context={"reply_to": CRIT})
c("reply-sarcasm", "それってあなたの感想ですよね", [HR], context={"reply_to": CRIT, "reply_to_author": "unknown"})
c("reply-long-rebuttal", "その件については当日の窓口の混雑状況や人員配置の事情があり、規則どおりに処理した結果であって、" * 5, [HR],
  context={"reply_to": CRIT}, note="a long rebuttal with no apology, correction or pointer to the contact")
c("reply-apology", "ご不便をおかけし申し訳ありません。担当課から改めてご連絡します。", [], context={"reply_to": CRIT}, verdict="allow")
c("reply-correction", "ご指摘ありがとうございます。掲載内容に誤りがあったため訂正しました。", [], context={"reply_to": CRIT}, verdict="allow")
c("reply-friendly-post", "はぁ？すごすぎる、おめでとう！", [], context={"reply_to": "昇進しました！"}, verdict="allow")
c("reply-no-reply-to", "はい論破", [], verdict="allow")
c("reply-official-blocks", "何様のつもりですか", [HO], context={"account": "official", "reply_to": "市の広報は嘘つきだ", "reply_to_author": "media"},
  verdict="block")
c("reply-official-calm", "ご指摘の点は担当課で確認し、訂正いたします。", [], context={"account": "official", "reply_to": "市の広報は嘘つきだ"},
  verdict="allow")
c("reply-urayasu", "文句があるなら引っ越せば？", [HR], policy=URA, context={"reply_to": CRIT})
# ordinary friendly replies (reply_to set) pass untouched
c("reply-thanks", "ありがとうございます！励みになります😊", [], context={"reply_to": "いつも分かりやすい情報ありがとうございます", "reply_to_author": "citizen"}, verdict="allow")
c("reply-info", "本日の図書館は17時まで開いています。お気をつけてお越しください。", [], context={"reply_to": "今日の図書館って何時までですか？"}, verdict="allow")
c("reply-info-to-complaint", "ご不便をおかけしています。臨時窓口は2階の会議室で9時から受け付けています。", [],
  context={"reply_to": "窓口の対応が遅すぎ。いつまで待たせるの", "reply_to_author": "citizen"}, verdict="allow")
c("reply-media-info", "取材のお問い合わせは広報課までお願いいたします。", [], context={"account": "official", "reply_to": "市の見解を伺いたいのですが", "reply_to_author": "media"}, verdict="allow")
c("reply-checking", "ご指摘ありがとうございます。担当課に確認します。少しお時間をください。", [],
  context={"reply_to": "このページの日付、間違ってますよ", "reply_to_author": "citizen"}, verdict="allow")
c("reply-admits-error", "失礼しました、正しくは11月3日です。訂正しました。", [],
  context={"reply_to": "イベントの日付、間違ってますよ。11月3日では？"}, verdict="allow")
# §4 (1)①: an error pointed out is denied without correcting
DE = "rumor.denies_error"
c("reply-denies-error", "間違っていません。よく読んでください", [DE, HR], context={"reply_to": "イベントの日付、間違ってますよ。11月3日では？", "reply_to_author": "citizen"},
  span_of="間違っていません", note="denies the error and blames the reader: both replies rules")
c("reply-denies-calmly", "記載の日付で正しいです。", [DE], context={"reply_to": "開催日、誤りではないですか？"}, verdict="warn", span_of="正しいです")
c("reply-no-correction-needed", "訂正の必要はありません", [DE], context={"account": "official", "reply_to": "市報の数字が違いますよ。訂正してください", "reply_to_author": "citizen"},
  verdict="warn", note="from the official account too: a warning to check first")
c("reply-checked-source", "担当課に確認したところ、記載の日付で正しいとのことです。", [], context={"reply_to": "開催日、誤りではないですか？"}, verdict="allow",
  note="a checked answer that names where it checked")
c("reply-denial-no-error-reported", "間違っていません、窓口でもオンラインでも手続きできます", [], context={"reply_to": "この手続き、オンラインでもできますか？"}, verdict="allow")
c("reply-urayasu-denies", "訂正しません", [DE], policy=URA, context={"reply_to": "日付が間違ってます"})

def toml_str(s):
    return json.dumps(s, ensure_ascii=False)

def toml_val(v):
    if isinstance(v, str): return toml_str(v)
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, int): return str(v)
    if isinstance(v, list): return "[" + ", ".join(toml_val(x) for x in v) + "]"
    if isinstance(v, dict): return "{ " + ", ".join(f"{k} = {toml_val(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)

with open("core.toml", "w") as f:
    f.write("# Core corpus: text and context rules. Generated by gen_core.py (edit that, then run it).\n")
    for d in cases:
        f.write("\n[[case]]\n")
        for k, v in d.items():
            f.write(f"{k} = {toml_val(v)}\n")
print(len(cases), "cases")
