#!/usr/bin/env bash
# Builds the hatsugen wheel with libhatsugen.so inside.
# Usage: build-wheel.sh LIBHATSUGEN_SO OUT_DIR
# Copies this directory to a scratch directory (the source tree stays clean), puts the
# library next to the module and runs `pip wheel` (setuptools comes from PyPI, in pip's
# isolated build environment). Prints the wheel's path.
set -euo pipefail
lib=$(realpath "$1")
out=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/pyproject.toml" "$here/setup.py" "$here/README.md" "$here/hatsugen" "$work/"
cp "$here/../../LICENSE-MIT" "$here/../../LICENSE-APACHE" "$work/"
find "$work" -name __pycache__ -prune -exec rm -rf {} +
cp "$lib" "$work/hatsugen/libhatsugen.so"
rm -f "$out"/hatsugen-*.whl
python3 -m pip wheel --quiet --no-deps --wheel-dir "$out" "$work" >&2
ls "$out"/hatsugen-*.whl
