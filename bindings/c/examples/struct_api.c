/*
 * struct_api: check one post with the struct API (no JSON anywhere) and print each
 * finding with the offending text marked.
 *
 *   struct_api TEXT
 *
 * The post is checked as sent from a work device, on a staff-identified account, at
 * 23:30 on a weekday, to a group of 45 subordinates on the work chat.
 */
#include <stdio.h>
#include <string.h>

#include "hatsugen.h"

static const char *verdict_name(hatsugen_verdict v) {
    switch (v) {
    case HATSUGEN_VERDICT_ALLOW: return "allow";
    case HATSUGEN_VERDICT_WARN: return "warn";
    case HATSUGEN_VERDICT_BLOCK: return "block";
    default: return "?";
    }
}

int main(int argc, char **argv) {
    hatsugen_checker *checker = NULL;
    hatsugen_result *result = NULL;
    hatsugen_error *error = NULL;
    hatsugen_context ctx;
    hatsugen_status status;
    const char *text = argc > 1 ? argv[1] : "ここだけの話、来年度の人事案が決まったよ。お疲れさま💕";
    const char *time = "2026-11-24T23:30:00+09:00";
    size_t i, j, n;

    if (hatsugen_checker_new_default(&checker) != HATSUGEN_STATUS_OK) return 3;

    memset(&ctx, 0, sizeof ctx); /* every field unset, reserved bytes zero */
    ctx.struct_size = sizeof ctx;
    ctx.time = time;
    ctx.time_len = strlen(time);
    ctx.device = HATSUGEN_DEVICE_WORK;
    ctx.account = HATSUGEN_ACCOUNT_STAFF_IDENTIFIED;
    ctx.role = HATSUGEN_ROLE_MANAGER;
    ctx.audience = HATSUGEN_AUDIENCE_GROUP;
    ctx.has_recipients = 1;
    ctx.recipients = 45;
    ctx.recipient_relation = HATSUGEN_RELATION_SUBORDINATE;
    ctx.channel = HATSUGEN_CHANNEL_WORK;

    status = hatsugen_check(checker, text, strlen(text), &ctx, &result, &error);
    if (status != HATSUGEN_STATUS_OK) {
        fprintf(stderr, "%s: %s\n", hatsugen_status_str(status), hatsugen_error_message(error));
        hatsugen_error_free(error);
        hatsugen_checker_free(checker);
        return 3;
    }

    n = hatsugen_result_finding_count(result);
    printf("verdict: %s (%lu findings)\n", verdict_name(hatsugen_result_verdict(result)), (unsigned long)n);
    if (hatsugen_result_next_allowed_at(result)) printf("next allowed at: %s\n", hatsugen_result_next_allowed_at(result));
    for (i = 0; i < n; i++) {
        hatsugen_finding f;
        f.struct_size = sizeof f;
        if (hatsugen_result_get(result, i, &f) != HATSUGEN_STATUS_OK) continue;
        printf("\n[%s] %s\n  %s\n  %s\n  clause: %s\n", f.severity == HATSUGEN_SEVERITY_BLOCK ? "block" : "warn", f.rule.ptr,
               f.message_ja.ptr, f.message_en.ptr, f.clause.ptr);
        if (f.law.ptr) printf("  law: %s\n", f.law.ptr);
        for (j = 0; j < f.span_count; j++) {
            const hatsugen_span *s = &f.spans[j];
            printf("  text: %.*s[[%.*s]]%s\n", (int)s->start, text, (int)(s->end - s->start), text + s->start, text + s->end);
        }
        if (f.suggestion_ja.ptr) printf("  suggestion: %s\n", f.suggestion_ja.ptr);
    }
    hatsugen_result_free(result); /* every view above is invalid from here on */
    hatsugen_checker_free(checker);
    return 0;
}
