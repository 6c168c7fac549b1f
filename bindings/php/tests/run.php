<?php
/**
 * Tests of the PHP binding: the shared corpus (same report JSON, verdicts and rule ids as
 * the Rust core) and errors as exceptions. Prints "php: N passed, M failed".
 *
 *   php -d ffi.enable=1 bindings/php/tests/run.php [CORPUS.jsonl]
 */

declare(strict_types=1);

require __DIR__ . '/../Hatsugen.php';

use Hatsugen\Checker;
use Hatsugen\ContextException;
use Hatsugen\HatsugenException;
use Hatsugen\PolicyException;
use Hatsugen\TextException;

$corpus = $argv[1] ?? (getenv('HATSUGEN_CORPUS') ?: dirname(__DIR__, 3) . '/tests/corpus/cases.jsonl');
$passed = 0;
$failed = 0;

function check(bool $ok, string $what): void
{
    if (!$ok) {
        throw new \AssertionError($what);
    }
}

function test(string $name, callable $fn): void
{
    global $passed, $failed;
    try {
        $fn();
        $passed++;
        echo "ok - $name\n";
    } catch (\Throwable $e) {
        $failed++;
        echo "not ok - $name: " . get_class($e) . ': ' . $e->getMessage() . "\n";
    }
}

/** @return array<int, array<string, mixed>> */
function load_cases(string $path): array
{
    $cases = [];
    foreach (file($path, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
        $cases[] = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
    }
    return $cases;
}

$cases = load_cases($corpus);
$checkers = [];
$checkerFor = function (string $spec) use (&$checkers, $corpus): Checker {
    if (!isset($checkers[$spec])) {
        [$kind, $rest] = explode(':', $spec, 2);
        $checkers[$spec] = match ($kind) {
            'builtin' => Checker::builtin($rest),
            'file' => Checker::fromFile(dirname($corpus) . '/' . $rest),
        };
    }
    return $checkers[$spec];
};

test('version', function () {
    check(preg_match('/^\d+\.\d+\.\d+$/', Hatsugen\version()) === 1, 'version format');
});

test('corpus has cases', function () use ($cases) {
    check(count($cases) > 0, 'no cases');
});

test('corpus reports are byte-identical to the core', function () use ($cases, $checkerFor) {
    $bad = [];
    foreach ($cases as $c) {
        if ($checkerFor($c['policy'])->checkJson($c['text'], $c['context_json']) !== $c['report']) {
            $bad[] = $c['id'];
        }
    }
    check($bad === [], 'differ: ' . implode(', ', $bad));
});

test('corpus verdicts and rule ids through an array context', function () use ($cases, $checkerFor) {
    $bad = [];
    foreach ($cases as $c) {
        $report = $checkerFor($c['policy'])->check($c['text'], json_decode($c['context_json'], true));
        $rules = array_values(array_unique(array_map(fn ($f) => $f['rule'], $report['findings'])));
        sort($rules, SORT_STRING);
        if ($report['verdict'] !== $c['verdict'] || $rules !== $c['rules']) {
            $bad[] = $c['id'];
        }
    }
    check($bad === [], 'differ: ' . implode(', ', $bad));
});

test('a groupware hook: check before posting to a staff board', function () {
    // What a PHP groupware does in its "before post" hook.
    static $checker = null;
    $checker ??= new Checker();
    $post = ['body' => 'ここだけの話、来年度の人事案が決まったよ', 'board' => 'all-staff', 'members' => 120];
    $report = $checker->check($post['body'], [
        'channel' => 'work', 'audience' => 'group', 'recipients' => $post['members'],
        'time' => new DateTimeImmutable('2026-11-24T10:00:00+09:00'),
    ]);
    check($report['verdict'] === 'block', 'verdict ' . $report['verdict']);
    $secret = array_values(array_filter($report['findings'], fn ($f) => $f['rule'] === 'confidential.secret'))[0];
    check(Hatsugen\span_text($post['body'], $secret['spans'][0]) === 'ここだけの話', 'span text');
    check($secret['message']['ja'] !== '', 'message');
});

test('default checker metadata', function () {
    $c = new Checker();
    check($c->policyId() === 'jp-local-gov', 'policy id');
    check($c->policyVersion() !== '', 'policy version');
    check($c->maxTextBytes() > 1000, 'max text bytes');
});

test('a context as an array or null in checkJson and check', function () {
    $c = new Checker();
    $text = 'ここだけの話、来年度の人事案が決まったよ';
    $json = $c->checkJson($text, '{"device":"work"}');
    check($c->checkJson($text, ['device' => 'work']) === $json, 'array context');
    check($c->checkJson($text, null) === $c->checkJson($text), 'null context');
    check($c->check($text, null) === $c->check($text), 'check with null');
    $schedule = ['days' => ['mon', 'tue', 'wed', 'thu', 'fri'], 'hours' => [['start' => '22:00', 'end' => '23:59']]];
    $r = $c->check('おはようございます', ['status' => 'working', 'time' => '2026-11-24T22:30:00+09:00', 'schedule' => $schedule]);
    check(!in_array('work_hours.during_work', array_column($r['skipped'], 'rule'), true), 'schedule');
});

test('hatsugen_ffi.h: constants readable from PHP and equal to the exception constants', function () {
    $ffi = Hatsugen\Lib::get();
    $r = new \ReflectionClass(HatsugenException::class);
    foreach ($r->getConstants() as $name => $value) {
        check($ffi->{"HATSUGEN_STATUS_$name"} === $value, "HATSUGEN_STATUS_$name");
    }
    check($ffi->HATSUGEN_STATUS_OK === 0 && $ffi->HATSUGEN_STATUS_PANIC === 15, 'status values');
    check($ffi->HATSUGEN_VERSION_MAJOR . '.' . $ffi->HATSUGEN_VERSION_MINOR . '.' . $ffi->HATSUGEN_VERSION_PATCH
        === Hatsugen\version(), 'version macros');
    check($ffi->HATSUGEN_DAY_SUN === 64 && $ffi->HATSUGEN_VERDICT_BLOCK === 3, 'enum-like constants');
});

test('the struct API through hatsugen_ffi.h: context with a schedule, findings, skipped rules', function () {
    $ffi = Hatsugen\Lib::get();
    $checker = $ffi->new('hatsugen_checker*');
    check($ffi->hatsugen_checker_new_default(\FFI::addr($checker)) === $ffi->HATSUGEN_STATUS_OK, 'checker');
    $text = 'ここだけの話、来年度の人事案が決まったよ';
    $ctx = $ffi->new('hatsugen_context');
    \FFI::memset(\FFI::addr($ctx), 0, \FFI::sizeof($ctx));
    $ctx->struct_size = \FFI::sizeof($ctx);
    $ctx->device = $ffi->HATSUGEN_DEVICE_PERSONAL;
    $sched = $ffi->new('hatsugen_schedule');
    \FFI::memset(\FFI::addr($sched), 0, \FFI::sizeof($sched));
    $sched->struct_size = \FFI::sizeof($sched);
    $sched->days = $ffi->HATSUGEN_DAY_SAT | $ffi->HATSUGEN_DAY_SUN;
    $ctx->schedule = \FFI::addr($sched);
    $result = $ffi->new('hatsugen_result*');
    $status = $ffi->hatsugen_check($checker, $text, strlen($text), \FFI::addr($ctx), \FFI::addr($result), null);
    check($status === $ffi->HATSUGEN_STATUS_OK, 'check: ' . $ffi->hatsugen_status_str($status));
    check($ffi->hatsugen_result_verdict($result) === $ffi->HATSUGEN_VERDICT_BLOCK, 'verdict');
    $view = $ffi->new('hatsugen_finding');
    $view->struct_size = \FFI::sizeof($view);
    $rules = [];
    for ($i = 0; $i < $ffi->hatsugen_result_finding_count($result); $i++) {
        check($ffi->hatsugen_result_get($result, $i, \FFI::addr($view)) === $ffi->HATSUGEN_STATUS_OK, 'get');
        $rules[] = \FFI::string($view->rule->ptr, $view->rule->len);
    }
    check(in_array('confidential.secret', $rules, true), implode(',', $rules));
    $skipped = $ffi->new('hatsugen_skipped');
    $skipped->struct_size = \FFI::sizeof($skipped);
    $json = json_decode((new Checker())->checkJson($text, '{"device":"personal","schedule":{"days":["sat","sun"]}}'), true);
    check($ffi->hatsugen_result_skipped_count($result) === count($json['skipped']), 'skipped count');
    foreach ($json['skipped'] as $i => $want) {
        check($ffi->hatsugen_result_get_skipped($result, $i, \FFI::addr($skipped)) === $ffi->HATSUGEN_STATUS_OK, 'get_skipped');
        check(\FFI::string($skipped->rule->ptr, $skipped->rule->len) === $want['rule'], 'skipped rule');
        $missing = [];
        for ($j = 0; $j < $skipped->missing_count; $j++) {
            $missing[] = \FFI::string($skipped->missing[$j]->ptr, $skipped->missing[$j]->len);
        }
        check($missing === $want['missing'], 'missing of ' . $want['rule']);
    }
    $ffi->hatsugen_result_free($result);
    $ffi->hatsugen_checker_free($checker);
});

test('context errors: columns in characters, only objects', function () {
    $checker = new Checker();
    try {
        $checker->checkJson('x', '{"profile":"あああああ","device":"bogus"}');
        check(false, 'no exception');
    } catch (ContextException $e) {
        check($e->errorLine === 1 && $e->errorColumn === 35, "column {$e->errorColumn}");
    }
    foreach (['[]', '["2026-11-24T10:00:00+09:00","work"]'] as $json) {
        try {
            $checker->checkJson('x', $json);
            check(false, "$json accepted");
        } catch (ContextException $e) {
            check($e->errorColumn === 1 && str_contains($e->detail, 'must be a JSON object'), $e->getMessage());
        }
    }
    try {
        $checker->check('x', ['work', 'personal']);
        check(false, 'list accepted');
    } catch (\InvalidArgumentException $e) {
        check(true, '');
    }
});

test('policy errors carry line and column', function () {
    try {
        new Checker("extends = \"builtin:jp-local-gov\"\n\n[rules.\"defamation.insult\"]\nseverty = \"warn\"\n");
        check(false, 'no exception');
    } catch (PolicyException $e) {
        check($e->status === HatsugenException::POLICY_SYNTAX, 'status');
        check([$e->errorLine, $e->errorColumn] === [4, 1], "position {$e->errorLine}:{$e->errorColumn}");
        check(str_contains($e->detail, 'severty'), $e->detail);
    }
    try {
        new Checker("extends = \"builtin:jp-local-gov\"\nremove_terms = [\"baka\", \"no-such-term\"]\n");
        check(false, 'no exception');
    } catch (PolicyException $e) {
        check($e->status === HatsugenException::POLICY_INVALID && $e->keyPath === 'remove_terms', 'invalid');
    }
    try {
        Checker::builtin('tokyo');
        check(false, 'no exception');
    } catch (PolicyException $e) {
        check($e->status === HatsugenException::UNKNOWN_BUILTIN, 'unknown builtin');
    }
});

test('context and text errors', function () {
    $c = new Checker("extends = \"builtin:jp-local-gov\"\n[limits]\nmax_text_bytes = 8\n");
    foreach ([['device' => 'phone'], ['colour' => 'red']] as $ctx) {
        try {
            $c->check('x', $ctx);
            check(false, 'no exception');
        } catch (ContextException $e) {
            check($e->status === HatsugenException::INVALID_CONTEXT, 'status');
        }
    }
    try {
        $c->checkJson('x', "{\n \"device\": \"work\",\n \"account\": 7\n}");
        check(false, 'no exception');
    } catch (ContextException $e) {
        check($e->errorLine === 3, "line {$e->errorLine}");
    }
    try {
        $c->check("ab\xffcd");
        check(false, 'no exception');
    } catch (TextException $e) {
        check($e->status === HatsugenException::INVALID_UTF8, 'utf8');
    }
    try {
        $c->check('123456789');
        check(false, 'no exception');
    } catch (TextException $e) {
        check($e->status === HatsugenException::TEXT_TOO_LARGE, 'too large');
    }
});

$checkers = [];
gc_collect_cycles();
echo "php: $passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
