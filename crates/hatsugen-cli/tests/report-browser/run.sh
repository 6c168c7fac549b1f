#!/usr/bin/env bash
# Builds the CLI, writes an audit report (HTML and JSON) from the sample inputs in
# tests/audit/, and checks the page in Debian's Chromium (headless): no console error, no
# network request, both charts, the filters. Screenshots go to
# crates/hatsugen-cli/test-artifacts/.
#
# Installs what it needs on a fresh Debian machine (chromium, a Japanese font for readable
# screenshots, playwright-core from the lock file). Honours CARGO_TARGET_DIR and CHROMIUM.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    echo "need root for: $*" >&2
    return 1
  fi
}
apt_install() {
  as_root apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "$@" >/dev/null ||
    { as_root apt-get -o DPkg::Lock::Timeout=900 update -qq && as_root apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "$@" >/dev/null; }
}
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium_bin" ] || apt_install chromium
if ! fc-list 2>/dev/null | grep -iE 'ipa|cjk' >/dev/null; then
  apt_install fonts-ipafont-gothic || echo "warning: no Japanese font; the screenshot will show boxes"
fi
(cd "$here" && npm ci --silent)
(cd "$root" && cargo build --quiet -p hatsugen-cli --locked)

out="$(mktemp -d "${TMPDIR:-/tmp}/hatsugen-report-test.XXXXXX")"
trap 'rm -rf "$out"' EXIT
samples="$root/tests/audit"
bin="$CARGO_TARGET_DIR/debug/hatsugen"
# Exit 65: the samples have bad rows on purpose.
"$bin" audit --quiet --exit-zero --report "$out/full.html" --report "$out/full.json" \
  "$samples/x-archive.zip" "$samples/posts.csv" "$samples/posts.jsonl" >/dev/null || [ $? = 65 ]
"$bin" audit --quiet --exit-zero --report-posts 3 --report "$out/capped.html" \
  "$samples/x-archive.zip" "$samples/posts.csv" "$samples/posts.jsonl" >/dev/null || [ $? = 65 ]
mkdir -p "$root/crates/hatsugen-cli/test-artifacts"
cd "$here"
REPORT_DIR="$out" ARTIFACTS="$root/crates/hatsugen-cli/test-artifacts" CHROMIUM="$chromium_bin" \
  node --test --test-reporter=spec report.test.mjs
