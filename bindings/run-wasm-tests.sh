#!/usr/bin/env bash
# Builds the WebAssembly package (crates/hatsugen-wasm → bindings/js/dist and the sample
# extension) and runs every test of it:
#
#   1. native unit tests and clippy (-D warnings, wasm32 target) of crates/hatsugen-wasm
#   2. size budget (gzipped .wasm ≤ 400 KB) and the size/speed figures
#   3. tsc --noEmit on a typed usage file
#   4. node --test: the shared corpus (tests/corpus/cases.jsonl) against the Rust core's
#      golden reports, the API, the entry points
#   5. the sample extension: no local hosts in the shipped manifest (the development build
#      has them), its settings→context code against the checker, its key/button/
#      adapter/placement logic, its JPEG metadata reader and stripper (fixtures written by
#      Pillow and ExifTool), and end to end in Debian's Chromium (headless): the sample
#      pages, mock composers (X-, Facebook-, LINE-like, Shadow DOM) over every send path,
#      and 修正して送信, scheduling and reminders, likes/reposts/replies/quotes on an
#      X-like timeline, and photos with GPS held, stripped and uploaded
#
# Installs what it needs on a fresh Debian machine (the wasm32 target, wasm-bindgen-cli at
# the Cargo.lock version, chromium, a Japanese font, npm packages from the lock files).
# Unattended (CI=true, no stdin). Honours CARGO_TARGET_DIR (default: the workspace target/).
# Ends with `wasm: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
export CI="${CI:-true}"
export DEBIAN_FRONTEND=noninteractive
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

bindings="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bindings/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
js="$bindings/js"
ext="$bindings/browser-extension"
logs="$(mktemp -d "${TMPDIR:-/tmp}/hatsugen-wasm-tests.XXXXXX")"
exec </dev/null

passed=0
failed=0
broken=0

say() { printf '\n=== %s\n' "$*"; }
fail_step() {
  echo "FAILED: $*" >&2
  failed=$((failed + 1))
}
pass_step() { passed=$((passed + 1)); }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    echo "need root for: $*" >&2
    return 1
  fi
}
apt_install() {
  as_root apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$@" ||
    { as_root apt-get -o DPkg::Lock::Timeout=900 update && as_root apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$@"; }
}

# Counts the results of a node --test TAP log.
count_tap() {
  local log=$1 p f
  p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  if [ -z "$p" ] || [ -z "$f" ]; then
    fail_step "no test summary in $log"
    return
  fi
  passed=$((passed + p))
  failed=$((failed + f))
}

# ───────────────────────────── toolchain ─────────────────────────────
say "toolchain"
if command -v rustup >/dev/null; then
  rustup target add wasm32-unknown-unknown || { fail_step "rustup target add"; broken=1; }
fi
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")
if [ -z "$bindgen_version" ]; then
  fail_step "no wasm-bindgen in Cargo.lock"
  broken=1
elif [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  echo "installing wasm-bindgen-cli $bindgen_version"
  # No --locked: a pinned transitive crate of the CLI is missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$bindgen_version" || { fail_step "cargo install wasm-bindgen-cli"; broken=1; }
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
echo "wasm-bindgen: $(wasm-bindgen --version 2>/dev/null || echo missing) (Cargo.lock: $bindgen_version)"
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  apt_install chromium || fail_step "apt-get install chromium"
fi
if ! fc-list 2>/dev/null | grep -iE 'ipa|cjk' >/dev/null; then
  # Only for readable screenshots; the tests do not need it.
  apt_install fonts-ipafont-gothic || echo "warning: no Japanese font; screenshots will show boxes"
fi
(cd "$js" && npm ci) || { fail_step "npm ci in bindings/js"; broken=1; }
(cd "$ext/test" && npm ci) || { fail_step "npm ci in the extension test"; broken=1; }

# ───────────────────────────── build ─────────────────────────────
if [ "$broken" = 0 ]; then
  say "build"
  if "$js/scripts/build.sh"; then pass_step; else
    fail_step "build"
    broken=1
  fi
fi

# ───────────────────────────── Rust: unit tests, clippy ─────────────────────────────
say "cargo test -p hatsugen-wasm"
if (cd "$root" && cargo test -p hatsugen-wasm 2>&1 | tee "$logs/cargo-test.log"); then
  n=$(grep -E '^test result:' "$logs/cargo-test.log" | awk '{s += $4} END {print s + 0}')
  passed=$((passed + n))
else
  fail_step "cargo test -p hatsugen-wasm"
fi
say "cargo clippy -p hatsugen-wasm (wasm32, -D warnings)"
if (cd "$root" && cargo clippy --quiet -p hatsugen-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings); then
  pass_step
else
  fail_step "clippy"
fi

if [ "$broken" = 0 ]; then
  # ───────────────────────────── size and figures ─────────────────────────────
  say "size budget and figures"
  if node "$js/scripts/bench.mjs" --check --json "$js/dist/figures.json"; then pass_step; else fail_step "size budget"; fi

  # ───────────────────────────── types ─────────────────────────────
  say "tsc --noEmit (test/usage.ts)"
  if (cd "$js" && ./node_modules/.bin/tsc -p test/tsconfig.json); then pass_step; else fail_step "tsc"; fi

  # ───────────────────────────── node --test ─────────────────────────────
  say "node --test bindings/js/test (corpus, API, entry points)"
  (cd "$js" && node --test --test-reporter=dot --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$logs/js.tap" test/*.test.mjs)
  count_tap "$logs/js.tap"
  grep -E '^\s*not ok' "$logs/js.tap" | head -20

  # ───────────────────────────── browser ─────────────────────────────
  say "extension end to end (chromium --headless=new)"
  (cd "$ext/test" && CHROMIUM="$chromium_bin" node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$logs/e2e.tap" manifest.test.mjs settings.test.mjs site-logic.test.mjs exif.test.mjs e2e.test.mjs composers.test.mjs features.test.mjs)
  count_tap "$logs/e2e.tap"
  echo "screenshots: $ext/test-artifacts/"
fi

[ "$broken" = 0 ] || failed=$((failed > 0 ? failed : 1))
echo
echo "logs: $logs"
echo "wasm: $passed passed, $failed failed"
[ "$failed" = 0 ]
