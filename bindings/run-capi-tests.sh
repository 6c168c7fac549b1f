#!/usr/bin/env bash
# Builds libhatsugen (crates/hatsugen-capi, release) and runs every test of the C API and
# its language bindings:
#   - the Rust tests of hatsugen-capi (header regenerated and compared with include/hatsugen.h,
#     version macros against the workspace version)
#   - include/hatsugen.h compiled as C89 and as C++ (smoke programs, run)
#   - the C suite (shared corpus through both APIs, bad input, struct growth, 8 threads)
#     under valgrind with the shared library, and under AddressSanitizer + UBSan with the
#     static library; the C examples under valgrind
#   - Python (ctypes), PHP (FFI), Java (JNA) and C# (Mono P/Invoke), each on the corpus
#   - each binding as a package (wheel, jar, NuGet, Composer) installed into a fresh
#     consumer project (tests/packages) that runs the corpus with no HATSUGEN_LIB
#   - the install bundle (scripts/bundle-capi.sh): pkg-config + static and shared linking
# Installs the Debian packages it needs (skipped when present). Honours CARGO_TARGET_DIR
# (default: target/ of the workspace) and HATSUGEN_CORPUS (default:
# tests/corpus/cases.jsonl). Ends with the line "capi: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$TARGET"
TARGET=$(cd "$TARGET" && pwd)
export CARGO_TARGET_DIR=$TARGET
RELEASE=$TARGET/release
BUILD=$TARGET/capi-tests
CORPUS=${HATSUGEN_CORPUS:-$ROOT/tests/corpus/cases.jsonl}
export HATSUGEN_CORPUS=$CORPUS
export DEBIAN_FRONTEND=noninteractive

passed=0
failed=0
failures=()

# A failing step's output is kept and its end printed again by finish, so that the cause
# is in the last lines of a long log.
steplogs=$(mktemp -d)
trap 'rm -rf "$steplogs"' EXIT

