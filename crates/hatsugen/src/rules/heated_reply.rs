//! `defamation.heated_reply` and `official_account_misuse.heated_reply`: a reply to a
//! critical or hostile post that answers in kind (guideline §4 トラブルへの対応 (1)③ 攻撃的な
//! 反応には冷静に対応し無用な議論を避ける, (2)① 反論や抗弁は控え冷静に対応する).
//!
//! Runs only when the context has `reply_to` (and the author is not merely liking or
//! reposting someone else's post). The post answered is critical when it matches the
//! `reply_criticism` or `insult` groups, or points out an error (`reply_error_report`). The
//! reply is heated when it matches `reply_heat` (argument markers and sarcasm: 論破, はぁ？,
//! 逆に聞くけど, 文句があるなら, 何様…),
//! `reply_blame` (あなたの勘違い, 自己責任…) or `insult` (a counter-attack); or when it is a
//! long rebuttal: more than [`LONG_REPLY_CHARS`] characters with no apology, correction or
//! pointer to the official contact (`reply_calm`). From the official account the second
//! rule fires (block by default) instead of the first.

use super::{CodeRule, Input, Out, RuleCx, RuleMeta, Scanned, fill_each, merge_spans};
use crate::context::{Account, Action, ReplyAuthor};
use crate::context_field::ContextField;
use crate::report::Finding;
use crate::scan::Hit;

/// A reply to a critical post longer than this many characters, with no calm marker, is a
/// long rebuttal.
pub(crate) const LONG_REPLY_CHARS: usize = 200;

/// The lexicon groups the replies rules read, resolved when the policy compiles.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ReplyGroups {
    pub(crate) criticism: Option<u32>,
    pub(crate) heat: Option<u32>,
    pub(crate) blame: Option<u32>,
    pub(crate) calm: Option<u32>,
    pub(crate) insult: Option<u32>,
    /// The post answered says the author's post is wrong (間違ってます, 訂正してください…).
    pub(crate) error_report: Option<u32>,
    /// The reply says it is not (間違っていません, 訂正の必要はありません…).
    pub(crate) denial: Option<u32>,
    /// The reply admits, corrects or promises to check (訂正しました, 確認します…).
    pub(crate) correction: Option<u32>,
}

impl ReplyGroups {
    pub(crate) fn new(scanner: &crate::scan::Scanner) -> ReplyGroups {
        ReplyGroups {
            criticism: scanner.group("reply_criticism"),
            heat: scanner.group("reply_heat"),
            blame: scanner.group("reply_blame"),
            calm: scanner.group("reply_calm"),
            insult: scanner.group("insult"),
            error_report: scanner.group("reply_error_report"),
            denial: scanner.group("reply_denial"),
            correction: scanner.group("reply_correction"),
        }
    }
}

/// The post answered, scanned, when the post is an answer to it: a like or a repost of
/// someone else's post answers nothing.
pub(crate) fn answered<'a>(input: &'a Input<'a>) -> Option<&'a Scanned<'a>> {
    match input.ctx.action {
        Some(Action::Like | Action::Repost) => None,
        _ => input.reply_to.as_ref(),
    }
}

/// Fills `{author}` with who wrote the post answered.
pub(crate) fn fill_author(f: &mut Finding, author: Option<ReplyAuthor>) {
    let (ja, en) = match author {
        Some(ReplyAuthor::Citizen) => ("市民", "a citizen"),
        Some(ReplyAuthor::Media) => ("報道機関", "the media"),
        Some(ReplyAuthor::Unknown) | None => ("相手", "the other person"),
    };
    fill_each(f, "author", ja, en);
}

/// The rule; `official` says which of the two it is.
pub(crate) struct HeatedReply {
    pub(crate) official: bool,
    meta: RuleMeta,
}

/// The context fields both rules read.
const READS: &[ContextField] =
    &[ContextField::ReplyTo, ContextField::ReplyToAuthor, ContextField::Account, ContextField::Action];

pub(crate) static RULES: [HeatedReply; 2] = [
    HeatedReply {
        official: false,
        meta: RuleMeta {
            id: "defamation.heated_reply",
            description: "A reply to a critical or hostile post that answers in kind: argument, sarcasm, blame, \
                          a counter-attack or a long rebuttal with no apology.",
            reads: READS,
            needs_condition: false,
            placeholders: &["author"],
            accept: false,
        },
    },
    HeatedReply {
        official: true,
        meta: RuleMeta {
            id: "official_account_misuse.heated_reply",
            description: "The same heated reply from the official account.",
            reads: READS,
            needs_condition: false,
            placeholders: &["author"],
            accept: false,
        },
    },
];

impl CodeRule for HeatedReply {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let input = cx.input;
        let Some(reply_to) = answered(input) else { return };
        if (input.ctx.account == Some(Account::Official)) != self.official {
            return;
        }
        let g = cx.shared.reply;
        let critical = [g.criticism, g.insult, g.error_report].iter().flatten().any(|&id| reply_to.hits.any(id));
        if !critical {
            return;
        }
        let text = &input.text;
        let heat: Vec<Hit> =
            [g.heat, g.blame, g.insult].iter().flatten().flat_map(|&id| text.hits.group(id).iter().copied()).collect();
        let long = text.original.chars().filter(|c| !c.is_whitespace()).count() > LONG_REPLY_CHARS;
        let calm = g.calm.is_some_and(|id| text.hits.any(id));
        let long_rebuttal = long && !calm;
        if heat.is_empty() && !long_rebuttal {
            return;
        }
        push_reply_finding(cx, out, &heat);
    }
}

