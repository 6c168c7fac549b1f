#!/usr/bin/env bash
# Unpacks a bundle from scripts/bundle-capi.sh and uses it the way an integrator would:
# pkg-config, a program linked against the shared library, one linked statically, and the
# Python binding loading the bundled library.
#
#   test_bundle.sh hatsugen-capi-VERSION-ARCH-linux.tar.gz WORKDIR
set -euo pipefail
TARBALL=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK"
tar -xzf "$TARBALL" -C "$WORK"
PREFIX=$(realpath "$WORK"/hatsugen-capi-*)
export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
VERSION=$(pkg-config --modversion hatsugen)
echo "bundle $(basename "$PREFIX"): pkg-config hatsugen $VERSION"
grep -q "#define HATSUGEN_VERSION_STRING \"$VERSION\"" "$PREFIX/include/hatsugen.h"
for f in include/hatsugen.h include/hatsugen_ffi.h lib/libhatsugen.a lib/libhatsugen.so "lib/libhatsugen.so.$VERSION" \
  share/doc/hatsugen/C-API.md README.md share/hatsugen/bindings/python/hatsugen/__init__.py; do
  [ -e "$PREFIX/$f" ] || { echo "bundle lacks $f"; exit 1; }
done
SONAME=$(readelf -d "$PREFIX/lib/libhatsugen.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ -e "$PREFIX/lib/$SONAME" ] || { echo "no $SONAME link in the bundle"; exit 1; }

EX=$PREFIX/share/hatsugen/examples/check_post.c
TEXT='ここだけの話、来年度の人事案が決まったよ'
# shared
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Werror "$EX" -o "$WORK/check_shared" $(pkg-config --cflags --libs hatsugen) -Wl,-rpath,"$PREFIX/lib"
set +e
"$WORK/check_shared" "$TEXT" >/dev/null
rc=$?
set -e
[ $rc -eq 2 ] || { echo "shared: exit $rc, want 2"; exit 1; }
# grep reads all of ldd's output (no -q): with pipefail, a grep that stops early can make
# ldd die of SIGPIPE and the pipeline fail although the line is there.
ldd "$WORK/check_shared" | grep -F "$SONAME" >/dev/null || { echo "shared: not linked against $SONAME"; exit 1; }
# static
STATIC_LIBS=$(pkg-config --static --libs-only-l hatsugen | sed 's/-lhatsugen//')
# shellcheck disable=SC2046,SC2086
gcc -std=c99 -Wall -Werror "$EX" -o "$WORK/check_static" $(pkg-config --cflags hatsugen) "$PREFIX/lib/libhatsugen.a" $STATIC_LIBS
if ldd "$WORK/check_static" | grep -F libhatsugen >/dev/null; then echo "static: still needs libhatsugen.so"; exit 1; fi
set +e
"$WORK/check_static" "$TEXT" >/dev/null
rc=$?
set -e
[ $rc -eq 2 ] || { echo "static: exit $rc, want 2"; exit 1; }
# the Python and PHP bindings from the bundle find the bundle's library by themselves
env -u HATSUGEN_LIB -u CARGO_TARGET_DIR PYTHONPATH="$PREFIX/share/hatsugen/bindings/python" python3 -c "
import hatsugen, sys
assert hatsugen._find_library() == '$PREFIX/lib/libhatsugen.so', hatsugen._find_library()
sys.exit(0 if hatsugen.Checker().check('$TEXT')['verdict'] == 'block' else 1)"
env -u HATSUGEN_LIB -u CARGO_TARGET_DIR php -d ffi.enable=1 -r "
require '$PREFIX/share/hatsugen/bindings/php/Hatsugen.php';
exit((new Hatsugen\Checker())->check('$TEXT')['verdict'] === 'block' ? 0 : 1);"
echo "bundle: pkg-config, shared, static, Python and PHP all work"
