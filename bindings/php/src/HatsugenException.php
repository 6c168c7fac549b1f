<?php

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
