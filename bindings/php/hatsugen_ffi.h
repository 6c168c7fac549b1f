/* The part of include/hatsugen.h that the PHP binding uses, without preprocessor lines
 * (PHP's FFI parser takes plain declarations). bindings/run-capi-tests.sh compiles this
 * file together with the real header, so a signature that drifts fails the build. */
typedef struct hatsugen_checker hatsugen_checker;
typedef struct hatsugen_error hatsugen_error;
typedef unsigned int hatsugen_status;
const char *hatsugen_version(void);
const char *hatsugen_status_str(hatsugen_status status);
hatsugen_status hatsugen_error_status(const hatsugen_error *error);
const char *hatsugen_error_message(const hatsugen_error *error);
size_t hatsugen_error_line(const hatsugen_error *error);
size_t hatsugen_error_column(const hatsugen_error *error);
const char *hatsugen_error_key_path(const hatsugen_error *error);
void hatsugen_error_free(hatsugen_error *error);
hatsugen_status hatsugen_checker_new_default(hatsugen_checker **checker_out);
hatsugen_status hatsugen_checker_new_builtin(const char *name, size_t name_len, hatsugen_checker **checker_out, hatsugen_error **error_out);
hatsugen_status hatsugen_checker_new_from_toml(const char *toml, size_t toml_len, hatsugen_checker **checker_out, hatsugen_error **error_out);
size_t hatsugen_checker_max_text_bytes(const hatsugen_checker *checker);
const char *hatsugen_checker_policy_id(const hatsugen_checker *checker);
const char *hatsugen_checker_policy_version(const hatsugen_checker *checker);
void hatsugen_checker_free(hatsugen_checker *checker);
hatsugen_status hatsugen_check_json(const hatsugen_checker *checker, const char *text, size_t text_len, const char *context_json, size_t context_json_len, char **report_json_out, size_t *report_json_len_out, hatsugen_error **error_out);
void hatsugen_string_free(char *s);
