// Compiles include/hatsugen.h as C++ (-std=c++11 -pedantic -Wall -Wextra -Werror), links
// against the library and makes one call of each kind.
#include <cstdio>
#include <cstring>
#include <string>

#include "hatsugen.h"

int main() {
    hatsugen_checker *checker = nullptr;
    hatsugen_error *error = nullptr;
    char *json = nullptr;
    std::string text = "ここだけの話、来年度の人事案が決まったよ";
    std::string context = "{\"device\":\"work\"}";
    bool ok = std::strcmp(hatsugen_version(), HATSUGEN_VERSION_STRING) == 0;
    ok = ok && hatsugen_checker_new_builtin("urayasu", 7, &checker, &error) == HATSUGEN_STATUS_OK;
    ok = ok && hatsugen_check_json(checker, text.data(), text.size(), context.data(), context.size(), &json, nullptr,
                                   &error) == HATSUGEN_STATUS_OK;
    ok = ok && json != nullptr && std::string(json).find("\"verdict\":\"block\"") != std::string::npos;
    hatsugen_string_free(json);
    hatsugen_error_free(error);
    hatsugen_checker_free(checker);
    std::printf("c++ smoke: %s (library %s)\n", ok ? "ok" : "FAILED", hatsugen_version());
    return ok ? 0 : 1;
}