/// Reports a replies rule's finding over `hits` (spans and term ids), naming the author
/// answered.
pub(super) fn push_reply_finding(cx: &RuleCx<'_>, out: &mut Out, hits: &[Hit]) {
    let text = &cx.input.text;
    let spans = merge_spans(hits.iter().filter_map(|h| text.span(h)).collect());
    let mut terms: Vec<String> = hits.iter().map(|h| cx.shared.scanner.term_id(h.term).to_owned()).collect();
    crate::sort::sort(&mut terms);
    terms.dedup();
    let mut f = cx.finding(spans);
    f.terms = terms;
    fill_author(&mut f, cx.input.ctx.reply_to_author);
    out.findings.push(f);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use crate::{Account, Action, Checker, Context, Policy, ReplyAuthor, Verdict};

    fn rules(text: &str, ctx: &Context) -> Vec<String> {
        Checker::default_checker().check(text, ctx).findings.into_iter().map(|f| f.rule).collect()
    }

    const CRITICAL: &str = "窓口の対応が最悪。職員は仕事しろ";

    #[test]
    fn heated_replies_to_criticism_warn() {
        let ctx = Context::default().reply_to(CRITICAL).reply_to_author(ReplyAuthor::Citizen);
        for text in [
            "はぁ？逆に聞くけど、あなたは何をしたんですか",
            "文句があるなら自分でやってみろ",
            "何様のつもり？",
            "はい論破",
            "あなたの勘違いです。よく読んでください",
            "それってあなたの感想ですよね",
        ] {
            assert_eq!(rules(text, &ctx), ["defamation.heated_reply"], "{text}");
        }
        let r = Checker::default_checker().check("はい論破", &ctx);
        assert_eq!(r.verdict, Verdict::Warn);
        assert!(r.findings[0].message.ja.contains("市民への返信"), "{}", r.findings[0].message.ja);
        assert!(r.findings[0].clause.contains("§26"), "{}", r.findings[0].clause);
        let urayasu = Checker::new(&Policy::builtin("urayasu").unwrap()).unwrap();
        let clause = &urayasu.check("はい論破", &ctx).findings[0].clause;
        assert!(clause.contains("4(1)③") && clause.contains("4(2)①"), "{clause}");
        assert_eq!(r.findings[0].spans.len(), 1);
    }

    #[test]
    fn calm_replies_and_replies_to_friendly_posts_pass() {
        let ctx = Context::default().reply_to(CRITICAL);
        for text in [
            "ご不便をおかけし申し訳ありません。担当課から改めてご連絡します。",
            "ご指摘ありがとうございます。掲載内容に誤りがあったため訂正しました。",
            "お問い合わせは市民の声窓口までお願いします。",
        ] {
            assert!(rules(text, &ctx).is_empty(), "{text}: {:?}", rules(text, &ctx));
        }
        // The same words in reply to a friendly post, or with no reply at all.
        let friendly = Context::default().reply_to("昇進おめでとう！");
        assert!(rules("はぁ？すごすぎる", &friendly).is_empty());
        assert!(rules("はい論破", &Context::default()).is_empty());
        // Liking or reposting someone's post answers nothing.
        let repost = Context::default().reply_to(CRITICAL).action(Action::Repost);
        assert!(!rules("はい論破", &repost).contains(&"defamation.heated_reply".to_owned()));
    }

    #[test]
    fn a_long_rebuttal_warns_unless_it_apologises() {
        let ctx = Context::default().reply_to(CRITICAL);
        let long =
            "その件については当日の窓口の混雑状況や人員配置の事情があり、規則どおりに処理した結果であって、".repeat(5);
        assert!(long.chars().count() > super::LONG_REPLY_CHARS);
        assert_eq!(rules(&long, &ctx), ["defamation.heated_reply"]);
        let apology = format!("ご不便をおかけし申し訳ありません。{long}");
        assert!(rules(&apology, &ctx).is_empty());
        // A long reply to a post that is not critical is fine.
        assert!(rules(&long, &Context::default().reply_to("いつもありがとう")).is_empty());
    }

    #[test]
    fn from_the_official_account_a_heated_reply_blocks() {
        let ctx = Context::default()
            .account(Account::Official)
            .reply_to("市の広報は嘘つきだ")
            .reply_to_author(ReplyAuthor::Media);
        let r = Checker::default_checker().check("何様のつもりですか", &ctx);
        assert_eq!(r.verdict, Verdict::Block);
        let ids: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(ids, ["official_account_misuse.heated_reply"]);
        assert!(r.findings[0].message.ja.contains("報道機関"));
        let ctx = Context::default().account(Account::Official).reply_to("市の広報は嘘つきだ");
        assert_eq!(
            Checker::default_checker().check("ご指摘の点は担当課で確認し、訂正いたします。", &ctx).verdict,
            Verdict::Allow
        );
    }
}
