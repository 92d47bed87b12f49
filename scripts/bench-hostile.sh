#!/usr/bin/env bash
# Hostile inputs for `coursepack validate` (issue 10, items 21–25): generates the full-size corpus of
# tests/hostile/corpus.rs (about 400 MB under target/bench/hostile, nothing committed) and asserts, per input,
# the exit code and finding, at most 2 s of wall time and under 100 MB of peak RSS (GNU time); then that the
# JUnit report of the escape case passes `xmllint --noout`, that its human output holds no raw control or bidi
# character, and that a pipe gives exit 2. Exits 1 if any bound or verdict fails. Called by scripts/bench.sh;
# runs on its own too:
#
#   scripts/bench-hostile.sh [--max-seconds 2] [--max-rss-mb 100]
#
# Needs: cargo, GNU time (/usr/bin/time), xmllint, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

max_s=2
max_mb=100
while [ $# -gt 0 ]; do
  case "$1" in
    --max-seconds) max_s=$2; shift 2 ;;
    --max-rss-mb) max_mb=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for tool in /usr/bin/time xmllint python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install time libxml2-utils python3)" >&2; exit 2; }
done

echo "== building coursepack and the generator (release)" >&2
cargo build --release --locked --quiet --bin coursepack --example gen_hostile
bin=$(pwd)/target/release/coursepack
dir=target/bench/hostile
rm -rf "$dir" && mkdir -p "$dir"
echo "== generating the corpus into $dir" >&2
target/release/examples/gen_hostile "$dir"

failed=0
printf '%-28s %6s %8s %10s %s\n' case exit seconds "peak MB" verdict
while IFS=$'\t' read -r name want_exit want_code; do
  set +e
  /usr/bin/time -f '%e %M' -o "$dir/$name.time" "$bin" validate --format json "$dir/$name" >"$dir/$name.json" 2>"$dir/$name.err"
  got_exit=$?
  set -e
  # GNU time writes "Command exited with non-zero status N" first when the exit code is not 0
  read -r secs kb < <(tail -n 1 "$dir/$name.time")
  mb=$(python3 -c "print(round($kb / 1024, 1))")
  verdict=ok
  [ "$got_exit" = "$want_exit" ] || verdict="exit $got_exit, expected $want_exit"
  if [ -n "$want_code" ] && ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(f["code"]==sys.argv[2] and f["severity"]=="error" for f in d["findings"]) else 1)' "$dir/$name.json" "$want_code"; then
    verdict="no $want_code error"
  fi
  python3 -c "import sys; sys.exit(0 if $secs <= $max_s else 1)" || verdict="slower than $max_s s"
  python3 -c "import sys; sys.exit(0 if $kb < $max_mb * 1024 else 1)" || verdict="over $max_mb MB"
  [ "$verdict" = ok ] || failed=1
  printf '%-28s %6s %8s %10s %s\n' "$name" "$got_exit" "$secs" "$mb" "$verdict"
done < "$dir/cases.tsv"

echo "== escape-names.zip: human output and JUnit" >&2
set +e
"$bin" validate "$dir/escape-names.zip" >"$dir/escape.txt"
"$bin" validate --format junit "$dir/escape-names.zip" >"$dir/escape.xml"
set -e
if python3 -c 'import sys,unicodedata; t=open(sys.argv[1],encoding="utf-8").read(); bad=[c for c in t if (unicodedata.category(c)=="Cc" and c!="\n") or unicodedata.category(c)=="Cf"]; sys.exit(1 if bad else 0)' "$dir/escape.txt"; then
  echo "human output: no raw control or bidi character: ok"
else
  echo "human output: raw control or bidi characters: FAILED"; failed=1
fi
if xmllint --noout "$dir/escape.xml"; then echo "junit: xmllint --noout: ok"; else echo "junit: xmllint rejects it: FAILED"; failed=1; fi

echo "== a pipe" >&2
set +e
"$bin" validate <(cat "$dir/escape-names.zip") >/dev/null 2>"$dir/pipe.err"
pipe_exit=$?
set -e
if [ "$pipe_exit" = 2 ] && grep -q "not a seekable file" "$dir/pipe.err"; then
  echo "pipe: exit 2, not a seekable file: ok"
else
  echo "pipe: exit $pipe_exit ($(cat "$dir/pipe.err")): FAILED"; failed=1
fi

if [ "$failed" = 0 ]; then echo "all hostile inputs within $max_s s and $max_mb MB"; else echo "some hostile inputs FAILED" >&2; fi
exit "$failed"
