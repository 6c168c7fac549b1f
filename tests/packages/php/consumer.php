<?php
/**
 * A program that uses the hatsugen Composer package, as an integrator's would: Composer's
 * autoloader only, no HATSUGEN_LIB. Checks one post, then every case of the shared corpus
 * (report JSON byte-identical to the core's).
 *
 *   php -d ffi.enable=1 consumer.php CASES.jsonl
 */

declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

use Hatsugen\Checker;

if (getenv('HATSUGEN_LIB') !== false) {
    fwrite(STDERR, "the package must work without HATSUGEN_LIB\n");
    exit(1);
}
$where = (new ReflectionClass(Checker::class))->getFileName();
if (!str_contains($where, '/vendor/hatsugen/hatsugen/src/')) {
    fwrite(STDERR, "Checker loaded from $where, not from the installed package\n");
    exit(1);
}

$text = 'ここだけの話、来年度の人事案が決まったよ';
$checker = new Checker();
$report = $checker->check($text, ['device' => 'work', 'audience' => 'public']);
$rules = array_column($report['findings'], 'rule');
if ($report['verdict'] !== 'block' || !in_array('confidential.secret', $rules, true)) {
    fwrite(STDERR, 'unexpected report: ' . json_encode($report, JSON_UNESCAPED_UNICODE) . "\n");
    exit(1);
}
echo 'hatsugen ' . Hatsugen\version() . " (composer): {$report['verdict']} " . implode(',', $rules) . "\n";

$corpus = $argv[1];
$checkers = [];
$n = 0;
foreach (file($corpus, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
    $case = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
    $spec = $case['policy'];
    if (!isset($checkers[$spec])) {
        [$kind, $rest] = explode(':', $spec, 2);
        $checkers[$spec] = $kind === 'builtin' ? Checker::builtin($rest) : Checker::fromFile(dirname($corpus) . '/' . $rest);
    }
    $got = $checkers[$spec]->checkJson($case['text'], $case['context_json']);
    if ($got !== $case['report']) {
        fwrite(STDERR, "{$case['id']}: report differs\n got: $got\nwant: {$case['report']}\n");
        exit(1);
    }
    $n++;
}
echo "php composer package: $n corpus cases identical\n";
