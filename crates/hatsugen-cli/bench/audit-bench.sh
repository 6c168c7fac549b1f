#!/usr/bin/env bash
# Throughput and peak memory of `hatsugen audit` on a generated X/Twitter archive
# (data/tweets.js, one JSON array, the hardest input to stream) of N posts, with an HTML and
# a JSON report. Prints posts/s and peak RSS (GNU time's maximum resident set size).
#
#   crates/hatsugen-cli/bench/audit-bench.sh 10000 1000000
#
# Needs python3 and /usr/bin/time. JOBS=2 by default (the project's machines have 2 cores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
cargo build --release -p hatsugen-cli --locked >/dev/null
bin="${CARGO_TARGET_DIR:-$root/target}/release/hatsugen"
work="$(mktemp -d "${TMPDIR:-/tmp}/hatsugen-audit-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for n in "${@:-10000}"; do
  python3 - "$n" "$work/tweets-$n.js" <<'PY'
import json, random, sys
from datetime import datetime, timedelta, timezone
n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
texts = ["今日は良い天気ですね", "朝の通勤電車、今日も満員でした", "週末は図書館で読書",
         "ここだけの話、来年度の人事異動の内示が出た", "拡散希望!駅前の銀行が倒産するらしい",
         "窓口に来たあの住民、本当にバカだった", "新しいカフェのランチが美味しかった",
         "内部資料です、見せられないけど", "明日の会議資料、朝イチで確認しておいて",
         "子どもの運動会、晴れてよかった", "地域の清掃活動に参加しました。参加者は約50名でした"]
start = datetime(2025, 1, 1, tzinfo=timezone.utc)
with open(path, "w", encoding="utf-8") as f:
    f.write("window.YTD.tweets.part0 = [\n")
    for i in range(n):
        t = start + timedelta(seconds=rng.randrange(0, 2 * 365 * 86400))
        tweet = {"tweet": {"id_str": str(10**18 + i), "full_text": rng.choice(texts) + " #" + str(i % 97),
                 "created_at": t.strftime("%a %b %d %H:%M:%S +0000 %Y"), "lang": "ja",
                 "entities": {"hashtags": [], "user_mentions": [], "urls": []}}}
        f.write(("  " if i == 0 else ", ") + json.dumps(tweet, ensure_ascii=False) + "\n")
    f.write("]\n")
PY
  size=$(du -m "$work/tweets-$n.js" | cut -f1)
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$bin" audit --quiet --exit-zero --jobs "${JOBS:-2}" --author bench \
    --report "$work/r.html" --report "$work/r.json" "$work/tweets-$n.js" >/dev/null
  end=$(date +%s.%N)
  rss=$(cat "$work/rss")
  python3 -c "
n, s, e, rss, mb = $n, $start, $end, $rss, $size
print(f'{n:>9} posts ({mb} MB tweets.js): {e - s:6.1f} s, {n / (e - s):8.0f} posts/s, peak RSS {rss / 1024:.1f} MB')"
done
