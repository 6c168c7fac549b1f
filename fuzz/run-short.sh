#!/usr/bin/env bash
# Short, bounded fuzz runs for the test command: builds every target, seeds each corpus
# from the project's test corpus, replays the committed regression inputs, then fuzzes
# each target for FUZZ_SECONDS (default 30). Any crash fails the run.
#
# For a long run of one target (an hour):
#   cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run check -- -max_total_time=3600
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-30}
targets=(check policy wire normalize)

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --quiet
fi
# cargo-fuzz passes sanitizer flags that need nightly features; the stable toolchain
# accepts them with RUSTC_BOOTSTRAP.
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$PWD/target}

python3 - <<'PY'
import json, os, glob, hashlib
root = os.path.abspath("..")
def put(target, data):
    d = os.path.join("corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
with open(os.path.join(root, "tests/corpus/cases.jsonl"), encoding="utf-8") as f:
    for line in f:
        case = json.loads(line)
        text = case["text"].encode()
        ctx = case["context_json"].encode()
        put("check", ctx + b"\0" + text)
        put("wire", ctx)
        put("normalize", text)
for path in glob.glob(os.path.join(root, "crates/hatsugen/packs/*.toml")) + glob.glob(os.path.join(root, "tests/corpus/policies/*.toml")):
    with open(path, "rb") as f:
        put("policy", f.read())
PY

cargo fuzz build --release 2>&1 | tail -n 2
status=0
for t in "${targets[@]}"; do
  bin=$(find "$CARGO_TARGET_DIR" -path "*/release/$t" -type f -perm -u+x | head -n 1)
  if [ -d "regressions/$t" ] && [ -n "$(ls -A "regressions/$t" 2>/dev/null)" ]; then
    echo "replaying regressions/$t"
    "$bin" -runs=0 "regressions/$t"/* >/dev/null 2>&1 || { echo "regression input of $t crashes again"; status=1; }
  fi
  echo "fuzzing $t for ${seconds}s"
  mkdir -p "artifacts/$t"
  if ! "$bin" -max_total_time="$seconds" -artifact_prefix="artifacts/$t/" -print_final_stats=1 "corpus/$t" >"artifacts/$t.log" 2>&1; then
    echo "fuzz target $t crashed:"; tail -n 30 "artifacts/$t.log"; status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "artifacts/$t.log" | tail -n 2
  fi
done
exit $status
