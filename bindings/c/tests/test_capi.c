/*
 * The C test suite of libhatsugen: the shared corpus through both APIs (the JSON report
 * must be byte-identical to the Rust core's), bad input of every kind, ABI growth of the
 * structs, and 8 threads checking concurrently on one checker.
 *
 *   test_capi CORPUS.jsonl
 *
 * Run under valgrind (--leak-check=full --error-exitcode=1) and built with
 * -fsanitize=address by bindings/run-capi-tests.sh. Prints one line per test and a
 * summary line "c: N passed, M failed".
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "hatsugen.h"

/* ------------------------------------------------------------------ harness */

static int checks_failed;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            checks_failed++;                                                               \
            fprintf(stderr, "    FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
        }                                                                                  \
    } while (0)

#define CHECKF(cond, ...)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            checks_failed++;                                                               \
            fprintf(stderr, "    FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);            \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fputc('\n', stderr);                                                           \
        }                                                                                  \
    } while (0)

#define CHECK_STATUS(got, want)                                                            \
    do {                                                                                   \
        hatsugen_status got_ = (got);                                                      \
        if (got_ != (want)) {                                                              \
            checks_failed++;                                                               \
            fprintf(stderr, "    FAIL %s:%d: status %u (%s), want %s\n", __FILE__, __LINE__, \
                    got_, hatsugen_status_str(got_), #want);                               \
        }                                                                                  \
    } while (0)

static size_t cstrlen(const char *s) { return s ? strlen(s) : 0; }

static int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* A pointer value that is never a real allocation: out-parameters must keep it on failure. */
#define SENTINEL ((void *)(uintptr_t)0x5e5e5e5e)

/* ------------------------------------------------------------------ corpus */

typedef struct {
    char *id;
    char *text;
    char *policy;
    char *context_json;
    char *verdict;
    char *report;
    char *fixed;  /* hatsugen_fix_json with "safe", when the report offers a fix; else NULL */
    cJSON *rules; /* array of strings, sorted, unique */
    cJSON *root;  /* owns the strings above */
} corpus_case;

static corpus_case *cases;
static size_t case_count;
static char corpus_dir[4096];

static char *read_file(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[size] = '\0';
        if (len_out) *len_out = (size_t)size;
    }
    return buf;
}

static char *string_field(cJSON *obj, const char *key) {
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int load_corpus(const char *path) {
    size_t len = 0, cap = 0;
    char *data = read_file(path, &len);
    char *line, *save = NULL;
    const char *slash = strrchr(path, '/');
    if (!data) {
        fprintf(stderr, "cannot read corpus %s\n", path);
        return -1;
    }
    if (slash) {
        size_t n = (size_t)(slash - path);
        if (n >= sizeof corpus_dir) n = sizeof corpus_dir - 1;
        memcpy(corpus_dir, path, n);
        corpus_dir[n] = '\0';
    } else {
        strcpy(corpus_dir, ".");
    }
    for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        corpus_case c;
        if (line[0] == '\0' || line[0] == '\r') continue;
        memset(&c, 0, sizeof c);
        c.root = cJSON_Parse(line);
        if (!c.root) {
            fprintf(stderr, "corpus line is not JSON: %.60s\n", line);
            free(data);
            return -1;
        }
        c.id = string_field(c.root, "id");
        c.text = string_field(c.root, "text");
        c.policy = string_field(c.root, "policy");
        c.context_json = string_field(c.root, "context_json");
        c.verdict = string_field(c.root, "verdict");
        c.report = string_field(c.root, "report");
        c.fixed = string_field(c.root, "fixed");
        c.rules = cJSON_GetObjectItemCaseSensitive(c.root, "rules");
        if (!c.id || !c.text || !c.policy || !c.context_json || !c.verdict || !c.report ||
            !cJSON_IsArray(c.rules)) {
            fprintf(stderr, "corpus case lacks a field: %.60s\n", line);
            cJSON_Delete(c.root);
            free(data);
            return -1;
        }
        if (case_count == cap) {
            corpus_case *grown;
            cap = cap ? cap * 2 : 64;
            grown = realloc(cases, cap * sizeof *cases);
            if (!grown) {
                cJSON_Delete(c.root);
                free(data);
                return -1;
            }
            cases = grown;
        }
        cases[case_count++] = c;
    }
    free(data);
    return 0;
}

static void free_corpus(void) {
    size_t i;
    for (i = 0; i < case_count; i++) cJSON_Delete(cases[i].root);
    free(cases);
    cases = NULL;
    case_count = 0;
}

/* One checker per policy string of the corpus, shared by every test (and thread). */
typedef struct {
    char *policy;
    hatsugen_checker *checker;
} policy_entry;

static policy_entry policies[32];
static size_t policy_count;

static hatsugen_checker *make_checker(const char *spec) {
    hatsugen_checker *checker = NULL;
    hatsugen_error *err = NULL;
    hatsugen_status st;
    if (strncmp(spec, "builtin:", 8) == 0) {
        st = hatsugen_checker_new_builtin(spec + 8, strlen(spec + 8), &checker, &err);
    } else if (strncmp(spec, "file:", 5) == 0) {
        char path[8192];
        size_t len = 0;
        char *toml;
        snprintf(path, sizeof path, "%s/%s", corpus_dir, spec + 5);
        toml = read_file(path, &len);
        if (!toml) {
            fprintf(stderr, "    cannot read policy %s\n", path);
            return NULL;
        }
        st = hatsugen_checker_new_from_toml(toml, len, &checker, &err);
        free(toml);
    } else {
        fprintf(stderr, "    unknown policy spec %s\n", spec);
        return NULL;
    }
    if (st != HATSUGEN_STATUS_OK) {
        fprintf(stderr, "    policy %s: %s: %s (line %lu, column %lu)\n", spec, hatsugen_status_str(st),
                hatsugen_error_message(err), (unsigned long)hatsugen_error_line(err),
                (unsigned long)hatsugen_error_column(err));
        hatsugen_error_free(err);
        return NULL;
    }
    return checker;
}

static hatsugen_checker *checker_for(const char *spec) {
    size_t i;
    for (i = 0; i < policy_count; i++) {
        if (strcmp(policies[i].policy, spec) == 0) return policies[i].checker;
    }
    if (policy_count == sizeof policies / sizeof policies[0]) return NULL;
    policies[policy_count].policy = strdup(spec);
    policies[policy_count].checker = make_checker(spec);
    return policies[policy_count++].checker;
}

static void free_policies(void) {
    size_t i;
    for (i = 0; i < policy_count; i++) {
        free(policies[i].policy);
        hatsugen_checker_free(policies[i].checker);
    }
    policy_count = 0;
}

/* ------------------------------------------------------------------ JSON context -> struct */

static unsigned int enum_value(const char *s, const char *const *names) {
    unsigned int i;
    for (i = 0; names[i]; i++) {
        if (strcmp(s, names[i]) == 0) return i + 1;
    }
    return 0;
}

static const char *const DEVICE_NAMES[] = {"personal", "work", NULL};
static const char *const ACCOUNT_NAMES[] = {"personal", "official", "staff_identified", NULL};
static const char *const DUTY_NAMES[] = {"working", "off", "on_leave", "business_trip", "overtime", NULL};
static const char *const ROLE_NAMES[] = {"staff", "manager", NULL};
static const char *const AUDIENCE_NAMES[] = {"public", "dm", "group", NULL};
static const char *const RELATION_NAMES[] = {"subordinate", "peer", "friend", "citizen", NULL};
static const char *const CHANNEL_NAMES[] = {"work", "private", NULL};
static const char *const KIND_NAMES[] = {"image", "video", "file", "link", NULL};
static const char *const ACTION_NAMES[] = {"post", "repost", "like", "reply", "quote", NULL};
static const char *const LEVEL_NAMES[] = {"alert", "evacuation", "disaster", NULL};
static const char *const REPLY_AUTHOR_NAMES[] = {"citizen", "media", "unknown", NULL};

#define MAX_ATTACHMENTS 16
#define MAX_RANGES 8
#define MAX_DUTIES 8

/* What a hatsugen_context built from JSON points to. */
typedef struct {
    hatsugen_attachment atts[MAX_ATTACHMENTS];
    hatsugen_exif exifs[MAX_ATTACHMENTS];
    hatsugen_schedule schedule;
    hatsugen_time_range hours[MAX_RANGES];
    hatsugen_time_range breaks[MAX_RANGES];
    hatsugen_str_in duties[MAX_DUTIES];
    hatsugen_reply reply;
} context_storage;

/* corpus cases checked through the struct API (counted by test_corpus, single-threaded) */
static size_t struct_cases, struct_schedule_cases, struct_event_cases, struct_reply_cases, struct_exif_cases;

static const char *const DAY_NAMES[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

/* "HH:MM" as minutes after midnight (any digits, so that bad values reach the library). */
static unsigned int minutes(const char *s) {
    unsigned int h = 0, m = 0;
    if (sscanf(s, "%u:%u", &h, &m) != 2) return 99999;
    return h * 60 + m;
}

/* [{"start","end"}...] into `out`; returns the count, or -1. */
static int ranges_from_json(cJSON *arr, hatsugen_time_range *out) {
    cJSON *r;
    int n = 0;
    if (!cJSON_IsArray(arr)) return -1;
    cJSON_ArrayForEach(r, arr) {
        const char *start = string_field(r, "start");
        const char *end = string_field(r, "end");
        if (n == MAX_RANGES || !start || !end) return -1;
        out[n].start = minutes(start);
        out[n].end = minutes(end);
        n++;
    }
    return n;
}

/* An attachment's `exif` as a hatsugen_exif; -1 if it cannot be expressed. */
static int exif_from_json(cJSON *obj, hatsugen_exif *e) {
    cJSON *item;
    if (!cJSON_IsObject(obj)) return -1;
    memset(e, 0, sizeof *e);
    e->struct_size = sizeof *e;
    cJSON_ArrayForEach(item, obj) {
        const char *k = item->string;
        const char *s = cJSON_IsString(item) ? item->valuestring : NULL;
        if (strcmp(k, "gps") == 0 && cJSON_IsArray(item) && cJSON_GetArraySize(item) == 2 &&
            cJSON_IsNumber(cJSON_GetArrayItem(item, 0)) && cJSON_IsNumber(cJSON_GetArrayItem(item, 1))) {
            e->has_gps = 1;
            e->latitude = cJSON_GetArrayItem(item, 0)->valuedouble;
            e->longitude = cJSON_GetArrayItem(item, 1)->valuedouble;
        } else if (strcmp(k, "taken_at") == 0 && s) {
            e->taken_at = s;
            e->taken_at_len = strlen(s);
        } else if (strcmp(k, "device_model") == 0 && s) {
            e->device_model = s;
            e->device_model_len = strlen(s);
        } else {
            return -1;
        }
    }
    return 0;
}

/* The context JSON's `schedule` as a hatsugen_schedule; -1 if it cannot be expressed. */
static int schedule_from_json(cJSON *obj, context_storage *st) {
    cJSON *item;
    hatsugen_schedule *s = &st->schedule;
    if (!cJSON_IsObject(obj)) return -1;
    memset(s, 0, sizeof *s);
    s->struct_size = sizeof *s;
    cJSON_ArrayForEach(item, obj) {
        const char *k = item->string;
        if (strcmp(k, "days") == 0 && cJSON_IsArray(item)) {
            cJSON *d;
            cJSON_ArrayForEach(d, item) {
                unsigned int v = cJSON_IsString(d) ? enum_value(d->valuestring, DAY_NAMES) : 0;
                if (v == 0) return -1;
                s->days |= 1u << (v - 1);
            }
            if (s->days == 0) return -1;
        } else if (strcmp(k, "hours") == 0) {
            int n = ranges_from_json(item, st->hours);
            if (n < 0) return -1;
            s->hours = st->hours;
            s->hour_count = (size_t)n;
        } else if (strcmp(k, "breaks") == 0) {
            int n = ranges_from_json(item, st->breaks);
            if (n < 0) return -1;
            s->breaks = st->breaks;
            s->break_count = (size_t)n;
        } else if (strcmp(k, "time_zone") == 0 && cJSON_IsString(item)) {
            s->time_zone = item->valuestring;
            s->time_zone_len = strlen(item->valuestring);
        } else {
            return -1;
        }
    }
    return 0;
}

/*
 * Fills `ctx` from the corpus's context JSON (strings point into `obj`, the rest into `st`).
 * Returns 0, or -1 for a field the struct cannot express (the case is then checked through
 * JSON only).
 */
static int context_from_json(cJSON *obj, hatsugen_context *ctx, context_storage *st) {
    cJSON *item;
    hatsugen_attachment *atts = st->atts;
    memset(ctx, 0, sizeof *ctx);
    ctx->struct_size = sizeof *ctx;
    memset(&st->reply, 0, sizeof st->reply);
    st->reply.struct_size = sizeof st->reply;
    cJSON_ArrayForEach(item, obj) {
        const char *k = item->string;
        const char *s = cJSON_IsString(item) ? item->valuestring : NULL;
        if (strcmp(k, "time") == 0 && s) {
            ctx->time = s;
            ctx->time_len = strlen(s);
        } else if (strcmp(k, "device") == 0 && s) {
            ctx->device = enum_value(s, DEVICE_NAMES);
        } else if (strcmp(k, "account") == 0 && s) {
            ctx->account = enum_value(s, ACCOUNT_NAMES);
        } else if (strcmp(k, "status") == 0 && s) {
            ctx->duty = enum_value(s, DUTY_NAMES);
        } else if (strcmp(k, "role") == 0 && s) {
            ctx->role = enum_value(s, ROLE_NAMES);
        } else if (strcmp(k, "audience") == 0 && s) {
            ctx->audience = enum_value(s, AUDIENCE_NAMES);
        } else if (strcmp(k, "recipient_relation") == 0 && s) {
            ctx->recipient_relation = enum_value(s, RELATION_NAMES);
        } else if (strcmp(k, "channel") == 0 && s) {
            ctx->channel = enum_value(s, CHANNEL_NAMES);
        } else if (strcmp(k, "recipients") == 0 && cJSON_IsNumber(item)) {
            ctx->has_recipients = 1;
            ctx->recipients = (unsigned int)item->valuedouble;
        } else if (strcmp(k, "profile") == 0 && s) {
            ctx->profile = s;
            ctx->profile_len = strlen(s);
        } else if (strcmp(k, "platform") == 0 && s) {
            ctx->platform = s;
            ctx->platform_len = strlen(s);
        } else if (strcmp(k, "reply_to") == 0 && s) {
            st->reply.text = s;
            st->reply.text_len = strlen(s);
            ctx->reply = &st->reply;
        } else if (strcmp(k, "reply_to_author") == 0 && s) {
            st->reply.author = enum_value(s, REPLY_AUTHOR_NAMES);
            ctx->reply = &st->reply;
        } else if (strcmp(k, "attachments") == 0 && cJSON_IsArray(item)) {
            cJSON *a;
            size_t n = 0;
            cJSON_ArrayForEach(a, item) {
                const char *kind = string_field(a, "kind");
                const char *name = string_field(a, "name");
                const char *desc = string_field(a, "description");
                cJSON *exif = cJSON_GetObjectItemCaseSensitive(a, "exif");
                if (n == MAX_ATTACHMENTS || !kind) return -1;
                memset(&atts[n], 0, sizeof atts[n]);
                atts[n].kind = enum_value(kind, KIND_NAMES);
                atts[n].name = name;
                atts[n].name_len = cstrlen(name);
                atts[n].description = desc;
                atts[n].description_len = cstrlen(desc);
                if (exif) {
                    if (exif_from_json(exif, &st->exifs[n]) != 0) return -1;
                    atts[n].exif = &st->exifs[n];
                }
                n++;
            }
            ctx->attachments = atts;
            ctx->attachment_count = n;
            ctx->attachment_size = sizeof *atts;
        } else if (strcmp(k, "schedule") == 0) {
            if (schedule_from_json(item, st) != 0) return -1;
            ctx->schedule = &st->schedule;
        } else if (strcmp(k, "action") == 0 && s) {
            ctx->action = enum_value(s, ACTION_NAMES);
        } else if (strcmp(k, "emergency") == 0 && cJSON_IsObject(item)) {
            const char *level = string_field(item, "level");
            const char *area = string_field(item, "area");
            if (!level || cJSON_GetArraySize(item) != (area ? 2 : 1)) return -1;
            ctx->emergency_level = enum_value(level, LEVEL_NAMES);
            ctx->emergency_area = area;
            ctx->emergency_area_len = cstrlen(area);
        } else if (strcmp(k, "duty") == 0 && cJSON_IsArray(item)) {
            cJSON *d;
            size_t n = 0;
            cJSON_ArrayForEach(d, item) {
                if (n == MAX_DUTIES || !cJSON_IsString(d)) return -1;
                st->duties[n].ptr = d->valuestring;
                st->duties[n].len = strlen(d->valuestring);
                n++;
            }
            ctx->duties = st->duties;
            ctx->duty_count = n;
        } else {
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ comparing views */

static int str_eq(hatsugen_str s, const char *want) {
    if (want == NULL) return s.ptr == NULL && s.len == 0;
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0 &&
           s.ptr[s.len] == '\0';
}

static hatsugen_severity severity_value(const char *s) {
    if (strcmp(s, "info") == 0) return HATSUGEN_SEVERITY_INFO;
    if (strcmp(s, "warn") == 0) return HATSUGEN_SEVERITY_WARN;
    if (strcmp(s, "block") == 0) return HATSUGEN_SEVERITY_BLOCK;
    return 0;
}

static hatsugen_verdict verdict_value(const char *s) {
    if (strcmp(s, "allow") == 0) return HATSUGEN_VERDICT_ALLOW;
    if (strcmp(s, "warn") == 0) return HATSUGEN_VERDICT_WARN;
    if (strcmp(s, "block") == 0) return HATSUGEN_VERDICT_BLOCK;
    return HATSUGEN_VERDICT_NONE;
}

/* Every field of every view against the report JSON. Returns the number of mismatches. */
static int compare_result(const corpus_case *c, const hatsugen_result *r) {
    int bad = 0;
    cJSON *report = cJSON_Parse(c->report);
    cJSON *findings = cJSON_GetObjectItemCaseSensitive(report, "findings");
    cJSON *skipped = cJSON_GetObjectItemCaseSensitive(report, "skipped");
    cJSON *next = cJSON_GetObjectItemCaseSensitive(report, "next_allowed_at");
    cJSON *f;
    size_t i = 0, j;
    const char *got_next = hatsugen_result_next_allowed_at(r);

    if (hatsugen_result_verdict(r) != verdict_value(c->verdict)) bad++;
    if ((size_t)cJSON_GetArraySize(findings) != hatsugen_result_finding_count(r)) bad++;
    if (cJSON_IsString(next) ? (!got_next || strcmp(got_next, next->valuestring) != 0) : got_next != NULL) bad++;
    if ((size_t)cJSON_GetArraySize(skipped) != hatsugen_result_skipped_count(r)) bad++;
    for (j = 0; j < hatsugen_result_skipped_count(r); j++) {
        const char *rule = hatsugen_result_skipped_rule(r, j);
        cJSON *s = cJSON_GetArrayItem(skipped, (int)j);
        cJSON *missing = cJSON_GetObjectItemCaseSensitive(s, "missing");
        hatsugen_skipped sv;
        size_t m;
        if (!rule || strcmp(rule, string_field(s, "rule")) != 0) bad++;
        memset(&sv, 0, sizeof sv);
        sv.struct_size = sizeof sv;
        if (hatsugen_result_get_skipped(r, j, &sv) != HATSUGEN_STATUS_OK) {
            bad++;
            continue;
        }
        if (!str_eq(sv.rule, rule) || sv.missing_count != (size_t)cJSON_GetArraySize(missing)) bad++;
        for (m = 0; m < sv.missing_count && m < (size_t)cJSON_GetArraySize(missing); m++)
            if (!str_eq(sv.missing[m], cJSON_GetArrayItem(missing, (int)m)->valuestring)) bad++;
    }
    if (hatsugen_result_skipped_rule(r, hatsugen_result_skipped_count(r)) != NULL) bad++;
    {
        hatsugen_skipped sv;
        sv.struct_size = sizeof sv;
        if (hatsugen_result_get_skipped(r, hatsugen_result_skipped_count(r), &sv) != HATSUGEN_STATUS_OUT_OF_RANGE) bad++;
    }

    cJSON_ArrayForEach(f, findings) {
        hatsugen_finding v;
        cJSON *message = cJSON_GetObjectItemCaseSensitive(f, "message");
        cJSON *suggestion = cJSON_GetObjectItemCaseSensitive(f, "suggestion");
        cJSON *spans = cJSON_GetObjectItemCaseSensitive(f, "spans");
        cJSON *terms = cJSON_GetObjectItemCaseSensitive(f, "terms");
        cJSON *attachment = cJSON_GetObjectItemCaseSensitive(f, "attachment");
        cJSON *law = cJSON_GetObjectItemCaseSensitive(f, "law");
        cJSON *x;
        memset(&v, 0xAB, sizeof v);
        v.struct_size = sizeof v;
        if (hatsugen_result_get(r, i, &v) != HATSUGEN_STATUS_OK) {
            bad++;
            i++;
            continue;
        }
        if (v.struct_size != sizeof v) bad++;
        if (!str_eq(v.rule, string_field(f, "rule"))) bad++;
        if (!str_eq(v.category, string_field(f, "category"))) bad++;
        if (v.severity != severity_value(string_field(f, "severity"))) bad++;
        if (!str_eq(v.message_ja, string_field(message, "ja"))) bad++;
        if (!str_eq(v.message_en, string_field(message, "en"))) bad++;
        if (!str_eq(v.clause, string_field(f, "clause"))) bad++;
        if (!str_eq(v.law, cJSON_IsString(law) ? law->valuestring : NULL)) bad++;
        if (cJSON_IsObject(suggestion)) {
            if (!str_eq(v.suggestion_ja, string_field(suggestion, "ja"))) bad++;
            if (!str_eq(v.suggestion_en, string_field(suggestion, "en"))) bad++;
            if (!str_eq(v.replacement, string_field(suggestion, "replacement"))) bad++;
        } else if (v.suggestion_ja.ptr || v.suggestion_en.ptr || v.replacement.ptr) {
            bad++;
        }
        if (v.span_count != (size_t)cJSON_GetArraySize(spans)) bad++;
        j = 0;
        cJSON_ArrayForEach(x, spans) {
            cJSON *start = cJSON_GetObjectItemCaseSensitive(x, "start");
            cJSON *end = cJSON_GetObjectItemCaseSensitive(x, "end");
            if (j < v.span_count &&
                (v.spans[j].start != (size_t)start->valuedouble || v.spans[j].end != (size_t)end->valuedouble)) {
                bad++;
            }
            if (j < v.span_count && (v.spans[j].end > strlen(c->text) || v.spans[j].start > v.spans[j].end)) bad++;
            j++;
        }
        if (v.term_count != (size_t)cJSON_GetArraySize(terms)) bad++;
        j = 0;
        cJSON_ArrayForEach(x, terms) {
            if (j < v.term_count && !str_eq(v.terms[j], x->valuestring)) bad++;
            j++;
        }
        if (cJSON_IsNumber(attachment)) {
            if (!v.has_attachment || v.attachment != (size_t)attachment->valuedouble) bad++;
        } else if (v.has_attachment) {
            bad++;
        }
        for (j = 0; j < sizeof v.reserved; j++) {
            if (v.reserved[j] != 0) bad++;
        }
        i++;
    }
    cJSON_Delete(report);
    return bad;
}

/* The sorted unique rule ids of a result (as a cJSON array) equal the case's `rules`. */
static int same_rules(const corpus_case *c, const hatsugen_result *r) {
    size_t n = hatsugen_result_finding_count(r), i, k = 0;
    const char *ids[256];
    int expected = cJSON_GetArraySize(c->rules);
    if (n > 256) return 0;
    for (i = 0; i < n; i++) {
        hatsugen_finding v;
        size_t a, b;
        v.struct_size = sizeof v;
        if (hatsugen_result_get(r, i, &v) != HATSUGEN_STATUS_OK) return 0;
        /* insertion into a sorted set */
        for (a = 0; a < k && strcmp(ids[a], v.rule.ptr) < 0; a++) {
        }
        if (a < k && strcmp(ids[a], v.rule.ptr) == 0) continue;
        for (b = k; b > a; b--) ids[b] = ids[b - 1];
        ids[a] = v.rule.ptr;
        k++;
    }
    if ((int)k != expected) return 0;
    for (i = 0; i < k; i++) {
        cJSON *want = cJSON_GetArrayItem(c->rules, (int)i);
        if (!cJSON_IsString(want) || strcmp(want->valuestring, ids[i]) != 0) return 0;
    }
    return 1;
}

/* Runs one corpus case through both APIs; returns the number of problems (0 = pass). */
static int run_case(const corpus_case *c, int verbose) {
    int bad = 0;
    hatsugen_checker *checker = checker_for(c->policy);
    char *json = NULL;
    size_t json_len = 0;
    hatsugen_error *err = NULL;
    hatsugen_status st;
    size_t i;
    cJSON *ctxobj;

    if (!checker) {
        if (verbose) fprintf(stderr, "    %s: no checker for %s\n", c->id, c->policy);
        return 1;
    }
    st = hatsugen_check_json(checker, c->text, strlen(c->text), c->context_json, strlen(c->context_json), &json,
                             &json_len, &err);
    if (st != HATSUGEN_STATUS_OK) {
        if (verbose) fprintf(stderr, "    %s: check_json: %s: %s\n", c->id, hatsugen_status_str(st), hatsugen_error_message(err));
        hatsugen_error_free(err);
        return 1;
    }
    if (json_len != strlen(c->report) || memcmp(json, c->report, json_len) != 0 || json[json_len] != '\0') {
        if (verbose) fprintf(stderr, "    %s: report differs\n      got:  %s\n      want: %s\n", c->id, json, c->report);
        bad++;
    }
    hatsugen_string_free(json);

    ctxobj = cJSON_Parse(c->context_json);
    if (ctxobj) {
        hatsugen_context ctx;
        context_storage storage;
        if (context_from_json(ctxobj, &ctx, &storage) == 0) {
            hatsugen_result *r = NULL;
            if (verbose) { /* test_corpus: one thread */
                struct_cases++;
                if (ctx.schedule) struct_schedule_cases++;
                if (ctx.action || ctx.emergency_level || ctx.duty_count) struct_event_cases++;
                if (ctx.reply) struct_reply_cases++;
                for (i = 0; i < ctx.attachment_count; i++) {
                    if (ctx.attachments[i].exif) {
                        struct_exif_cases++;
                        break;
                    }
                }
            }
            st = hatsugen_check(checker, c->text, strlen(c->text), &ctx, &r, &err);
            if (st != HATSUGEN_STATUS_OK) {
                if (verbose) fprintf(stderr, "    %s: check: %s: %s\n", c->id, hatsugen_status_str(st), hatsugen_error_message(err));
                hatsugen_error_free(err);
                err = NULL;
                bad++;
            } else {
                char *again = NULL;
                int mismatches = compare_result(c, r);
                if (mismatches) {
                    if (verbose) fprintf(stderr, "    %s: %d view fields differ from the report\n", c->id, mismatches);
                    bad++;
                }
                if (!same_rules(c, r)) {
                    if (verbose) fprintf(stderr, "    %s: rule ids differ\n", c->id);
                    bad++;
                }
                if (hatsugen_result_to_json(r, &again, NULL) != HATSUGEN_STATUS_OK || strcmp(again, c->report) != 0) {
                    if (verbose) fprintf(stderr, "    %s: struct API report differs\n", c->id);
                    bad++;
                }
                hatsugen_string_free(again);
                hatsugen_result_free(r);
            }
        } else if (verbose) {
            fprintf(stderr, "    %s: context has a field the struct does not carry; JSON only\n", c->id);
        }
        cJSON_Delete(ctxobj);
    } else {
        bad++;
    }
    return bad;
}

/* ------------------------------------------------------------------ tests */

static void test_version(void) {
    char macro[64];
    CHECK(strcmp(hatsugen_version(), HATSUGEN_VERSION_STRING) == 0);
    snprintf(macro, sizeof macro, "%d.%d.%d", HATSUGEN_VERSION_MAJOR, HATSUGEN_VERSION_MINOR, HATSUGEN_VERSION_PATCH);
    CHECK(strcmp(macro, HATSUGEN_VERSION_STRING) == 0);
}

static void test_status_str(void) {
    hatsugen_status s;
    CHECK(strcmp(hatsugen_status_str(HATSUGEN_STATUS_OK), "ok") == 0);
    CHECK(strcmp(hatsugen_status_str(HATSUGEN_STATUS_INVALID_UTF8), "invalid utf-8") == 0);
    for (s = 0; s <= HATSUGEN_STATUS_PANIC; s++) {
        const char *name = hatsugen_status_str(s);
        CHECK(name != NULL && strcmp(name, "unknown status") != 0);
    }
    CHECK(strcmp(hatsugen_status_str(HATSUGEN_STATUS_PANIC + 1), "unknown status") == 0);
    CHECK(strcmp(hatsugen_status_str(UINT_MAX), "unknown status") == 0);
}

static void test_checkers(void) {
    hatsugen_checker *a = NULL, *b = NULL, *c = NULL;
    hatsugen_error *err = NULL;
    const char *toml = "extends = \"builtin:jp-local-gov\"\nid = \"test-city\"\nversion = \"3\"\n";
    CHECK_STATUS(hatsugen_checker_new_default(&a), HATSUGEN_STATUS_OK);
    CHECK(strcmp(hatsugen_checker_policy_id(a), "jp-local-gov") == 0);
    CHECK(hatsugen_checker_max_text_bytes(a) > 1000);
    CHECK_STATUS(hatsugen_checker_new_builtin("urayasu", 7, &b, &err), HATSUGEN_STATUS_OK);
    CHECK(strcmp(hatsugen_checker_policy_id(b), "urayasu") == 0);
    CHECK(err == NULL);
    CHECK_STATUS(hatsugen_checker_new_from_toml(toml, strlen(toml), &c, &err), HATSUGEN_STATUS_OK);
    CHECK(strcmp(hatsugen_checker_policy_id(c), "test-city") == 0);
    CHECK(strcmp(hatsugen_checker_policy_version(c), "3") == 0);
    CHECK(err == NULL);
    /* the name needs no NUL: a length inside a longer buffer */
    hatsugen_checker_free(b);
    b = NULL;
    CHECK_STATUS(hatsugen_checker_new_builtin("urayasuXYZ", 7, &b, NULL), HATSUGEN_STATUS_OK);
    hatsugen_checker_free(a);
    hatsugen_checker_free(b);
    hatsugen_checker_free(c);
}

static void test_null_arguments(void) {
    hatsugen_checker *checker = NULL, *untouched = SENTINEL;
    hatsugen_error *err = NULL;
    hatsugen_result *result = SENTINEL;
    hatsugen_finding view;
    char *json = SENTINEL;
    size_t len = 12345;
    hatsugen_context ctx;

    CHECK_STATUS(hatsugen_checker_new_default(&checker), HATSUGEN_STATUS_OK);
    CHECK_STATUS(hatsugen_checker_new_default(NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(hatsugen_checker_new_builtin("urayasu", 7, NULL, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(hatsugen_checker_new_builtin(NULL, 7, &untouched, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(untouched == SENTINEL);
    CHECK_STATUS(hatsugen_checker_new_from_toml(NULL, 3, &untouched, &err), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(untouched == SENTINEL);
    CHECK(hatsugen_error_status(err) == HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(contains(hatsugen_error_message(err), "`toml` is NULL"));
    hatsugen_error_free(err);
    err = NULL;

    /* check_json */
    CHECK_STATUS(hatsugen_check_json(NULL, "a", 1, NULL, 0, &json, &len, &err), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(json == SENTINEL && len == 12345);
    CHECK(contains(hatsugen_error_message(err), "`checker` is NULL"));
    hatsugen_error_free(err);
    err = NULL;
    CHECK_STATUS(hatsugen_check_json(checker, "a", 1, NULL, 0, NULL, &len, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(hatsugen_check_json(checker, NULL, 5, NULL, 0, &json, &len, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(hatsugen_check_json(checker, "a", 1, NULL, 5, &json, &len, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(json == SENTINEL && len == 12345);
    /* (NULL, 0) is the empty text; a NULL context is no context; the length is optional */
    CHECK_STATUS(hatsugen_check_json(checker, NULL, 0, NULL, 0, &json, NULL, NULL), HATSUGEN_STATUS_OK);
    CHECK(json != SENTINEL && contains(json, "\"verdict\":\"allow\""));
    hatsugen_string_free(json);
    json = SENTINEL;

    /* struct API */
    CHECK_STATUS(hatsugen_check(NULL, "a", 1, NULL, &result, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(hatsugen_check(checker, "a", 1, NULL, NULL, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(hatsugen_check(checker, NULL, 1, NULL, &result, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(result == SENTINEL);
    memset(&ctx, 0, sizeof ctx);
    ctx.struct_size = sizeof ctx;
    ctx.profile_len = 4; /* NULL profile with a length */
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    ctx.profile_len = 0;
    ctx.attachment_count = 2; /* NULL array with a count */
    ctx.attachment_size = sizeof(hatsugen_attachment);
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(result == SENTINEL);
    CHECK_STATUS(hatsugen_result_get(NULL, 0, &view), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(hatsugen_result_to_json(NULL, &json, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(json == SENTINEL);

    /* accessors and frees accept NULL */
    CHECK(hatsugen_result_verdict(NULL) == HATSUGEN_VERDICT_NONE);
    CHECK(hatsugen_result_finding_count(NULL) == 0);
    CHECK(hatsugen_result_skipped_count(NULL) == 0);
    CHECK(hatsugen_result_skipped_rule(NULL, 0) == NULL);
    CHECK(hatsugen_result_next_allowed_at(NULL) == NULL);
    CHECK(hatsugen_checker_max_text_bytes(NULL) == 0);
    CHECK(strcmp(hatsugen_checker_policy_id(NULL), "") == 0);
    CHECK(strcmp(hatsugen_checker_policy_version(NULL), "") == 0);
    CHECK(hatsugen_error_status(NULL) == HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(strcmp(hatsugen_error_message(NULL), "") == 0);
    CHECK(hatsugen_error_line(NULL) == 0 && hatsugen_error_column(NULL) == 0);
    CHECK(hatsugen_error_key_path(NULL) == NULL && hatsugen_error_origin(NULL) == NULL);
    hatsugen_checker_free(NULL);
    hatsugen_result_free(NULL);
    hatsugen_error_free(NULL);
    hatsugen_string_free(NULL);
    hatsugen_checker_free(checker);
}

static void test_invalid_utf8(void) {
    hatsugen_checker *checker = NULL, *untouched = SENTINEL;
    hatsugen_error *err = NULL;
    hatsugen_result *result = SENTINEL;
    char *json = SENTINEL;
    hatsugen_context ctx;
    const char bad[] = "abc\xff\xfe def";
    const char overlong[] = "\xc0\xaf";
    const char truncated[] = "\xe3\x81"; /* half of あ */

    CHECK_STATUS(hatsugen_checker_new_default(&checker), HATSUGEN_STATUS_OK);
    CHECK_STATUS(hatsugen_check_json(checker, bad, sizeof bad - 1, NULL, 0, &json, NULL, &err), HATSUGEN_STATUS_INVALID_UTF8);
    CHECK(json == SENTINEL);
    CHECK(hatsugen_error_status(err) == HATSUGEN_STATUS_INVALID_UTF8);
    CHECKF(contains(hatsugen_error_message(err), "offset 3"), "%s", hatsugen_error_message(err));
    hatsugen_error_free(err);
    err = NULL;
    CHECK_STATUS(hatsugen_check_json(checker, overlong, 2, NULL, 0, &json, NULL, NULL), HATSUGEN_STATUS_INVALID_UTF8);
    CHECK_STATUS(hatsugen_check_json(checker, truncated, 2, NULL, 0, &json, NULL, NULL), HATSUGEN_STATUS_INVALID_UTF8);
    CHECK_STATUS(hatsugen_check(checker, bad, sizeof bad - 1, NULL, &result, &err), HATSUGEN_STATUS_INVALID_UTF8);
    CHECK(result == SENTINEL);
    hatsugen_error_free(err);
    err = NULL;
    /* a length that stops inside a character */
    CHECK_STATUS(hatsugen_check(checker, "あ", 2, NULL, &result, NULL), HATSUGEN_STATUS_INVALID_UTF8);
    /* other string arguments */
    CHECK_STATUS(hatsugen_check_json(checker, "a", 1, "{\"platform\":\"\xff\"}", 16, &json, NULL, &err),
                 HATSUGEN_STATUS_INVALID_UTF8);
    CHECK(contains(hatsugen_error_message(err), "context_json"));
    hatsugen_error_free(err);
    err = NULL;
    CHECK_STATUS(hatsugen_checker_new_builtin("\xff", 1, &untouched, NULL), HATSUGEN_STATUS_INVALID_UTF8);
    CHECK_STATUS(hatsugen_checker_new_from_toml("id = \"\xff\"", strlen("id = \"\xff\""), &untouched, NULL), HATSUGEN_STATUS_INVALID_UTF8);
    CHECK(untouched == SENTINEL);
    memset(&ctx, 0, sizeof ctx);
    ctx.struct_size = sizeof ctx;
    ctx.profile = "\xe3\x81";
    ctx.profile_len = 2;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, &err), HATSUGEN_STATUS_INVALID_UTF8);
    CHECK(contains(hatsugen_error_message(err), "profile"));
    hatsugen_error_free(err);
    CHECK(json == SENTINEL && result == SENTINEL);
    hatsugen_checker_free(checker);
}

static void test_malformed_context_json(void) {
    hatsugen_checker *checker = NULL;
    hatsugen_error *err = NULL;
    char *json = SENTINEL;
    static const char *const bad[] = {
        "{\"device\":",
        "{\"device\":\"phone\"}",
        "{\"nope\":1}",
        "[1,2]",
        "{\"time\":\"yesterday\"}",
        "{\"recipients\":-3}",
        "{\"attachments\":[{\"kind\":\"hologram\"}]}",
        "not json",
        "[]",
        "[\"2026-11-24T10:00:00+09:00\",\"work\",\"personal\"]",
        "\"work\"",
        "{\"attachments\":[[\"image\"]]}",
    };
    size_t i;
    const char *multi = "{\n  \"device\": \"work\",\n  \"account\": \"shared\"\n}";

    CHECK_STATUS(hatsugen_checker_new_default(&checker), HATSUGEN_STATUS_OK);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_STATUS(hatsugen_check_json(checker, "a", 1, bad[i], strlen(bad[i]), &json, NULL, &err),
                     HATSUGEN_STATUS_INVALID_CONTEXT);
        CHECKF(hatsugen_error_status(err) == HATSUGEN_STATUS_INVALID_CONTEXT, "%s", bad[i]);
        CHECKF(strlen(hatsugen_error_message(err)) > 0, "%s", bad[i]);
        CHECKF(hatsugen_error_line(err) >= 1, "%s: line %lu", bad[i], (unsigned long)hatsugen_error_line(err));
        hatsugen_error_free(err);
        err = NULL;
    }
    CHECK(json == SENTINEL);
    CHECK_STATUS(hatsugen_check_json(checker, "a", 1, multi, strlen(multi), &json, NULL, &err), HATSUGEN_STATUS_INVALID_CONTEXT);
    CHECKF(hatsugen_error_line(err) == 3, "line %lu", (unsigned long)hatsugen_error_line(err));
    CHECK(hatsugen_error_column(err) > 0);
    CHECKF(contains(hatsugen_error_message(err), "shared"), "%s", hatsugen_error_message(err));
    hatsugen_error_free(err);
    err = NULL;
    /* only an object is a context; the error points at the array */
    CHECK_STATUS(hatsugen_check_json(checker, "a", 1, " []", 3, &json, NULL, &err), HATSUGEN_STATUS_INVALID_CONTEXT);
    CHECKF(contains(hatsugen_error_message(err), "must be a JSON object"), "%s", hatsugen_error_message(err));
    CHECK(hatsugen_error_line(err) == 1 && hatsugen_error_column(err) == 2);
    hatsugen_error_free(err);
    err = NULL;
    /* columns count characters (as for policy errors), not bytes: 35, not 45 */
    {
        const char *wide = "{\"profile\":\"あああああ\",\"device\":\"bogus\"}";
        CHECK_STATUS(hatsugen_check_json(checker, "a", 1, wide, strlen(wide), &json, NULL, &err), HATSUGEN_STATUS_INVALID_CONTEXT);
        CHECKF(hatsugen_error_line(err) == 1 && hatsugen_error_column(err) == 35, "%lu:%lu",
               (unsigned long)hatsugen_error_line(err), (unsigned long)hatsugen_error_column(err));
        hatsugen_error_free(err);
        err = NULL;
    }
    /* whitespace-only and "{}" are no context */
    CHECK_STATUS(hatsugen_check_json(checker, "a", 1, "  ", 2, &json, NULL, NULL), HATSUGEN_STATUS_OK);
    hatsugen_string_free(json);
    CHECK_STATUS(hatsugen_check_json(checker, "a", 1, "{}", 2, &json, NULL, NULL), HATSUGEN_STATUS_OK);
    hatsugen_string_free(json);
    hatsugen_checker_free(checker);
}

static void expect_policy_error(const char *toml, hatsugen_status want, size_t line, size_t column, const char *needle) {
    hatsugen_checker *checker = SENTINEL;
    hatsugen_error *err = NULL;
    hatsugen_status st = hatsugen_checker_new_from_toml(toml, strlen(toml), &checker, &err);
    CHECKF(st == want, "%s: got %s", toml, hatsugen_status_str(st));
    CHECK(checker == SENTINEL);
    CHECK(err != NULL);
    CHECK(hatsugen_error_status(err) == want);
    if (line) CHECKF(hatsugen_error_line(err) == line, "%s: line %lu", toml, (unsigned long)hatsugen_error_line(err));
    if (column) CHECKF(hatsugen_error_column(err) == column, "%s: column %lu", toml, (unsigned long)hatsugen_error_column(err));
    if (needle) CHECKF(contains(hatsugen_error_message(err), needle), "%s", hatsugen_error_message(err));
    hatsugen_error_free(err);
}

static void test_policy_errors(void) {
    hatsugen_checker *checker = SENTINEL;
    hatsugen_error *err = NULL;
    expect_policy_error("extends = \"builtin:jp-local-gov\"\nid = \"x\"\nversion = = 1\n", HATSUGEN_STATUS_POLICY_SYNTAX, 3, 0, NULL);
    expect_policy_error("extends = \"builtin:jp-local-gov\"\n\n[rules.\"defamation.insult\"]\nseverty = \"warn\"\n",
                        HATSUGEN_STATUS_POLICY_SYNTAX, 4, 1, "severty");
    expect_policy_error("extends = \"builtin:jp-local-gov\"\nremove_terms = [\"baka\", \"no-such-term\"]\n",
                        HATSUGEN_STATUS_POLICY_INVALID, 2, 25, "no-such-term");
    expect_policy_error("extends = \"builtin:tokyo\"\n", HATSUGEN_STATUS_UNKNOWN_BUILTIN, 1, 0, "tokyo");
    {
        /* a regex pattern over the length limit */
        static char big[4096];
        char pattern[3001];
        memset(pattern, 'a', 3000);
        pattern[3000] = '\0';
        snprintf(big, sizeof big, "extends = \"builtin:jp-local-gov\"\n[groups.g]\nterms = [{ id = \"r\", regex = \"%s\" }]\n", pattern);
        expect_policy_error(big, HATSUGEN_STATUS_POLICY_TOO_LARGE, 0, 0, NULL);
    }
    /* key path and origin */
    {
        const char *toml = "extends = \"builtin:jp-local-gov\"\n[[embargo]]\nid = \"a\"\nterms = [\"x\"]\nlift = \"tomorrow\"\n";
        CHECK_STATUS(hatsugen_checker_new_from_toml(toml, strlen(toml), &checker, &err), HATSUGEN_STATUS_POLICY_INVALID);
        CHECK(hatsugen_error_key_path(err) && strcmp(hatsugen_error_key_path(err), "embargo.lift") == 0);
        CHECK(hatsugen_error_origin(err) && strcmp(hatsugen_error_origin(err), "<policy>") == 0);
        CHECK(hatsugen_error_line(err) == 5);
        hatsugen_error_free(err);
        err = NULL;
    }
    /* built-in by name */
    CHECK_STATUS(hatsugen_checker_new_builtin("nope", 4, &checker, &err), HATSUGEN_STATUS_UNKNOWN_BUILTIN);
    CHECK(contains(hatsugen_error_message(err), "nope"));
    hatsugen_error_free(err);
    err = NULL;
    /* without an error out-parameter the status alone comes back */
    CHECK_STATUS(hatsugen_checker_new_builtin("", 0, &checker, NULL), HATSUGEN_STATUS_UNKNOWN_BUILTIN);
    CHECK(checker == SENTINEL);
    /* success leaves the error out-parameter alone */
    err = SENTINEL;
    CHECK_STATUS(hatsugen_checker_new_builtin("urayasu", 7, &checker, &err), HATSUGEN_STATUS_OK);
    CHECK(err == SENTINEL && checker != SENTINEL);
    hatsugen_checker_free(checker);
}

static void test_text_too_large(void) {
    hatsugen_checker *checker = NULL, *small = NULL;
    hatsugen_error *err = NULL;
    hatsugen_result *result = SENTINEL;
    char *json = SENTINEL;
    size_t max;
    char *big;
    const char *toml = "extends = \"builtin:jp-local-gov\"\n[limits]\nmax_text_bytes = 16\n";

    CHECK_STATUS(hatsugen_checker_new_default(&checker), HATSUGEN_STATUS_OK);
    max = hatsugen_checker_max_text_bytes(checker);
    big = malloc(max + 1);
    memset(big, 'a', max + 1);
    CHECK_STATUS(hatsugen_check_json(checker, big, max + 1, NULL, 0, &json, NULL, &err), HATSUGEN_STATUS_TEXT_TOO_LARGE);
    CHECK(contains(hatsugen_error_message(err), "max_text_bytes"));
    hatsugen_error_free(err);
    err = NULL;
    CHECK_STATUS(hatsugen_check(checker, big, max + 1, NULL, &result, NULL), HATSUGEN_STATUS_TEXT_TOO_LARGE);
    /* exactly the limit is fine */
    CHECK_STATUS(hatsugen_check(checker, big, max, NULL, &result, NULL), HATSUGEN_STATUS_OK);
    hatsugen_result_free(result);
    result = SENTINEL;
    /* an absurd length is refused before the memory is read */
    CHECK_STATUS(hatsugen_check_json(checker, "a", SIZE_MAX, NULL, 0, &json, NULL, NULL), HATSUGEN_STATUS_TEXT_TOO_LARGE);
    CHECK(json == SENTINEL && result == SENTINEL);
    free(big);

    CHECK_STATUS(hatsugen_checker_new_from_toml(toml, strlen(toml), &small, NULL), HATSUGEN_STATUS_OK);
    CHECK(hatsugen_checker_max_text_bytes(small) == 16);
    CHECK_STATUS(hatsugen_check(small, "0123456789abcdefg", 17, NULL, &result, NULL), HATSUGEN_STATUS_TEXT_TOO_LARGE);
    CHECK_STATUS(hatsugen_check(small, "0123456789abcdef", 16, NULL, &result, NULL), HATSUGEN_STATUS_OK);
    hatsugen_result_free(result);
    /* other strings with an absurd length */
    CHECK_STATUS(hatsugen_check_json(checker, "a", 1, "{}", SIZE_MAX, &json, NULL, NULL), HATSUGEN_STATUS_INVALID_ARGUMENT);
    hatsugen_checker_free(small);
    hatsugen_checker_free(checker);
}

static void test_struct_sizes(void) {
    hatsugen_checker *checker = NULL;
    hatsugen_error *err = NULL;
    hatsugen_result *result = SENTINEL;
    hatsugen_context ctx;
    hatsugen_attachment att;
    hatsugen_finding view;
    const char *text = "ここだけの話、来年度の人事案が決まったよ";
    /* a caller compiled against a newer header: a bigger struct */
    struct {
        hatsugen_context ctx;
        unsigned char newer_fields[24];
    } newer;
    struct {
        hatsugen_finding f;
        unsigned char newer_fields[16];
    } newer_view;
    size_t i;

    CHECK_STATUS(hatsugen_checker_new_default(&checker), HATSUGEN_STATUS_OK);
    memset(&ctx, 0, sizeof ctx);

    ctx.struct_size = 0;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, &err), HATSUGEN_STATUS_STRUCT_TOO_SMALL);
    CHECK(contains(hatsugen_error_message(err), "struct_size"));
    hatsugen_error_free(err);
    err = NULL;
    ctx.struct_size = sizeof(size_t);
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_STRUCT_TOO_SMALL);
    ctx.struct_size = offsetof(hatsugen_context, attachment_size);
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_STRUCT_TOO_SMALL);
    CHECK(result == SENTINEL);
    /* an uninitialised size is caught before anything past the struct is read */
    ctx.struct_size = (size_t)1 << 40;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_INVALID_ARGUMENT);
    ctx.struct_size = 4097;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_INVALID_ARGUMENT);
    /* an older caller whose struct ends before 0.1.0's `reserved` (where `schedule` is now) */
    ctx.struct_size = offsetof(hatsugen_context, schedule);
    ctx.device = HATSUGEN_DEVICE_WORK;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_OK);
    hatsugen_result_free(result);
    result = SENTINEL;
    /* non-zero reserved bytes */
    ctx.struct_size = sizeof ctx;
    ctx.reserved[5] = 1;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, &err), HATSUGEN_STATUS_UNSUPPORTED_FIELD);
    CHECK(contains(hatsugen_error_message(err), "reserved"));
    hatsugen_error_free(err);
    err = NULL;
    ctx.reserved[5] = 0;
    /* a newer caller: zero extra bytes are fine, set ones are refused */
    memset(&newer, 0, sizeof newer);
    newer.ctx.struct_size = sizeof newer;
    newer.ctx.account = HATSUGEN_ACCOUNT_OFFICIAL;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &newer.ctx, &result, NULL), HATSUGEN_STATUS_OK);
    hatsugen_result_free(result);
    result = SENTINEL;
    newer.newer_fields[20] = 7;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &newer.ctx, &result, NULL), HATSUGEN_STATUS_UNSUPPORTED_FIELD);
    CHECK(result == SENTINEL);
    /* out-of-range enum values and a bad time */
    ctx.device = 99;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, &err), HATSUGEN_STATUS_INVALID_CONTEXT);
    CHECK(contains(hatsugen_error_message(err), "device"));
    hatsugen_error_free(err);
    err = NULL;
    ctx.device = HATSUGEN_DEVICE_WORK;
    ctx.duty = HATSUGEN_DUTY_OVERTIME + 1;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_INVALID_CONTEXT);
    ctx.duty = HATSUGEN_DUTY_UNSET;
    ctx.time = "2026-13-45T99:00:00";
    ctx.time_len = strlen(ctx.time);
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, &err), HATSUGEN_STATUS_INVALID_CONTEXT);
    CHECK(contains(hatsugen_error_message(err), "time"));
    hatsugen_error_free(err);
    err = NULL;
    ctx.time = NULL;
    ctx.time_len = 0;
    /* attachments: element size and kind */
    memset(&att, 0, sizeof att);
    att.kind = HATSUGEN_ATTACHMENT_IMAGE;
    ctx.attachments = &att;
    ctx.attachment_count = 1;
    ctx.attachment_size = 4;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_STRUCT_TOO_SMALL);
    ctx.attachment_size = 100000;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_INVALID_ARGUMENT);
    ctx.attachment_size = sizeof att;
    att.kind = 0;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_INVALID_CONTEXT);
    att.kind = HATSUGEN_ATTACHMENT_IMAGE;
    att.reserved[0] = 1;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_UNSUPPORTED_FIELD);
    att.reserved[0] = 0;
    ctx.attachment_count = SIZE_MAX / 2;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_INVALID_ARGUMENT);
    CHECK(result == SENTINEL);
    ctx.attachment_count = 1;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_OK);
    hatsugen_result_free(result);
    result = NULL;

    /* the finding view */
    CHECK_STATUS(hatsugen_check(checker, text, strlen(text), NULL, &result, NULL), HATSUGEN_STATUS_OK);
    CHECK(hatsugen_result_verdict(result) == HATSUGEN_VERDICT_BLOCK);
    CHECK(hatsugen_result_finding_count(result) >= 1);
    memset(&view, 0x5a, sizeof view);
    view.struct_size = offsetof(hatsugen_finding, term_count);
    CHECK_STATUS(hatsugen_result_get(result, 0, &view), HATSUGEN_STATUS_STRUCT_TOO_SMALL);
    CHECK(view.rule.ptr == (const char *)(uintptr_t)0x5a5a5a5a5a5a5a5aULL); /* untouched */
    view.struct_size = (size_t)-1; /* never written past the real struct */
    CHECK_STATUS(hatsugen_result_get(result, 0, &view), HATSUGEN_STATUS_INVALID_ARGUMENT);
    view.struct_size = sizeof view;
    CHECK_STATUS(hatsugen_result_get(result, hatsugen_result_finding_count(result), &view), HATSUGEN_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(hatsugen_result_get(result, SIZE_MAX, &view), HATSUGEN_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(hatsugen_result_get(result, 0, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(hatsugen_result_get(result, 0, &view), HATSUGEN_STATUS_OK);
    CHECK(str_eq(view.category, "confidential"));
    CHECK(view.severity == HATSUGEN_SEVERITY_BLOCK);
    CHECK(view.span_count >= 1 && view.spans[0].end <= strlen(text));
    /* an older caller's view ends before `reserved`: nothing past struct_size is written */
    memset(&view, 0x5a, sizeof view);
    view.struct_size = offsetof(hatsugen_finding, reserved);
    CHECK_STATUS(hatsugen_result_get(result, 0, &view), HATSUGEN_STATUS_OK);
    for (i = 0; i < sizeof view.reserved; i++) CHECK(view.reserved[i] == 0x5a);
    CHECK(view.struct_size == offsetof(hatsugen_finding, reserved));
    /* a newer caller's view: the bytes this library has no field for are zeroed */
    memset(&newer_view, 0x77, sizeof newer_view);
    newer_view.f.struct_size = sizeof newer_view;
    CHECK_STATUS(hatsugen_result_get(result, 0, &newer_view.f), HATSUGEN_STATUS_OK);
    for (i = 0; i < sizeof newer_view.newer_fields; i++) CHECK(newer_view.newer_fields[i] == 0);
    CHECK(str_eq(newer_view.f.category, "confidential"));
    hatsugen_result_free(result);
    hatsugen_checker_free(checker);
}

/* hatsugen_context as version 0.1.0 declared it: no `schedule`, 64 reserved bytes. */
typedef struct {
    size_t struct_size;
    const char *time;
    size_t time_len;
    unsigned int device, account, duty, role, audience, recipient_relation, channel;
    int has_recipients;
    unsigned int recipients;
    const char *profile;
    size_t profile_len;
    const char *platform;
    size_t platform_len;
    const hatsugen_attachment *attachments;
    size_t attachment_count;
    size_t attachment_size;
    unsigned char reserved[64];
} context_v0_1_0;

static void test_schedule_struct(void) {
    hatsugen_checker *checker = NULL;
    hatsugen_result *result = SENTINEL;
    hatsugen_error *err = NULL;
    hatsugen_context ctx;
    hatsugen_schedule sched;
    hatsugen_time_range night[1], breaks[1];
    context_v0_1_0 old;
    char *from_struct = NULL, *from_json = NULL;
    /* Saturday 02:00: inside a night shift of Friday/Saturday, outside the default hours */
    const char *text = "今日は良い天気ですね";
    const char *json =
        "{\"time\":\"2026-11-21T02:00:00+09:00\",\"device\":\"personal\",\"schedule\":{\"days\":[\"fri\",\"sat\"],"
        "\"hours\":[{\"start\":\"22:00\",\"end\":\"07:00\"}],\"breaks\":[{\"start\":\"01:00\",\"end\":\"01:30\"}],"
        "\"time_zone\":\"Asia/Tokyo\"}}";
    hatsugen_skipped sv;

    CHECK_STATUS(hatsugen_checker_new_default(&checker), HATSUGEN_STATUS_OK);
    memset(&ctx, 0, sizeof ctx);
    memset(&sched, 0, sizeof sched);
    ctx.struct_size = sizeof ctx;
    ctx.time = "2026-11-21T02:00:00+09:00";
    ctx.time_len = strlen(ctx.time);
    ctx.device = HATSUGEN_DEVICE_PERSONAL;
    sched.struct_size = sizeof sched;
    sched.days = HATSUGEN_DAY_FRI | HATSUGEN_DAY_SAT;
    night[0].start = 22 * 60;
    night[0].end = 7 * 60;
    breaks[0].start = 60;
    breaks[0].end = 90;
    sched.hours = night;
    sched.hour_count = 1;
    sched.breaks = breaks;
    sched.break_count = 1;
    sched.time_zone = "Asia/Tokyo";
    sched.time_zone_len = strlen(sched.time_zone);
    ctx.schedule = &sched;
    /* the same report as the same context in JSON */
    CHECK_STATUS(hatsugen_check(checker, text, strlen(text), &ctx, &result, NULL), HATSUGEN_STATUS_OK);
    CHECK_STATUS(hatsugen_result_to_json(result, &from_struct, NULL), HATSUGEN_STATUS_OK);
    CHECK_STATUS(hatsugen_check_json(checker, text, strlen(text), json, strlen(json), &from_json, NULL, NULL), HATSUGEN_STATUS_OK);
    CHECKF(from_struct && from_json && strcmp(from_struct, from_json) == 0, "\n      struct: %s\n      json:   %s", from_struct, from_json);
    /* and not the report without the schedule (the schedule is read) */
    hatsugen_string_free(from_struct);
    hatsugen_result_free(result);
    ctx.schedule = NULL;
    CHECK_STATUS(hatsugen_check(checker, text, strlen(text), &ctx, &result, NULL), HATSUGEN_STATUS_OK);
    CHECK_STATUS(hatsugen_result_to_json(result, &from_struct, NULL), HATSUGEN_STATUS_OK);
    CHECKF(from_struct && from_json && strcmp(from_struct, from_json) != 0, "%s", from_struct);
    hatsugen_string_free(from_struct);
    hatsugen_string_free(from_json);
    /* skipped rules with their missing fields */
    CHECK(hatsugen_result_skipped_count(result) > 0);
    memset(&sv, 0, sizeof sv);
    sv.struct_size = sizeof sv;
    CHECK_STATUS(hatsugen_result_get_skipped(result, 0, &sv), HATSUGEN_STATUS_OK);
    CHECK(sv.rule.ptr && strcmp(sv.rule.ptr, hatsugen_result_skipped_rule(result, 0)) == 0);
    CHECK(sv.missing_count > 0 && sv.missing && sv.missing[0].ptr && sv.missing[0].len > 0);
    CHECK_STATUS(hatsugen_result_get_skipped(result, 0, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(hatsugen_result_get_skipped(NULL, 0, &sv), HATSUGEN_STATUS_NULL_ARGUMENT);
    sv.struct_size = sizeof(size_t);
    CHECK_STATUS(hatsugen_result_get_skipped(result, 0, &sv), HATSUGEN_STATUS_STRUCT_TOO_SMALL);
    sv.struct_size = sizeof sv;
    CHECK_STATUS(hatsugen_result_get_skipped(result, hatsugen_result_skipped_count(result), &sv), HATSUGEN_STATUS_OUT_OF_RANGE);
    hatsugen_result_free(result);
    result = SENTINEL;
    ctx.schedule = &sched;

    /* a caller built against 0.1.0 (no `schedule`, 64 reserved bytes) keeps working */
    memset(&old, 0, sizeof old);
    old.struct_size = sizeof old;
    old.device = HATSUGEN_DEVICE_WORK;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, (const hatsugen_context *)(const void *)&old, &result, NULL), HATSUGEN_STATUS_OK);
    CHECK(result != SENTINEL);
    hatsugen_result_free(result);
    result = SENTINEL;

    /* the schedule's own size and reserved bytes */
    sched.struct_size = sizeof(size_t);
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_STRUCT_TOO_SMALL);
    sched.struct_size = 5000;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_INVALID_ARGUMENT);
    sched.struct_size = sizeof sched;
    sched.reserved[3] = 1;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_UNSUPPORTED_FIELD);
    sched.reserved[3] = 0;
    /* invalid values: the JSON reader's messages */
    sched.days = 0x80;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, &err), HATSUGEN_STATUS_INVALID_CONTEXT);
    CHECKF(contains(hatsugen_error_message(err), "days"), "%s", hatsugen_error_message(err));
    hatsugen_error_free(err);
    err = NULL;
    sched.days = HATSUGEN_DAY_MON;
    night[0].end = 24 * 60 + 1;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, &err), HATSUGEN_STATUS_INVALID_CONTEXT);
    CHECKF(contains(hatsugen_error_message(err), "schedule.hours[0].end"), "%s", hatsugen_error_message(err));
    hatsugen_error_free(err);
    err = NULL;
    night[0].end = 7 * 60;
    breaks[0].start = 12 * 60;
    breaks[0].end = 13 * 60;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, &err), HATSUGEN_STATUS_INVALID_CONTEXT);
    CHECKF(contains(hatsugen_error_message(err), "schedule.breaks[0]"), "%s", hatsugen_error_message(err));
    hatsugen_error_free(err);
    err = NULL;
    sched.breaks = NULL;
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, NULL), HATSUGEN_STATUS_NULL_ARGUMENT);
    sched.break_count = 0;
    sched.time_zone = "Mars/Olympus";
    sched.time_zone_len = strlen(sched.time_zone);
    CHECK_STATUS(hatsugen_check(checker, "a", 1, &ctx, &result, &err), HATSUGEN_STATUS_INVALID_CONTEXT);
    CHECKF(contains(hatsugen_error_message(err), "time_zone"), "%s", hatsugen_error_message(err));
    hatsugen_error_free(err);
    CHECK(result == SENTINEL);
    hatsugen_checker_free(checker);
}

