#!/usr/bin/env bash
# Builds hatsugen-VERSION.jar as pom.xml describes it, with javac and jar (the project's
# machines cannot reach Maven Central): the classes (Java 11 bytecode), the native library
# as linux-x86-64/libhatsugen.so (JNA's resource path), the licences and the pom under
# META-INF/maven/jp.hatsugen/hatsugen/.
# Usage: build-jar.sh LIBHATSUGEN_SO OUT_DIR [JNA_JAR]   (prints the jar's path)
set -euo pipefail
lib=$(realpath "$1")
out=$(mkdir -p "$2" && cd "$2" && pwd)
jna=${3:-/usr/share/java/jna.jar}
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$here/pom.xml" | head -n1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/classes/linux-x86-64" "$work/classes/META-INF/maven/jp.hatsugen/hatsugen"
javac -encoding UTF-8 -Xlint:all -Werror --release 11 -cp "$jna" -d "$work/classes" "$here"/src/hatsugen/*.java
cp "$lib" "$work/classes/linux-x86-64/libhatsugen.so"
cp "$here/../../LICENSE-MIT" "$here/../../LICENSE-APACHE" "$work/classes/META-INF/"
cp "$here/pom.xml" "$work/classes/META-INF/maven/jp.hatsugen/hatsugen/pom.xml"
printf 'groupId=jp.hatsugen\nartifactId=hatsugen\nversion=%s\n' "$version" >"$work/classes/META-INF/maven/jp.hatsugen/hatsugen/pom.properties"
printf 'Automatic-Module-Name: hatsugen\nImplementation-Title: hatsugen\nImplementation-Version: %s\n' "$version" >"$work/manifest.txt"
jar --create --file "$out/hatsugen-$version.jar" --manifest "$work/manifest.txt" -C "$work/classes" .
echo "$out/hatsugen-$version.jar"
