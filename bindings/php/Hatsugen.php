<?php
/**
 * hatsugen (発言) for PHP: check a staff member's post against the social-media policy
 * before it is sent, through PHP FFI and libhatsugen (docs/C-API.md).
 *
 *     require 'Hatsugen.php';                           // or Composer's vendor/autoload.php
 *     $checker = new Hatsugen\Checker();                 // built-in jp-local-gov pack
 *     $report = $checker->check($text, ['device' => 'work', 'channel' => 'work']);
 *     if ($report['verdict'] === 'block') { ... }
 *
 * The classes live in src/ (PSR-4, namespace Hatsugen\, for Composer); this file loads them
 * all for a program without Composer. Needs the FFI extension enabled (`ffi.enable=1` in
 * php.ini, or `php -d ffi.enable=1`). See README.md for where the library is looked for.
 * The declarations come from hatsugen_ffi.h (the whole C API, generated with
 * include/hatsugen.h; HATSUGEN_FFI_HEADER overrides where it is), so `Hatsugen\Lib::get()`
 * also gives the struct API and every `HATSUGEN_*` constant (`Lib::get()->HATSUGEN_STATUS_OK`).
 * A Checker is immutable; keep one per process (e.g. in a static) and reuse it.
 */

declare(strict_types=1);

foreach (['HatsugenException', 'PolicyException', 'ContextException', 'TextException', 'Lib', 'Checker'] as $class) {
    require_once __DIR__ . "/src/$class.php";
}
require_once __DIR__ . '/src/functions.php';