static void test_struct_context_fields(void) {
    /* every field of the struct reaches the core: compare with the same context in JSON */
    hatsugen_checker *checker = NULL;
    hatsugen_result *result = NULL;
    hatsugen_context ctx;
    hatsugen_attachment atts[2];
    char *from_struct = NULL, *from_json = NULL;
    const char *text = "今日は窓口で市民の方の住所を確認しました。会いたかったな💕";
    const char *json =
        "{\"time\":\"2026-11-21T23:30:00+09:00\",\"device\":\"work\",\"account\":\"staff_identified\","
        "\"status\":\"off\",\"role\":\"manager\",\"audience\":\"group\",\"recipients\":45,"
        "\"recipient_relation\":\"subordinate\",\"channel\":\"work\",\"profile\":\"○○市役所 職員\","
        "\"platform\":\"groupware\",\"attachments\":[{\"kind\":\"image\",\"name\":\"desk.jpg\","
        "\"description\":\"執務室のデスク\"},{\"kind\":\"link\"}]}";

    CHECK_STATUS(hatsugen_checker_new_default(&checker), HATSUGEN_STATUS_OK);
    memset(&ctx, 0, sizeof ctx);
    memset(atts, 0, sizeof atts);
    ctx.struct_size = sizeof ctx;
    ctx.time = "2026-11-21T23:30:00+09:00";
    ctx.time_len = strlen(ctx.time);
    ctx.device = HATSUGEN_DEVICE_WORK;
    ctx.account = HATSUGEN_ACCOUNT_STAFF_IDENTIFIED;
    ctx.duty = HATSUGEN_DUTY_OFF;
    ctx.role = HATSUGEN_ROLE_MANAGER;
    ctx.audience = HATSUGEN_AUDIENCE_GROUP;
    ctx.has_recipients = 1;
    ctx.recipients = 45;
    ctx.recipient_relation = HATSUGEN_RELATION_SUBORDINATE;
    ctx.channel = HATSUGEN_CHANNEL_WORK;
    ctx.profile = "○○市役所 職員";
    ctx.profile_len = strlen(ctx.profile);
    ctx.platform = "groupware";
    ctx.platform_len = strlen(ctx.platform);
    atts[0].kind = HATSUGEN_ATTACHMENT_IMAGE;
    atts[0].name = "desk.jpg";
    atts[0].name_len = strlen(atts[0].name);
    atts[0].description = "執務室のデスク";
    atts[0].description_len = strlen(atts[0].description);
    atts[1].kind = HATSUGEN_ATTACHMENT_LINK;
    ctx.attachments = atts;
    ctx.attachment_count = 2;
    ctx.attachment_size = sizeof atts[0];
    CHECK_STATUS(hatsugen_check(checker, text, strlen(text), &ctx, &result, NULL), HATSUGEN_STATUS_OK);
    CHECK_STATUS(hatsugen_result_to_json(result, &from_struct, NULL), HATSUGEN_STATUS_OK);
    CHECK_STATUS(hatsugen_check_json(checker, text, strlen(text), json, strlen(json), &from_json, NULL, NULL), HATSUGEN_STATUS_OK);
    CHECKF(from_struct && from_json && strcmp(from_struct, from_json) == 0, "\n      struct: %s\n      json:   %s", from_struct, from_json);
    CHECK(hatsugen_result_skipped_count(result) == 0);
    hatsugen_string_free(from_struct);
    hatsugen_string_free(from_json);
    hatsugen_result_free(result);
    hatsugen_checker_free(checker);
}

