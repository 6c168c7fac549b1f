<?php

declare(strict_types=1);

namespace Hatsugen;

/** The text is not valid UTF-8 or is over the policy's size limit. */
class TextException extends HatsugenException
{
}
