<?php

declare(strict_types=1);

namespace Hatsugen;

/** The context is invalid (unknown field or value, bad time). */
class ContextException extends HatsugenException
{
}
