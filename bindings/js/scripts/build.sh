#!/usr/bin/env bash
# Builds the WebAssembly package into bindings/js/dist and copies the web build into the
# sample extension. Needs: the wasm32-unknown-unknown target, wasm-bindgen (same version as
# Cargo.lock) on PATH, and `npm install` done in bindings/js (for binaryen's wasm-opt).
#
#   dist/web/hatsugen.js      ES module, `await init()` first (browsers, extensions)
#   dist/node/hatsugen.cjs    Node (CommonJS; `import` works too), ready on load
#   dist/*/hatsugen_bg.wasm   the module, optimised with wasm-opt (binaryen from npm)
#
# Honours CARGO_TARGET_DIR (default: the workspace's target/).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
dist="$here/dist"
ext_wasm="$root/bindings/browser-extension/wasm"

echo "== cargo build (wasm32-unknown-unknown, profile wasm-release)"
(cd "$root" && CARGO_TARGET_DIR="$target_dir" cargo build --quiet -p hatsugen-wasm \
    --target wasm32-unknown-unknown --profile wasm-release)
raw="$target_dir/wasm32-unknown-unknown/wasm-release/hatsugen_wasm.wasm"

rm -rf "$dist"
mkdir -p "$dist/web" "$dist/node"
echo "== wasm-bindgen $(wasm-bindgen --version | awk '{print $2}')"
wasm-bindgen --target web --no-typescript --out-name hatsugen --out-dir "$dist/web" "$raw"
wasm-bindgen --target nodejs --no-typescript --out-name hatsugen --out-dir "$dist/node" "$raw"
# The package is "type": "module"; the Node build is CommonJS.
mv "$dist/node/hatsugen.js" "$dist/node/hatsugen.cjs"
cp "$here/types/index.d.ts" "$dist/node/hatsugen.d.cts"

# wasm-opt: -O2 without binaryen's inlining pass, repeated while it still shrinks the module
# (--converge). Measured on this module (crates/hatsugen-wasm/README.md, "Size and speed"):
# binaryen's inlining is what makes -O2/-O3/-Os/-Oz gzip *larger* than -O1 (-Oz by 16 KB:
# smaller raw, less compressible); without it -O2 gzips 2 KB smaller than -O1, with the same
# load, policy-compile and check times in V8. Override the level with WASM_OPT_LEVEL (the
# inlining pass stays skipped).
# --precompute-propagate (constants propagated through locals, then folded; not in -O2's
# pipeline) after it: 0.3 KB smaller gzipped. (Measured and not kept: -O3/-Os without
# inlining, --gufa-optimizing, --merge-similar-functions, --code-folding, --local-cse with
# --rse, each 0.2 KB smaller to 1.8 KB larger.)
# Then the functions are reordered so that similar ones sit side by side, which gzip
# compresses better (about 12.5 KB smaller): scripts/order-functions.mjs names each function after
# its place in that order and binaryen's --reorder-functions-by-name moves them (the names
# are stripped again), with the producers and target_features sections, which nothing reads
# at run time (0.1 KB).
opt_level="${WASM_OPT_LEVEL:--O2}"
echo "== wasm-opt $opt_level --skip-pass=inlining-optimizing --converge --precompute-propagate, functions reordered"
wasm_opt="$here/node_modules/.bin/wasm-opt"
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-mutable-globals --enable-reference-types --enable-multivalue)
optimise() {
  "$wasm_opt" "$opt_level" --skip-pass=inlining-optimizing --converge --precompute-propagate \
    "${features[@]}" "$1" -o "$1"
  node "$here/scripts/order-functions.mjs" "$1"
  "$wasm_opt" --reorder-functions-by-name --strip-debug --strip-producers --strip-target-features \
    "${features[@]}" "$1" -o "$1"
}
optimise "$dist/web/hatsugen_bg.wasm" &
web_pid=$!
optimise "$dist/node/hatsugen_bg.wasm"
wait "$web_pid"

echo "== copy the web build into the extension"
rm -rf "$ext_wasm"
mkdir -p "$ext_wasm"
cp "$dist/web/hatsugen.js" "$dist/web/hatsugen_bg.wasm" "$ext_wasm/"
ls -l "$dist/web" "$dist/node"
