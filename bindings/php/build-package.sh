#!/usr/bin/env bash
# Builds the Composer package hatsugen/hatsugen as a zip (what `composer archive` makes, plus
# the native library): composer.json, src/ (PSR-4, namespace Hatsugen\), the FFI header,
# README, licences and lib/x86_64/libhatsugen.so, which src/Lib.php finds without HATSUGEN_LIB.
# Put the zip in a directory and use it as a Composer "artifact" repository.
# Usage: build-package.sh LIBHATSUGEN_SO OUT_DIR   (prints the zip's path)
set -euo pipefail
lib=$(realpath "$1")
out=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
version=$(php -r 'echo json_decode(file_get_contents($argv[1]), true)["version"];' "$here/composer.json")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
arch=$(uname -m)
mkdir -p "$work/lib/$arch"
cp -r "$here/composer.json" "$here/README.md" "$here/Hatsugen.php" "$here/src" "$work/"
cp "$here/../../include/hatsugen_ffi.h" "$work/"
cp "$here/../../LICENSE-MIT" "$here/../../LICENSE-APACHE" "$work/"
cp "$lib" "$work/lib/$arch/libhatsugen.so"
zip_path="$out/hatsugen-hatsugen-$version.zip"
rm -f "$zip_path"
(cd "$work" && zip -q -X -r "$zip_path" .)
echo "$zip_path"
