#!/usr/bin/env bash
# Compiles and runs the consumer against the built jar: only the jar and JNA on the class
# path, no -D flag, no HATSUGEN_LIB, no LD_LIBRARY_PATH.
# Usage: run.sh HATSUGEN_JAR CASES_JSONL WORK_DIR [JNA_JAR]
set -euo pipefail
jar=$(realpath "$1")
cases=$(realpath "$2")
work=$3
jna=${4:-/usr/share/java/jna.jar}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work/classes"
javac -encoding UTF-8 -Xlint:all -Werror -cp "$jar:$jna" -d "$work/classes" "$here"/src/example/*.java
cd "$work"
env -u HATSUGEN_LIB -u LD_LIBRARY_PATH java -Dfile.encoding=UTF-8 -cp "$jar:$jna:$work/classes" example.Consumer "$cases"
