#!/usr/bin/env bash
# Installs the hatsugen Composer package from its zip (an "artifact" repository, Packagist
# off: nothing is downloaded) into a fresh project and runs the consumer with no HATSUGEN_LIB.
# Usage: run.sh PACKAGE_ZIP CASES_JSONL WORK_DIR
set -euo pipefail
zip=$(realpath "$1")
cases=$(realpath "$2")
work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work/artifacts"
cp "$zip" "$work/artifacts/"
cp "$here/consumer.php" "$work/"
cat >"$work/composer.json" <<JSON
{
    "name": "example/groupware-hook",
    "type": "project",
    "require": { "hatsugen/hatsugen": "0.1.0" },
    "repositories": [
        { "type": "artifact", "url": "artifacts/" },
        { "packagist.org": false }
    ]
}
JSON
cd "$work"
COMPOSER_HOME="$work/.composer" COMPOSER_ALLOW_SUPERUSER=1 composer install --no-interaction --no-progress --quiet
test -f vendor/hatsugen/hatsugen/lib/"$(uname -m)"/libhatsugen.so
env -u HATSUGEN_LIB -u CARGO_TARGET_DIR php -d ffi.enable=1 consumer.php "$cases"
