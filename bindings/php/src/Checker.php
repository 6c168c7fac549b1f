<?php

declare(strict_types=1);

namespace Hatsugen;

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

    /** The policy's id ("jp-local-gov"). */
    public function policyId(): string
    {
        return (string) Lib::get()->hatsugen_checker_policy_id($this->handle);
    }

    /** The policy's version. */
    public function policyVersion(): string
    {
        return (string) Lib::get()->hatsugen_checker_policy_version($this->handle);
    }

    /** The longest text this checker accepts, in bytes (policy `limits.max_text_bytes`). */
    public function maxTextBytes(): int
    {
        return (int) Lib::get()->hatsugen_checker_max_text_bytes($this->handle);
    }

    /**
     * Checks `$text` and returns the report JSON exactly as the CLI prints it. The context is
     * a JSON string, an array (as for check()) or null for none.
     *
     * @param string|array<string, mixed>|null $context
     * @throws ContextException|TextException
     */
    public function checkJson(string $text, string|array|null $context = '{}'): string
    {
        $contextJson = is_string($context) ? $context : self::contextJson($context ?? []);
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
     * 'recipient_relation', 'channel', 'profile', 'platform', 'attachments', 'schedule'; null
     * or [] for none) and returns the report as an associative array.
     *
     * @param array<string, mixed>|null $context
     * @return array<string, mixed>
     * @throws ContextException|TextException
     */
    public function check(string $text, ?array $context = []): array
    {
        return json_decode($this->checkJson($text, self::contextJson($context ?? [])), true, 512, JSON_THROW_ON_ERROR);
    }

    /** @param array<string, mixed> $context */
    private static function contextJson(array $context): string
    {
        if (isset($context['time']) && $context['time'] instanceof \DateTimeInterface) {
            $context['time'] = $context['time']->format(\DateTimeInterface::RFC3339);
        }
        // An empty PHP array would encode as `[]`, which is not a context.
        if ($context !== [] && array_is_list($context)) {
            throw new \InvalidArgumentException('the context must be an array with string keys');
        }
        return $context === [] ? '{}' : json_encode($context, JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }

    public function __destruct()
    {
        Lib::get()->hatsugen_checker_free($this->handle);
    }
}