step() {
  local name=$1
  shift
  echo
  echo "--> $name"
  local start=$SECONDS
  local log="$steplogs/step.log"
  "$@" 2>&1 | tee "$log"
  local code=${PIPESTATUS[0]}
  if [ "$code" -eq 0 ]; then
    passed=$((passed + 1))
    echo "<-- $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    mv "$log" "$steplogs/failed-${#failures[@]}.log"
    echo "<-- $name: FAILED ($((SECONDS - start)) s)"
  fi
}

finish() {
  echo
  if [ "$failed" -gt 0 ]; then
    local i
    for i in "${!failures[@]}"; do
      if [ -f "$steplogs/failed-$((i + 1)).log" ]; then
        echo "---- the last 25 lines of: ${failures[$i]}"
        tail -n 25 "$steplogs/failed-$((i + 1)).log"
      fi
    done
    printf 'failed: %s\n' "${failures[@]}"
  fi
  echo "capi: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

# ---------------------------------------------------------------- tools

# apt-get install, tried three times (a mirror that fails once must not fail the suite)
apt_install() {
  local try
  for try in 1 2 3; do
    apt-get update -qq >/dev/null 2>&1 || true
    if apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
      return 0
    fi
    echo "apt-get install $* failed (try $try of 3)" >&2
    sleep $((try * 5))
  done
  return 1
}

install_packages() {
  # command-or-file -> Debian package
  local -a want=(
    "gcc:gcc" "g++:g++" "pkg-config:pkg-config" "valgrind:valgrind"
    "/usr/include/cjson/cJSON.h:libcjson-dev" "python3:python3" "php:php-cli"
    "javac:openjdk-17-jdk-headless" "/usr/share/java/jna.jar:libjna-java"
    "mcs:mono-mcs" "mono:mono-runtime" "zip:zip" "unzip:unzip" "composer:composer"
  )
  local -a missing=()
  local item probe pkg
  for item in "${want[@]}"; do
    probe=${item%%:*}
    pkg=${item#*:}
    if [[ $probe == /* ]]; then
      [ -e "$probe" ] || missing+=("$pkg")
    else
      command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
      echo "need root and apt-get to install ${missing[*]}" >&2
      return 1
    fi
    apt_install "${missing[@]}" || return 1
  fi
  # Composer's artifact repository (the PHP package test) needs PHP's zip extension; the
  # wheel test needs venv (python3-venv on Debian).
  local -a more=()
  php -m 2>/dev/null | grep -i '^zip$' >/dev/null || more+=(php-zip)
  local probe_dir
  probe_dir=$(mktemp -d)
  python3 -m venv "$probe_dir/venv" >/dev/null 2>&1 || more+=(python3-venv)
  rm -rf "$probe_dir"
  if [ "${#more[@]}" -gt 0 ]; then
    echo "installing: ${more[*]}"
    apt_install "${more[@]}" || return 1
  fi
  # PHP FFI ships with php-cli on Debian 12 but is disabled for scripts by default; the
  # tests enable it with `-d ffi.enable=1`. grep reads all of php's output: under pipefail a
  # grep -q that stops early can kill php (which writes a line at a time) with SIGPIPE.
  php -m 2>/dev/null | grep -i '^ffi$' >/dev/null || { echo "PHP has no FFI extension" >&2; return 1; }
}

if ! install_packages; then
  failed=$((failed + 1))
  failures+=("install packages")
  finish
fi

# ---------------------------------------------------------------- build

build_library() {
  cargo build -p hatsugen-capi --release &&
    test -f "$RELEASE/libhatsugen.so" && test -f "$RELEASE/libhatsugen.a"
}

step "build libhatsugen (release)" build_library
if [ ! -f "$RELEASE/libhatsugen.so" ]; then
  finish
fi
mkdir -p "$BUILD"
export HATSUGEN_LIB=$RELEASE/libhatsugen.so
# Every program below links against the build output as docs/C-API.md says
# (-L target/release -lhatsugen); the loader finds the soname link cargo's build left there.
LINK_SHARED=(-L"$RELEASE" -lhatsugen -Wl,-rpath,"$RELEASE")
# what `--print native-static-libs` reports for the static library on Linux
STATIC_DEPS=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
VALGRIND=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1)

plain_link() {
  # docs/C-API.md, "Build and test": -L and -l only, the library found through
  # LD_LIBRARY_PATH (no rpath, no extra links made by hand).
  local soname
  soname=$(readelf -d "$RELEASE/libhatsugen.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
  [ -n "$soname" ] && [ -e "$RELEASE/$soname" ] || { echo "no $soname next to libhatsugen.so"; return 1; }
  gcc -std=c89 -pedantic -Wall -Wextra -Werror -Iinclude bindings/c/tests/smoke_c89.c -o "$BUILD/smoke_plain" \
    -L"$RELEASE" -lhatsugen &&
    env LD_LIBRARY_PATH="$RELEASE" "$BUILD/smoke_plain"
}
step "cc -Ltarget/release -lhatsugen runs with LD_LIBRARY_PATH=target/release" plain_link

step "rust tests of hatsugen-capi (header up to date, version)" cargo test -p hatsugen-capi --release --quiet

header_matches_generated() {
  # The header cbindgen wrote during the release build (build.rs, OUT_DIR) must equal the
  # committed one; the Rust test above checks the same for the test build.
  local out
  out=$(cargo build -p hatsugen-capi --release --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "build-script-executed" and "hatsugen-capi" in m.get("package_id", ""):
        print(m["out_dir"])')
  [ -n "$out" ] && diff -u include/hatsugen.h "$out/hatsugen.h" && diff -u include/hatsugen_ffi.h "$out/hatsugen_ffi.h"
}
step "include/hatsugen.h and hatsugen_ffi.h equal the generated headers" header_matches_generated

smoke() {
  gcc -std=c89 -pedantic -Wall -Wextra -Werror -Iinclude bindings/c/tests/smoke_c89.c -o "$BUILD/smoke_c89" "${LINK_SHARED[@]}" &&
    "$BUILD/smoke_c89" &&
    g++ -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude bindings/c/tests/smoke_cxx.cpp -o "$BUILD/smoke_cxx" "${LINK_SHARED[@]}" &&
    "$BUILD/smoke_cxx"
}
step "header compiles as C89 and C++" smoke

CFLAGS=(-std=c11 -O1 -g -Wall -Wextra -Werror -Iinclude)

c_suite_valgrind() {
  gcc "${CFLAGS[@]}" bindings/c/tests/test_capi.c -o "$BUILD/test_capi" "${LINK_SHARED[@]}" -lcjson -lpthread &&
    "${VALGRIND[@]}" "$BUILD/test_capi" "$CORPUS"
}
step "C suite under valgrind (shared library)" c_suite_valgrind

c_suite_asan() {
  gcc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
    bindings/c/tests/test_capi.c -o "$BUILD/test_capi_asan" "$RELEASE/libhatsugen.a" -lcjson "${STATIC_DEPS[@]}" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 "$BUILD/test_capi_asan" "$CORPUS"
}
step "C suite under AddressSanitizer + UBSan (static library)" c_suite_asan

c_examples() {
  local e
  for e in check_post struct_api; do
    gcc -std=c99 -Wall -Wextra -Werror -Iinclude "bindings/c/examples/$e.c" -o "$BUILD/$e" "${LINK_SHARED[@]}" || return 1
  done
  "${VALGRIND[@]}" "$BUILD/check_post" 'ここだけの話、来年度の人事案が決まったよ' '{"device":"personal"}' >"$BUILD/check_post.out"
  [ $? -eq 2 ] || { echo "check_post: expected exit 2 (block)"; return 1; }
  grep -q '"rule":"confidential.secret"' "$BUILD/check_post.out" || return 1
  "${VALGRIND[@]}" "$BUILD/check_post" 'こんにちは' >/dev/null || { echo "check_post: expected allow"; return 1; }
  printf 'extends = "builtin:jp-local-gov"\n[rules."defamation.insult"]\nseverty = "warn"\n' >"$BUILD/bad.toml"
  "${VALGRIND[@]}" "$BUILD/check_post" --policy "$BUILD/bad.toml" 'x' 2>"$BUILD/bad.err"
  [ $? -eq 3 ] && grep -q 'bad.toml:3:1: policy syntax error' "$BUILD/bad.err" || { cat "$BUILD/bad.err"; return 1; }
  "${VALGRIND[@]}" "$BUILD/struct_api" >"$BUILD/struct_api.out" &&
    grep -q '^verdict: block' "$BUILD/struct_api.out" && grep -q '\[\[ここだけの話\]\]' "$BUILD/struct_api.out"
}
step "C examples (valgrind)" c_examples

python_tests() {
  PYTHONPATH=bindings/python python3 -m unittest discover -s bindings/python/tests &&
    PYTHONPATH=bindings/python python3 -c 'import doctest, sys, hatsugen; sys.exit(doctest.testmod(hatsugen).failed)'
}
step "Python binding (ctypes)" python_tests

php_tests() {
  # PHP's FFI parser takes no preprocessor lines: the binding loads include/hatsugen_ffi.h,
  # generated from hatsugen.h (the Rust tests and the step above check it is up to date).
  # It must be plain C89 too.
  gcc -std=c89 -pedantic -Wall -Wextra -Werror -fsyntax-only -include stddef.h -x c include/hatsugen_ffi.h &&
    php -d ffi.enable=1 bindings/php/tests/run.php "$CORPUS"
}
step "PHP binding (FFI)" php_tests

java_tests() {
  local jna=/usr/share/java/jna.jar out=$BUILD/java
  rm -rf "$out" && mkdir -p "$out" &&
    javac -encoding UTF-8 -Xlint:all -Werror --release 11 -d "$out" -cp "$jna" $(find bindings/java/src bindings/java/test -name '*.java') &&
    java -cp "$out:$jna" hatsugen.CheckerTest "$CORPUS"
}
step "Java binding (JNA)" java_tests

csharp_tests() {
  local out=$BUILD/csharp
  mkdir -p "$out" &&
    mcs -codepage:utf8 -warnaserror -nologo -out:"$out/HatsugenTests.exe" bindings/csharp/Hatsugen.cs bindings/csharp/tests/*.cs &&
    LD_LIBRARY_PATH="$RELEASE${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" mono "$out/HatsugenTests.exe" "$CORPUS"
}
step "C# binding (Mono P/Invoke)" csharp_tests

# ---------------------------------------------------------------- packages
# Each binding as the package its ecosystem installs, built from the release library above,
# installed into a fresh consumer project (tests/packages/LANG) and run on the corpus with no
# HATSUGEN_LIB. Artifacts land in $BUILD/packages.
PKG=$BUILD/packages

python_wheel() {
  local venv=$PKG/python-venv whl
  rm -rf "$PKG/python" "$venv" && mkdir -p "$PKG/python" &&
    python3 -m venv "$PKG/python-build" &&
    whl=$(PATH="$PKG/python-build/bin:$PATH" bash bindings/python/build-wheel.sh "$RELEASE/libhatsugen.so" "$PKG/python") &&
    echo "built $whl" && python3 -m zipfile -l "$whl" | grep 'hatsugen/libhatsugen.so' >/dev/null &&
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --no-index "$whl" &&
    (cd "$PKG" && env -u HATSUGEN_LIB -u CARGO_TARGET_DIR -u PYTHONPATH "$venv/bin/python" \
      "$ROOT/tests/packages/python/consumer.py" "$CORPUS")
}
step "Python wheel installed into a fresh venv" python_wheel

java_jar() {
  local jar
  jar=$(bash bindings/java/build-jar.sh "$RELEASE/libhatsugen.so" "$PKG/java") &&
    echo "built $jar" && unzip -l "$jar" | grep ' linux-x86-64/libhatsugen.so$' >/dev/null &&
    bash tests/packages/java/run.sh "$jar" "$CORPUS" "$PKG/java-consumer"
}
step "Java jar (native library inside) in a consumer project" java_jar

csharp_nupkg() {
  local nupkg
  nupkg=$(bash bindings/csharp/build-nupkg.sh "$RELEASE/libhatsugen.so" "$PKG/nuget") &&
    echo "built $nupkg" && bash tests/packages/csharp/run.sh "$nupkg" "$CORPUS" "$PKG/csharp-consumer"
}
step "C# NuGet package in a Mono consumer" csharp_nupkg

php_composer() {
  local zip
  zip=$(bash bindings/php/build-package.sh "$RELEASE/libhatsugen.so" "$PKG/php") &&
    echo "built $zip" && composer validate --no-check-publish --quiet bindings/php/composer.json &&
    bash tests/packages/php/run.sh "$zip" "$CORPUS" "$PKG/php-consumer"
}
step "PHP Composer package installed into a fresh project" php_composer

bundle_tests() {
  local dist=$BUILD/dist
  rm -rf "$dist" && mkdir -p "$dist" &&
    HATSUGEN_SKIP_BUILD=1 bash scripts/bundle-capi.sh "$dist" >/dev/null &&
    bash bindings/c/tests/test_bundle.sh "$dist"/hatsugen-capi-*.tar.gz "$BUILD/bundle"
}
step "install bundle (pkg-config, shared and static linking)" bundle_tests

finish
