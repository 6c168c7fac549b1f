#!/usr/bin/env bash
# Installs the NuGet package the way `nuget install` / packages.config does (unpacked under
# packages/Hatsugen.VERSION), compiles the consumer against its lib/ assembly, copies the
# assembly and the native asset (runtimes/) to the output directory as MSBuild does, and
# runs it with Mono: first with no HATSUGEN_LIB (the package's library), then with
# HATSUGEN_LIB pointing at a missing file (must fail naming that file).
# Usage: run.sh HATSUGEN_NUPKG CASES_JSONL WORK_DIR
set -euo pipefail
nupkg=$(realpath "$1")
cases=$(realpath "$2")
work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work/bin"
name=$(basename "$nupkg" .nupkg)
mkdir -p "$work/packages"
unzip -q "$nupkg" -d "$work/packages/$name"
pkg=$work/packages/$name
test -f "$pkg/runtimes/linux-x64/native/libhatsugen.so"
mcs -codepage:utf8 -warnaserror -nologo -r:"$pkg/lib/net461/Hatsugen.dll" -out:"$work/bin/Consumer.exe" "$here/Consumer.cs"
cp "$pkg/lib/net461/Hatsugen.dll" "$work/bin/"
cp -r "$pkg/runtimes" "$work/bin/"
cd "$work"
env -u HATSUGEN_LIB -u LD_LIBRARY_PATH LANG=C.UTF-8 mono bin/Consumer.exe "$cases"
missing=$work/no-such-dir/libhatsugen.so
if env HATSUGEN_LIB="$missing" mono bin/Consumer.exe "$cases" >"$work/missing.out" 2>&1; then
  echo "HATSUGEN_LIB=$missing: expected a failure" >&2
  exit 1
fi
grep -q "DllNotFoundException: cannot load libhatsugen: tried \`$missing\` (no such file)" "$work/missing.out" ||
  { cat "$work/missing.out" >&2; echo "the error does not name $missing" >&2; exit 1; }
echo "HATSUGEN_LIB honoured: the error names $missing"
