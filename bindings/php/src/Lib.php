<?php

declare(strict_types=1);

namespace Hatsugen;

/**
 * The FFI handle to libhatsugen, loaded once per process with the declarations of
 * hatsugen_ffi.h: every function, struct and constant of include/hatsugen.h.
 */
final class Lib
{
    private static ?\FFI $ffi = null;

    /** The FFI handle; loads the library on first use. */
    public static function get(): \FFI
    {
        if (self::$ffi === null) {
            $header = file_get_contents(self::header());
            if ($header === false) {
                throw new \RuntimeException('cannot read ' . self::header());
            }
            $path = self::path();
            try {
                self::$ffi = \FFI::cdef($header, $path);
            } catch (\FFI\Exception $e) {
                throw new \RuntimeException(
                    "cannot load libhatsugen from `$path` ({$e->getMessage()}); set HATSUGEN_LIB to the path of libhatsugen.so",
                    0,
                    $e,
                );
            }
        }
        return self::$ffi;
    }

    /**
     * hatsugen_ffi.h: HATSUGEN_FFI_HEADER, else the Composer package's own copy, else the
     * install bundle's or the repository's include/.
     */
    public static function header(): string
    {
        $explicit = getenv('HATSUGEN_FFI_HEADER');
        if (is_string($explicit) && $explicit !== '') {
            return $explicit;
        }
        $package = dirname(__DIR__); // bindings/php, PREFIX/share/hatsugen/bindings/php or vendor/hatsugen/hatsugen
        foreach ([$package . '/hatsugen_ffi.h', dirname($package, 4) . '/include/hatsugen_ffi.h', dirname($package, 2) . '/include/hatsugen_ffi.h'] as $c) {
            if (is_file($c)) {
                return $c;
            }
        }
        return '/usr/local/include/hatsugen_ffi.h';
    }

    /**
     * Where the library is: HATSUGEN_LIB; the Composer package's lib/linux-x86_64/; the
     * install bundle this file came in; $CARGO_TARGET_DIR/release or the repository's
     * target/release; else the system loader's libhatsugen.so.0.1.
     */
    public static function path(): string
    {
        $explicit = getenv('HATSUGEN_LIB');
        if (is_string($explicit) && $explicit !== '') {
            return $explicit;
        }
        $package = dirname(__DIR__); // bindings/php, or vendor/hatsugen/hatsugen
        $candidates = [$package . '/lib/' . php_uname('m') . '/libhatsugen.so'];
        // inside an install bundle: PREFIX/share/hatsugen/bindings/php/src/Lib.php
        if (basename(dirname($package, 2)) === 'hatsugen' && basename(dirname($package, 3)) === 'share') {
            $candidates[] = dirname($package, 4) . '/lib/libhatsugen.so';
        }
        $target = getenv('CARGO_TARGET_DIR');
        if (is_string($target) && $target !== '') {
            $candidates[] = "$target/release/libhatsugen.so";
        }
        $candidates[] = dirname($package, 2) . '/target/release/libhatsugen.so';
        foreach ($candidates as $c) {
            if (is_file($c)) {
                return $c;
            }
        }
        return 'libhatsugen.so.0.1';
    }

    /** Throws the exception for a failed call and frees the error object. */
    public static function fail(int $status, ?\FFI\CData $err): never
    {
        $ffi = self::get();
        $name = (string) $ffi->hatsugen_status_str($status);
        $message = $name;
        $line = $column = 0;
        $key = null;
        if ($err !== null && !\FFI::isNull($err)) {
            $message = (string) $ffi->hatsugen_error_message($err);
            $line = (int) $ffi->hatsugen_error_line($err);
            $column = (int) $ffi->hatsugen_error_column($err);
            // FFI turns a returned `const char *` into a PHP string (or null for NULL).
            $key = $ffi->hatsugen_error_key_path($err);
            $ffi->hatsugen_error_free($err);
        }
        $class = match (true) {
            $status >= $ffi->HATSUGEN_STATUS_POLICY_SYNTAX && $status <= $ffi->HATSUGEN_STATUS_POLICY_ERROR => PolicyException::class,
            $status === $ffi->HATSUGEN_STATUS_INVALID_CONTEXT => ContextException::class,
            $status === $ffi->HATSUGEN_STATUS_INVALID_UTF8, $status === $ffi->HATSUGEN_STATUS_TEXT_TOO_LARGE => TextException::class,
            default => HatsugenException::class,
        };
        throw new $class($status, $name, $message, $line, $column, $key);
    }
}