static void test_corpus(void) {
    size_t i;
    int failed = 0;
    struct_cases = struct_schedule_cases = struct_event_cases = struct_reply_cases = struct_exif_cases = 0;
    for (i = 0; i < case_count; i++) {
        if (run_case(&cases[i], 1)) failed++;
    }
    CHECKF(failed == 0, "%d of %lu corpus cases failed", failed, (unsigned long)case_count);
    /* every context of the corpus fits the struct, schedules included */
    CHECKF(struct_cases == case_count, "%lu of %lu cases through the struct API", (unsigned long)struct_cases,
           (unsigned long)case_count);
    CHECK(struct_schedule_cases > 0);
    CHECK(struct_event_cases > 0);
    CHECK(struct_reply_cases > 0);
    CHECK(struct_exif_cases > 0);
    printf("    %lu corpus cases (%lu through the struct API, %lu with a schedule, %lu with action, duty or emergency, "
           "%lu replies, %lu with photo metadata), %d failed\n",
           (unsigned long)case_count, (unsigned long)struct_cases, (unsigned long)struct_schedule_cases,
           (unsigned long)struct_event_cases, (unsigned long)struct_reply_cases, (unsigned long)struct_exif_cases, failed);
}

/* hatsugen_fix_json and hatsugen_fix (struct context) return the corpus's "fixed" JSON. */
static void test_fix(void) {
    size_t i, n = 0;
    int failed = 0;
    hatsugen_checker *checker;
    char *json = NULL;
    hatsugen_status st;
    for (i = 0; i < case_count; i++) {
        const corpus_case *c = &cases[i];
        cJSON *ctxobj;
        if (!c->fixed) continue;
        n++;
        checker = checker_for(c->policy);
        json = NULL;
        st = hatsugen_fix_json(checker, c->text, strlen(c->text), c->context_json, strlen(c->context_json), "safe", 4,
                               &json, NULL, NULL);
        if (st != HATSUGEN_STATUS_OK || strcmp(json, c->fixed) != 0) {
            fprintf(stderr, "    %s: fix_json differs\n      got:  %s\n      want: %s\n", c->id, json ? json : "(none)",
                    c->fixed);
            failed++;
        }
        hatsugen_string_free(json);
        ctxobj = cJSON_Parse(c->context_json);
        if (ctxobj) {
            hatsugen_context ctx;
            context_storage storage;
            if (context_from_json(ctxobj, &ctx, &storage) == 0) {
                json = NULL;
                /* NULL `which` means "safe" */
                st = hatsugen_fix(checker, c->text, strlen(c->text), &ctx, NULL, 0, &json, NULL, NULL);
                if (st != HATSUGEN_STATUS_OK || strcmp(json, c->fixed) != 0) {
                    fprintf(stderr, "    %s: fix (struct) differs\n", c->id);
                    failed++;
                }
                hatsugen_string_free(json);
            }
            cJSON_Delete(ctxobj);
        }
    }
    CHECKF(failed == 0, "%d of %lu fixed cases differ", failed, (unsigned long)n);
    CHECK(n > 0);
    /* NULL checks: a status, nothing written */
    json = NULL;
    CHECK(hatsugen_fix_json(NULL, "x", 1, NULL, 0, NULL, 0, &json, NULL, NULL) == HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(hatsugen_fix(checker_for("builtin:jp-local-gov"), "x", 1, NULL, NULL, 0, NULL, NULL, NULL) ==
          HATSUGEN_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);
    printf("    %lu fixed cases through both fix entry points\n", (unsigned long)n);
}

/* 8 threads, one checker per policy shared by all, every case several times. */
#define THREADS 8

typedef struct {
    int index;
    int rounds;
    int failures;
} thread_arg;

static void *thread_main(void *p) {
    thread_arg *arg = p;
    int round;
    size_t i;
    for (round = 0; round < arg->rounds; round++) {
        for (i = 0; i < case_count; i++) {
            /* each thread starts somewhere else in the corpus */
            const corpus_case *c = &cases[(i + (size_t)arg->index * 7) % case_count];
            if (run_case(c, 0)) arg->failures++;
        }
    }
    return NULL;
}

static void test_threads(void) {
    pthread_t threads[THREADS];
    thread_arg args[THREADS];
    int i, total = 0;
    const char *rounds_env = getenv("HATSUGEN_THREAD_ROUNDS");
    int rounds = rounds_env ? atoi(rounds_env) : 2;
    size_t k;
    /* create every checker before the threads start (checker_for is not thread-safe) */
    for (k = 0; k < case_count; k++) CHECK(checker_for(cases[k].policy) != NULL);
    for (i = 0; i < THREADS; i++) {
        args[i].index = i;
        args[i].rounds = rounds;
        args[i].failures = 0;
        CHECK(pthread_create(&threads[i], NULL, thread_main, &args[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        total += args[i].failures;
    }
    CHECKF(total == 0, "%d failures across %d threads", total, THREADS);
    printf("    %d threads x %d rounds x %lu cases\n", THREADS, rounds, (unsigned long)case_count);
}

/* ------------------------------------------------------------------ main */

typedef struct {
    const char *name;
    void (*fn)(void);
} test_entry;

int main(int argc, char **argv) {
    static const test_entry tests[] = {
        {"version", test_version},
        {"status_str", test_status_str},
        {"checkers", test_checkers},
        {"null_arguments", test_null_arguments},
        {"invalid_utf8", test_invalid_utf8},
        {"malformed_context_json", test_malformed_context_json},
        {"policy_errors", test_policy_errors},
        {"text_too_large", test_text_too_large},
        {"struct_sizes", test_struct_sizes},
        {"struct_context_fields", test_struct_context_fields},
        {"schedule_struct", test_schedule_struct},
        {"corpus", test_corpus},
        {"fix", test_fix},
        {"threads", test_threads},
    };
    size_t i;
    int passed = 0, failed = 0;
    const char *only = argc > 2 ? argv[2] : NULL;

    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS.jsonl [TEST]\n", argv[0]);
        return 2;
    }
    if (load_corpus(argv[1]) != 0) return 2;
    if (case_count == 0) {
        fprintf(stderr, "corpus %s has no cases\n", argv[1]);
        free_corpus();
        return 2;
    }
    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        int before = checks_failed;
        if (only && strcmp(only, tests[i].name) != 0) continue;
        tests[i].fn();
        if (checks_failed == before) {
            passed++;
            printf("ok - %s\n", tests[i].name);
        } else {
            failed++;
            printf("not ok - %s\n", tests[i].name);
        }
        fflush(stdout);
    }
    free_policies();
    free_corpus();
    printf("c: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
