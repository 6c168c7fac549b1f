#!/usr/bin/env bash
# Builds the C API in release and packs an installable bundle:
#
#   scripts/bundle-capi.sh [OUT_DIR]      (default OUT_DIR: dist/)
#   -> OUT_DIR/hatsugen-capi-VERSION-ARCH-linux.tar.gz (+ .sha256)
#
# The bundle unpacks to one directory that works where it is or copied onto a prefix
# (e.g. `sudo cp -a hatsugen-capi-*/{include,lib,share} /usr/local/ && sudo ldconfig`):
#   include/hatsugen.h, include/hatsugen_ffi.h (the same API for PHP FFI::cdef)
#   lib/libhatsugen.so.VERSION, libhatsugen.so.0.MINOR (soname), libhatsugen.so (links)
#   lib/libhatsugen.a
#   lib/pkgconfig/hatsugen.pc      (relocatable: prefix=${pcfiledir}/../..)
#   share/doc/hatsugen/{README.md,C-API.md}
#   share/hatsugen/examples/*.c, share/hatsugen/bindings/{python,php,java,csharp}
# Honours CARGO_TARGET_DIR; HATSUGEN_SKIP_BUILD=1 packs an existing release build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${1:-$ROOT/dist}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
RELEASE=$TARGET/release

if [ "${HATSUGEN_SKIP_BUILD:-0}" != 1 ]; then
  cargo build -p hatsugen-capi --release
fi
for f in "$RELEASE/libhatsugen.so" "$RELEASE/libhatsugen.a"; do
  [ -f "$f" ] || { echo "missing $f (build with: cargo build -p hatsugen-capi --release)" >&2; exit 1; }
done

VERSION=$(sed -n 's/^#define HATSUGEN_VERSION_STRING "\(.*\)"$/\1/p' include/hatsugen.h)
MAJOR=${VERSION%%.*}
MINOR=${VERSION#*.}
MINOR=${MINOR%%.*}
if [ "$MAJOR" = 0 ]; then SONAME=libhatsugen.so.0.$MINOR; else SONAME=libhatsugen.so.$MAJOR; fi
ARCH=$(uname -m)
NAME=hatsugen-capi-$VERSION-$ARCH-linux

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
P=$STAGE/$NAME
mkdir -p "$P/include" "$P/lib/pkgconfig" "$P/share/doc/hatsugen" "$P/share/hatsugen/examples" "$P/share/hatsugen/bindings"

cp include/hatsugen.h include/hatsugen_ffi.h "$P/include/"
cp "$RELEASE/libhatsugen.so" "$P/lib/libhatsugen.so.$VERSION"
strip --strip-unneeded "$P/lib/libhatsugen.so.$VERSION"
ln -s "libhatsugen.so.$VERSION" "$P/lib/$SONAME"
ln -s "$SONAME" "$P/lib/libhatsugen.so"
cp "$RELEASE/libhatsugen.a" "$P/lib/"
strip --strip-debug "$P/lib/libhatsugen.a"

cat >"$P/lib/pkgconfig/hatsugen.pc" <<PC
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: hatsugen
Description: Pre-posting policy checker for Japanese public servants' social-media posts (C API)
Version: $VERSION
Libs: -L\${libdir} -lhatsugen
Libs.private: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
Cflags: -I\${includedir}
PC

cp bindings/c/README.md "$P/share/doc/hatsugen/README.md"
cp bindings/c/README.md "$P/README.md"
cp docs/C-API.md "$P/share/doc/hatsugen/"
cp bindings/c/examples/*.c "$P/share/hatsugen/examples/"
for b in python php java csharp; do
  mkdir -p "$P/share/hatsugen/bindings/$b"
  (cd "bindings/$b" && find . -type f ! -path '*/__pycache__/*' ! -name '*.pyc' ! -name '*.class' ! -name '*.exe' -print0 |
    xargs -0 -I{} cp --parents {} "$P/share/hatsugen/bindings/$b/")
done

TARBALL=$OUT/$NAME.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH:-0}" \
  -C "$STAGE" -czf "$TARBALL" "$NAME"
(cd "$OUT" && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")
echo "$TARBALL"
