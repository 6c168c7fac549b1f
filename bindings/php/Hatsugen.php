<?php
/**
 * hatsugen (発言) for PHP: check a staff member's post against the social-media policy
 * before it is sent, through PHP FFI and libhatsugen (docs/C-API.md).
 *
 *     require 'Hatsugen.php';
 *     $checker = new Hatsugen\Checker();                 // built-in jp-local-gov pack
 *     $report = $checker->check($text, ['device' => 'work', 'channel' => 'work']);
 *     if ($report['verdict'] === 'block') { ... }
 *
 * Needs the FFI extension enabled (`ffi.enable=1` in php.ini, or `php -d ffi.enable=1`).
 * The library is found through the HATSUGEN_LIB environment variable, else in the install
 * bundle this file came in, else $CARGO_TARGET_DIR/release or the repository's
 * target/release, else the system loader. The declarations come from hatsugen_ffi.h (the
 * whole C API, generated with include/hatsugen.h; HATSUGEN_FFI_HEADER overrides where it
 * is), so `Hatsugen\Lib::get()` also gives the struct API and every `HATSUGEN_*` constant
 * (`Lib::get()->HATSUGEN_STATUS_OK`).
 * A Checker is immutable; keep one per process (e.g. in a static) and reuse it.
 */

declare(strict_types=1);

namespace Hatsugen;

/**
 * A call into libhatsugen failed. The constants are the C status values
 * (`HATSUGEN_STATUS_*`, also `Lib::get()->HATSUGEN_STATUS_*`; the tests check they agree).
 */
class HatsugenException extends \RuntimeException
{
    public const NULL_ARGUMENT = 1;
    public const INVALID_ARGUMENT = 2;
    public const INVALID_UTF8 = 3;
    public const TEXT_TOO_LARGE = 4;
    public const INVALID_CONTEXT = 5;
    public const POLICY_SYNTAX = 6;
    public const POLICY_INVALID = 7;
    public const UNKNOWN_BUILTIN = 8;
    public const POLICY_TOO_LARGE = 9;
    public const POLICY_ERROR = 10;

    /** @param int $status the C status code (also getCode()) */
    public function __construct(
        public readonly int $status,
        public readonly string $statusName,
        public readonly string $detail,
        /** 1-based line in the policy TOML or context JSON; 0 if none. */
        public readonly int $errorLine = 0,
        /** 1-based column; 0 if none. */
        public readonly int $errorColumn = 0,
        public readonly ?string $keyPath = null,
    ) {
        $where = $errorLine > 0 ? " at line $errorLine, column $errorColumn" : '';
        parent::__construct("$statusName$where: $detail", $status);
    }
}

/** The policy is malformed or invalid, or names an unknown built-in pack. */
class PolicyException extends HatsugenException
{
}

/** The context is invalid (unknown field or value, bad time). */
class ContextException extends HatsugenException
{
}

/** The text is not valid UTF-8 or is over the policy's size limit. */
class TextException extends HatsugenException
{
}

/**
 * The FFI handle to libhatsugen, loaded once per process with the declarations of
 * hatsugen_ffi.h: every function, struct and constant of include/hatsugen.h.
 */
final class Lib
{
    private static ?\FFI $ffi = null;

    public static function get(): \FFI
    {
        if (self::$ffi === null) {
            $header = file_get_contents(self::header());
            if ($header === false) {
                throw new \RuntimeException('cannot read ' . self::header());
            }
            self::$ffi = \FFI::cdef($header, self::path());
        }
        return self::$ffi;
    }

    /** hatsugen_ffi.h: HATSUGEN_FFI_HEADER, else the bundle's or the repository's include/. */
    public static function header(): string
    {
        $explicit = getenv('HATSUGEN_FFI_HEADER');
        if (is_string($explicit) && $explicit !== '') {
            return $explicit;
        }
        // in an install bundle (PREFIX/share/hatsugen/bindings/php) or in the repository (bindings/php)
        foreach ([dirname(__DIR__, 4) . '/include/hatsugen_ffi.h', dirname(__DIR__, 2) . '/include/hatsugen_ffi.h'] as $c) {
            if (is_file($c)) {
                return $c;
            }
        }
        return '/usr/local/include/hatsugen_ffi.h';
    }

