//! `rumor.denies_error`: the post answered points out an error in the author's post
//! (間違ってます, 誤りでは, 訂正してください…) and the reply denies it without admitting,
//! correcting or promising to check (guideline §4 トラブルへの対応 (1)① 誤りは直ちに認め、
//! 訂正すること; (2)② 問題があった場合は修正し謝罪すること).
//!
//! Runs only when the context has `reply_to`. The post answered reports an error when it
//! matches `reply_error_report`; the reply denies when it matches `reply_denial`
//! (間違っていません, 訂正の必要はありません, 正しいです…) and nothing from `reply_correction`
//! (訂正しました, 誤りでした, 確認します, 確認したところ…). A reply that neither denies nor
//! corrects (thanks, other information) is not judged.

use super::heated_reply::{answered, push_reply_finding};
use super::{CodeRule, Out, RuleCx, RuleMeta};
use crate::context_field::ContextField;
use crate::scan::Hit;

/// The rule.
pub(crate) struct DeniesError;

pub(crate) static RULES: [DeniesError; 1] = [DeniesError];

static META: RuleMeta = RuleMeta {
    id: "rumor.denies_error",
    description: "A reply that denies an error the post answered points out, without admitting, correcting \
                  or promising to check.",
    reads: &[ContextField::ReplyTo, ContextField::ReplyToAuthor, ContextField::Action],
    needs_condition: false,
    placeholders: &["author"],
    accept: false,
};

impl CodeRule for DeniesError {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let input = cx.input;
        let Some(reply_to) = answered(input) else { return };
        let g = cx.shared.reply;
        let (Some(report), Some(denial)) = (g.error_report, g.denial) else { return };
        if !reply_to.hits.any(report) {
            return;
        }
        let text = &input.text;
        let denied: &[Hit] = text.hits.group(denial);
        if denied.is_empty() || g.correction.is_some_and(|id| text.hits.any(id)) {
            return;
        }
        push_reply_finding(cx, out, denied);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use crate::{Action, Checker, Context, Policy, ReplyAuthor, Verdict};

    fn rules(text: &str, ctx: &Context) -> Vec<String> {
        Checker::default_checker().check(text, ctx).findings.into_iter().map(|f| f.rule).collect()
    }

    const POINTED_OUT: &str = "イベントの日付、間違ってますよ。11月3日では？";

    #[test]
    fn denying_a_reported_error_warns() {
        let ctx = Context::default().reply_to(POINTED_OUT).reply_to_author(ReplyAuthor::Citizen);
        for text in [
            "間違っていません。",
            "いえ、記載の日付で正しいです",
            "訂正の必要はありません",
            "誤りではありません。よろしくお願いします",
        ] {
            assert_eq!(rules(text, &ctx), ["rumor.denies_error"], "{text}");
        }
        let r = Checker::default_checker().check("間違っていません。", &ctx);
        assert_eq!(r.verdict, Verdict::Warn);
        let f = &r.findings[0];
        assert_eq!(f.spans.len(), 1);
        assert_eq!(&"間違っていません。"[f.spans[0].start..f.spans[0].end], "間違っていません");
        assert!(f.message.ja.contains("市民"), "{}", f.message.ja);
        assert!(f.clause.contains("§27"), "{}", f.clause);
        let urayasu = Checker::new(&Policy::builtin("urayasu").unwrap()).unwrap();
        let f = &urayasu.check("間違っていません。", &ctx).findings[0];
        assert!(f.clause.contains("4(1)①"), "{}", f.clause);
    }

    #[test]
    fn admitting_correcting_or_checking_passes() {
        let ctx = Context::default().reply_to(POINTED_OUT);
        for text in [
            "ご指摘ありがとうございます。日付に誤りがありました。11月3日に訂正しました。",
            "失礼しました、正しくは11月3日です。",
            "担当課に確認します。少しお時間をください。",
            "担当課に確認したところ、記載の日付で正しいとのことです。",
            "ありがとうございます!",
        ] {
            assert!(rules(text, &ctx).is_empty(), "{text}: {:?}", rules(text, &ctx));
        }
        // 「訂正しません」 says 訂正 but corrects nothing.
        assert_eq!(rules("訂正しません", &ctx), ["rumor.denies_error"]);
    }

    #[test]
    fn no_error_reported_no_finding() {
        // The same denial answering a question, or with no reply at all.
        let ctx = Context::default().reply_to("この手続き、オンラインでもできますか？");
        assert!(rules("間違っていません。窓口でもオンラインでも大丈夫です", &ctx).is_empty());
        assert!(rules("間違っていません", &Context::default()).is_empty());
        // A like of someone's post answers nothing.
        let like = Context::default().reply_to(POINTED_OUT).action(Action::Like);
        assert!(rules("間違っていません", &like).is_empty());
    }
}
