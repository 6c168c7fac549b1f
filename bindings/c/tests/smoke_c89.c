/* Compiles include/hatsugen.h as strict C89 (-std=c89 -pedantic -Wall -Wextra -Werror),
 * links against the library and makes one call of each kind. */
#include <stdio.h>
#include <string.h>

#include "hatsugen.h"

int main(void) {
    hatsugen_checker *checker = NULL;
    hatsugen_result *result = NULL;
    hatsugen_context ctx;
    hatsugen_finding finding;
    const char *text = "hello";
    int ok = 1;

    memset(&ctx, 0, sizeof ctx);
    ctx.struct_size = sizeof ctx;
    ctx.device = HATSUGEN_DEVICE_WORK;
    if (strcmp(hatsugen_version(), HATSUGEN_VERSION_STRING) != 0) ok = 0;
    if (hatsugen_checker_new_default(&checker) != HATSUGEN_STATUS_OK) ok = 0;
    if (hatsugen_check(checker, text, strlen(text), &ctx, &result, NULL) != HATSUGEN_STATUS_OK) ok = 0;
    if (hatsugen_result_verdict(result) == HATSUGEN_VERDICT_NONE) ok = 0;
    finding.struct_size = sizeof finding;
    if (hatsugen_result_get(result, hatsugen_result_finding_count(result), &finding) != HATSUGEN_STATUS_OUT_OF_RANGE) ok = 0;
    hatsugen_result_free(result);
    hatsugen_checker_free(checker);
    printf("c89 smoke: %s (library %s)\n", ok ? "ok" : "FAILED", hatsugen_version());
    return ok ? 0 : 1;
}