    private static function path(): string
    {
        $explicit = getenv('HATSUGEN_LIB');
        if (is_string($explicit) && $explicit !== '') {
            return $explicit;
        }
        $candidates = [];
        // inside an install bundle: PREFIX/share/hatsugen/bindings/php/Hatsugen.php
        if (basename(dirname(__DIR__, 2)) === 'hatsugen' && basename(dirname(__DIR__, 3)) === 'share') {
            $candidates[] = dirname(__DIR__, 4) . '/lib/libhatsugen.so';
        }
        $target = getenv('CARGO_TARGET_DIR');
        if (is_string($target) && $target !== '') {
            $candidates[] = "$target/release/libhatsugen.so";
        }
        $candidates[] = dirname(__DIR__, 2) . '/target/release/libhatsugen.so';
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

/** The version of the loaded library ("0.1.0"). */
function version(): string
{
    return (string) Lib::get()->hatsugen_version();
}

/** A compiled policy. Immutable; reuse one for many checks. */
final class Checker
{
    private \FFI\CData $handle;

    /**
     * @param string|null $policyToml a policy in TOML (usually `extends = "builtin:jp-local-gov"`
     *                                plus local differences); null for the built-in default pack
     * @throws PolicyException with errorLine/errorColumn for a bad policy
     */
    public function __construct(?string $policyToml = null, ?string $builtin = null)
    {
        $ffi = Lib::get();
        $out = $ffi->new('hatsugen_checker*');
        $err = $ffi->new('hatsugen_error*');
        if ($builtin !== null) {
            $status = $ffi->hatsugen_checker_new_builtin($builtin, strlen($builtin), \FFI::addr($out), \FFI::addr($err));
        } elseif ($policyToml !== null) {
            $status = $ffi->hatsugen_checker_new_from_toml($policyToml, strlen($policyToml), \FFI::addr($out), \FFI::addr($err));
        } else {
            $status = $ffi->hatsugen_checker_new_default(\FFI::addr($out));
        }
        if ($status !== $ffi->HATSUGEN_STATUS_OK) {
            Lib::fail($status, $err);
        }
        $this->handle = $out;
    }

    /** The built-in pack `$name` ("jp-local-gov", "urayasu"). */
    public static function builtin(string $name): self
    {
        return new self(null, $name);
    }

    /** The policy in the TOML file at `$path`. */
    public static function fromFile(string $path): self
    {
        $toml = file_get_contents($path);
        if ($toml === false) {
            throw new \RuntimeException("cannot read $path");
        }
        return new self($toml);
    }

    public function policyId(): string
    {
        return (string) Lib::get()->hatsugen_checker_policy_id($this->handle);
    }

    public function policyVersion(): string
    {
        return (string) Lib::get()->hatsugen_checker_policy_version($this->handle);
    }

    public function maxTextBytes(): int
    {
        return (int) Lib::get()->hatsugen_checker_max_text_bytes($this->handle);
    }

    /**
     * Checks `$text` with a context given as JSON and returns the report JSON exactly as the
     * CLI prints it.
     *
     * @throws ContextException|TextException
     */
    public function checkJson(string $text, string $contextJson = '{}'): string
    {
        $ffi = Lib::get();
        $out = $ffi->new('char*');
        $len = $ffi->new('size_t');
        $err = $ffi->new('hatsugen_error*');
        $status = $ffi->hatsugen_check_json(
            $this->handle, $text, strlen($text), $contextJson, strlen($contextJson),
            \FFI::addr($out), \FFI::addr($len), \FFI::addr($err),
        );
        if ($status !== $ffi->HATSUGEN_STATUS_OK) {
            Lib::fail($status, $err);
        }
        try {
            return \FFI::string($out, $len->cdata);
        } finally {
            $ffi->hatsugen_string_free($out);
        }
    }

    /**
     * Checks `$text` in `$context` (the JSON context fields as an array: 'time' (RFC 3339 or
     * a \DateTimeInterface), 'device', 'account', 'status', 'role', 'audience', 'recipients',
     * 'recipient_relation', 'channel', 'profile', 'platform', 'attachments', 'schedule') and
     * returns the report as an associative array.
     *
     * @throws ContextException|TextException
     */
    public function check(string $text, array $context = []): array
    {
        if (isset($context['time']) && $context['time'] instanceof \DateTimeInterface) {
            $context['time'] = $context['time']->format(\DateTimeInterface::RFC3339);
        }
        // An empty PHP array would encode as `[]`, which is not a context.
        $json = $context === [] ? '{}' : json_encode($context, JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
        if ($context !== [] && array_is_list($context)) {
            throw new \InvalidArgumentException('the context must be an array with string keys');
        }
        return json_decode($this->checkJson($text, $json), true, 512, JSON_THROW_ON_ERROR);
    }

    public function __destruct()
    {
        Lib::get()->hatsugen_checker_free($this->handle);
    }
}

/** The part of `$text` that a report span (UTF-8 byte offsets) covers. */
function span_text(string $text, array $span): string
{
    return substr($text, $span['start'], $span['end'] - $span['start']);
}
