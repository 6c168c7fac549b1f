/*
 * check_post: check one post with the JSON API and print the report JSON.
 *
 *   check_post [--policy FILE.toml] TEXT [CONTEXT_JSON]
 *
 * Exit status: 0 allow, 1 warn, 2 block, 3 error (bad policy, context or text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hatsugen.h"

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)size + 1);
        if (buf && fread(buf, 1, (size_t)size, f) == (size_t)size) {
            buf[size] = '\0';
            *len = (size_t)size;
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv) {
    hatsugen_checker *checker = NULL;
    hatsugen_error *error = NULL;
    hatsugen_status status;
    char *report = NULL;
    size_t report_len = 0;
    const char *policy = NULL, *text, *context = "{}";
    int i = 1, exit_code;

    if (argc > 2 && strcmp(argv[1], "--policy") == 0) {
        policy = argv[2];
        i = 3;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: %s [--policy FILE.toml] TEXT [CONTEXT_JSON]\n", argv[0]);
        return 3;
    }
    text = argv[i];
    if (i + 1 < argc) context = argv[i + 1];

    if (policy) {
        size_t len = 0;
        char *toml = read_file(policy, &len);
        if (!toml) {
            fprintf(stderr, "cannot read %s\n", policy);
            return 3;
        }
        status = hatsugen_checker_new_from_toml(toml, len, &checker, &error);
        free(toml);
    } else {
        status = hatsugen_checker_new_default(&checker);
    }
    if (status != HATSUGEN_STATUS_OK) {
        /* e.g. "city.toml:4:1: policy syntax error: unknown field `severty`..." */
        fprintf(stderr, "%s:%lu:%lu: %s: %s\n", policy ? policy : "(default)", (unsigned long)hatsugen_error_line(error),
                (unsigned long)hatsugen_error_column(error), hatsugen_status_str(status), hatsugen_error_message(error));
        hatsugen_error_free(error);
        return 3;
    }

    status = hatsugen_check_json(checker, text, strlen(text), context, strlen(context), &report, &report_len, &error);
    if (status != HATSUGEN_STATUS_OK) {
        fprintf(stderr, "%s: %s\n", hatsugen_status_str(status), hatsugen_error_message(error));
        hatsugen_error_free(error);
        hatsugen_checker_free(checker);
        return 3;
    }
    fwrite(report, 1, report_len, stdout);
    putchar('\n');
    exit_code = strstr(report, "{\"verdict\":\"block\"") == report ? 2 : strstr(report, "{\"verdict\":\"warn\"") == report ? 1 : 0;
    hatsugen_string_free(report);
    hatsugen_checker_free(checker);
    return exit_code;
}
