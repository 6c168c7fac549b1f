<?php

declare(strict_types=1);

namespace Hatsugen;

/** The version of the loaded library ("0.1.0"). */
function version(): string
{
    return (string) Lib::get()->hatsugen_version();
}

/** The part of `$text` that a report span (UTF-8 byte offsets) covers. */
function span_text(string $text, array $span): string
{
    return substr($text, $span['start'], $span['end'] - $span['start']);
}
