<?php

declare(strict_types=1);

namespace Hatsugen;

/** The policy is malformed or invalid, or names an unknown built-in pack. */
class PolicyException extends HatsugenException
{
}
