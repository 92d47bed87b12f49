#!/usr/bin/env bash
# The performance benchmark of issue 5 (not part of the test suite; takes several minutes and
# ~10 GB of disk under target/bench/).
#
#   scripts/bench.sh [--reps N] [--slow-reps N] [--presets "medium large"]
#   scripts/bench.sh --memory
#
# --memory (issue 10, seconds, little disk): builds one course per worst-case page just under the
# page size limit (1 MiB: tables of tiny cells or padded rows, plain text, deep and long lists,
# quotes, emphasis, links, reference links, raw HTML, footnotes, …), prints each build's peak RSS (GNU time) and fails if any is
# 200 MB or more. Nothing else runs.
#
# Generates the synthetic courses (examples/gen_course.rs, seed 1), warms the page cache, then runs
# every case once per repetition, interleaved (the order rotates each repetition), so that all
# cases see the same machine load:
#   cp_course      cp -r of the course folder
#   zip_course     Info-ZIP: zip -r -6 -n <media extensions> of the course folder
#   build_<t>      coursepack build --target <t> (rendering included), for each target
#   build_all      coursepack build with every target at once (when there is more than one)
#   mdbook         mdbook build of the same Markdown (the generator writes SUMMARY.md), if installed
#   cp_rendered    cp -r of the rendered large course (the unzipped SCORM package, less its manifest)
#   wrap_rendered  coursepack wrap of that folder
#   ssp_rendered   simple-scorm-packager (npm) on a copy of that folder (only --slow-reps times)
#   7z_test        7z t of the large zip; validate: coursepack validate of it, if that command exists
#   sha256_zip     openssl dgst -sha256 of the large zip, if openssl is installed. Every build and wrap
#                  computes the SHA-256 of each package it writes, in one stream that cannot be split
#                  across cores; this is that stream's floor here.
#   sha256_build_<t>, sha256_wrap  the same of each large build's own output and of wrap's own
#                  output: the floor that `build` and `wrap` are held to (each within 1.25×)
#   cp_own_scorm12 cp of the large scorm12 build's own output: what only writing those bytes through
#                  the page cache costs (read + write, no hash), for reference
# Then the launch-page figures of issue 11 (scripts/bench-launch.mjs, headless Chromium at
# /usr/bin/chromium via playwright-core, `npm ci` done): DOMContentLoaded of the xAPI launch page
# from file://, JS heap after start and Next → next page shown, for Module 6 and each preset (interleaved, after a
# warm-up round; "loaded at start" adds the scripts and style sheets to index.html).
# and reports medians, min–max, peak RSS (GNU time) and the ratios the issue asks for, as a table
# on stdout and as JSON in target/bench/results.json (+ results.md). Last it runs
# scripts/bench-hostile.sh (hostile inputs for `validate`: at most 2 s and 100 MB each; fails the run if not).
#
# Needs: cargo, python3, GNU time (/usr/bin/time), zip, 7z (Debian: apt-get install time zip
# p7zip-full), node + npm for simple-scorm-packager (installed by this script into
# target/bench/npm, not into the project), and optionally mdbook on PATH or in
# target/bench/tools/bin (cargo install mdbook --root target/bench/tools).
set -euo pipefail
cd "$(dirname "$0")/.."

reps=5
slow_reps=2
memory=0
presets="medium large"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    --slow-reps) slow_reps=$2; shift 2 ;;
    --presets) presets=$2; shift 2 ;;
    --memory) memory=1; shift ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root=target/bench
mkdir -p "$root/courses" "$root/runs"
root=$(cd "$root" && pwd)
tools="python3 /usr/bin/time zip 7z"
[ "$memory" = 1 ] && tools="python3 /usr/bin/time"
for tool in $tools; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install time zip p7zip-full python3)" >&2; exit 2; }
done

echo "== building coursepack (release)" >&2
cargo build --release --locked --quiet --bin coursepack $([ "$memory" = 1 ] || echo --example gen_course)
bin=$(pwd)/target/release/coursepack
gen=$(pwd)/target/release/examples/gen_course

# Peak memory of `build` on worst-case pages just under the page size limit (1 MiB).
if [ "$memory" = 1 ]; then
  pages="$root/memory"
  rm -rf "$pages" && mkdir -p "$pages"
  python3 - "$pages" <<'PY'
import os, sys
root, limit = sys.argv[1], 1024 * 1024 - 64
head = '+++\ntitle = "P"\n+++\n'
def fill(unit, first=''):
    return head + first + unit * ((limit - len(head) - len(first)) // len(unit))
def deep_list():
    lines, size, i = [], len(head), 0
    while size + 2 * i + 7 < limit:
        lines.append('  ' * i + '- item\n'); size += 2 * i + 7; i += 1
    return head + ''.join(lines)
row = '|' + 'a|' * 104 + '\n'
cases = {
    'table-8-columns': fill('|a|b|c|d|e|f|g|h|\n', '|a|b|c|d|e|f|g|h|\n|-|-|-|-|-|-|-|-|\n'),
    'table-104-columns': fill(row, row + '|' + '-|' * 104 + '\n'),
    'table-1-column': fill('|a\n', '|a|\n|-|\n'),
    'plain-text': fill('lorem ipsum dolor sit amet, consectetur adipiscing elit. '),
    'paragraphs': fill('a\n\n'),
    'list-items': fill('- a\n'),
    'deep-list': deep_list(),
    'nested-lists-one-line': fill('- * '),
    'quote-list-nesting': fill('>- '),
    # rows padded to a 1,000-column header, and one long reference link used everywhere
    # (pulldown-cmark caps both expansions)
    'table-padded-rows': fill('a\n', '|' + 'h|' * 1000 + '\n|' + '-|' * 1000 + '\n'),
    'reference-links': fill('[a] ', '[a]: #' + 'x' * 4000 + '\n\n'),
    'deep-quote': fill('>'),
    'emphasis': fill('*a* '),
    'links': fill('[a](#b) '),
    'raw-html': fill('<b>a</b> '),
    'code-spans': fill('`a` '),
    'brackets': fill('['),
    'footnotes': fill('a[^1] ', '[^1]: note\n\n'),
    'entities': fill('&amp;'),
}
for name, text in cases.items():
    d = os.path.join(root, name)
    os.makedirs(os.path.join(d, '01-s'))
    with open(os.path.join(d, 'course.toml'), 'w') as f:
        f.write('id = "https://example.org/m"\ntitle = "M"\nlanguage = "en"\nversion = "1.0.0"\n')
    with open(os.path.join(d, '01-s', 'section.toml'), 'w') as f:
        f.write('title = "S"\n')
    with open(os.path.join(d, '01-s', '01-p.md'), 'w') as f:
        f.write(text)
PY
  worst=0
  printf '%-24s %10s %8s %10s\n' page bytes seconds 'peak RSS'
  for course in "$pages"/*/; do
    name=$(basename "$course")
    t="$pages/$name.time"
    if ! /usr/bin/time -f '%e %M' -o "$t" "$bin" build "$course" --target scorm12,xapi --out "$pages/out-$name" --quiet \
        >"$pages/$name.log" 2>&1; then
      echo "$name: build failed (see $pages/$name.log)" >&2; exit 1
    fi
    read -r secs kb < "$t"
    printf '%-24s %10s %8s %7s MB\n' "$name" "$(stat -c %s "$course/01-s/01-p.md")" "$secs" $((kb / 1024))
    [ "$kb" -gt "$worst" ] && worst=$kb
  done
  echo "worst peak RSS: $((worst / 1024)) MB (limit 200 MB)"
  [ "$worst" -lt $((200 * 1024)) ] || { echo "a page under the size limit needs 200 MB or more" >&2; exit 1; }
  exit 0
fi

mdbook=$(command -v mdbook || true)
[ -z "$mdbook" ] && [ -x "$root/tools/bin/mdbook" ] && mdbook="$root/tools/bin/mdbook"

ssp="$root/npm/node_modules/simple-scorm-packager"
if [ ! -d "$ssp" ] && command -v npm >/dev/null; then
  echo "== installing simple-scorm-packager into $root/npm" >&2
  mkdir -p "$root/npm" && echo '{"private":true}' > "$root/npm/package.json"
  (cd "$root/npm" && npm install --silent --no-audit --no-fund simple-scorm-packager@0.2.7) || true
fi
[ -d "$ssp" ] || ssp=""

targets=$("$bin" build --help | awk '/--target/{f=1} f && /^ *-o, --out/{exit} f && /^ *- [a-z0-9]+/{sub(/^ *- /, ""); sub(/:.*/, ""); printf "%s%s", sep, $1; sep=","}')
has_validate=0
"$bin" --help | grep -qE '^\s+validate\b' && has_validate=1

for p in $presets; do
  if [ ! -f "$root/courses/$p/.complete" ]; then
    echo "== generating $p" >&2
    rm -rf "$root/courses/$p"
    "$gen" "$p" "$root/courses/$p" 1 >&2
    touch "$root/courses/$p/.complete"
  fi
done

# The rendered large course: the SCORM package unzipped, less the manifest (a plain web folder).
last=${presets##* }
rendered="$root/rendered-$last"
if [ ! -f "$rendered/.complete" ]; then
  echo "== rendering $last for wrap" >&2
  rm -rf "$rendered" "$root/render-out-$last" && mkdir -p "$rendered"
  "$bin" build "$root/courses/$last" --out "$root/render-out-$last" --quiet --target scorm12
  (cd "$rendered" && unzip -q "$root"/render-out-$last/*-scorm12.zip && rm imsmanifest.xml)
  touch "$rendered/.complete"
fi
launch=$(cd "$rendered" && ls ./*.html | head -1 | sed 's|^\./||')
if [ -n "$ssp" ] && [ ! -d "$root/rendered-ssp-$last" ]; then
  cp -r "$rendered" "$root/rendered-ssp-$last"
fi
large_zip=$(ls "$root"/render-out-$last/*-scorm12.zip)
# Each large build's and wrap's own output, for the SHA-256 floor they are held to.
own="$root/own-out-$last"
if [ ! -f "$own/.complete" ]; then
  echo "== building $last and wrapping it once, for the SHA-256 of their own output" >&2
  rm -rf "$own" && mkdir -p "$own/wrap"
  "$bin" build "$root/courses/$last" --out "$own" --quiet --target "$targets"
  "$bin" wrap "$rendered" --launch "$launch" --title Large --out "$own/wrap" --quiet
  touch "$own/.complete"
fi
cat > "$root/ssp.cjs" <<EOF
require(process.argv[2])({
  version: '1.2', organization: 'Bench', title: 'Large', language: 'en', identifier: 'bench',
  startingPage: process.argv[4], source: process.argv[3],
  package: { version: '1.0.0', zip: true, outputFolder: process.argv[5], date: '2026-01-01' }
}, function () {});
EOF

media_ext=".png:.jpg:.jpeg:.gif:.webp:.mp4:.webm:.mp3:.m4a:.ogg:.woff:.woff2:.pdf:.zip:.gz"
scratch="$root/scratch"

# run NAME REP COMMAND... : one timed run, its output folder emptied first (outside the timing).
run() {
  local name=$1 rep=$2; shift 2
  rm -rf "$scratch" && mkdir -p "$scratch"
  sync
  local t="$root/runs/$name.$rep.time"
  if /usr/bin/time -f '%e %M' -o "$t" "$@" >"$root/runs/$name.$rep.log" 2>&1; then
    echo "$name $rep $(cat "$t")" >> "$root/runs/samples.txt"
  else
    echo "$name $rep FAILED (see $root/runs/$name.$rep.log)" >&2
  fi
}

cases=()
for p in $presets; do
  cases+=("cp_$p" "zip_$p")
  for t in ${targets//,/ }; do cases+=("build_${t}_$p"); done
  [ "$(echo "${targets//,/ }" | wc -w)" -gt 1 ] && cases+=("build_all_$p")
  [ -n "$mdbook" ] && cases+=("mdbook_$p")
done
cases+=("cp_rendered" "wrap_rendered" "7z_test")
[ -n "$ssp" ] && cases+=("ssp_rendered")
[ "$has_validate" = 1 ] && cases+=("validate")
if command -v openssl >/dev/null; then
  cases+=("sha256_zip" "sha256_wrap")
  for t in ${targets//,/ }; do cases+=("sha256_build_$t"); done
fi
cases+=("cp_own_scorm12")

run_case() {
  local c=$1 rep=$2 p
  case "$c" in
    cp_rendered) run "$c" "$rep" cp -r "$rendered" "$scratch/copy" ;;
    wrap_rendered) run "$c" "$rep" "$bin" wrap "$rendered" --launch "$launch" --title Large --out "$scratch" --quiet ;;
    ssp_rendered)
      [ "$rep" -le "$slow_reps" ] || return 0
      (cd "$root/rendered-ssp-$last" && rm -rf imsmanifest.xml metadata.xml ./*.xsd common extend unique vocab 2>/dev/null || true)
      run "$c" "$rep" node "$root/ssp.cjs" "$ssp" "$root/rendered-ssp-$last" "$launch" "$scratch" ;;
    7z_test) run "$c" "$rep" 7z t "$large_zip" ;;
    sha256_zip) run "$c" "$rep" openssl dgst -sha256 "$large_zip" ;;
    sha256_wrap) run "$c" "$rep" openssl dgst -sha256 "$own"/wrap/*.zip ;;
    sha256_build_*) run "$c" "$rep" sh -c 'openssl dgst -sha256 "$1"/*-"$2".zip' sh "$own" "${c#sha256_build_}" ;;
    validate) run "$c" "$rep" "$bin" validate "$large_zip" ;;
    cp_own_scorm12) run "$c" "$rep" sh -c 'cp "$1"/*-scorm12.zip "$2"/' sh "$own" "$scratch" ;;
    cp_*) p=${c#cp_}; run "$c" "$rep" cp -r "$root/courses/$p" "$scratch/copy" ;;
    zip_*) p=${c#zip_}; run "$c" "$rep" sh -c 'cd "$1" && zip -r -6 -q -n "$2" "$3" .' sh "$root/courses/$p" "$media_ext" "$scratch/course.zip" ;;
    mdbook_*) p=${c#mdbook_}; run "$c" "$rep" "$mdbook" build "$root/courses/$p" -d "$scratch/book" ;;
    build_all_*) p=${c#build_all_}; run "$c" "$rep" "$bin" build "$root/courses/$p" --out "$scratch" --quiet --target "$targets" ;;
    build_*) p=${c##*_}; local t=${c#build_}; t=${t%_*}; run "$c" "$rep" "$bin" build "$root/courses/$p" --out "$scratch" --quiet --target "$t" ;;
  esac
}

echo "== warming the page cache" >&2
find "$root/courses" "$rendered" -type f -exec cat {} + > /dev/null
rm -f "$root/runs/samples.txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for rep in $(seq 1 "$reps"); do
  n=${#cases[@]}
  for i in $(seq 0 $((n - 1))); do
    c=${cases[$(((i + rep - 1) % n))]}
    echo "== rep $rep/$reps: $c" >&2
    run_case "$c" "$rep"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$scratch"

# Launch-page figures (issue 11, item 5): the xAPI package (one launch page) of Module 6 and of each preset.
launch_json="$root/launch.json"
echo '{}' > "$launch_json"
if command -v node >/dev/null && [ -x /usr/bin/chromium ] && [ -d node_modules/playwright-core ]; then
  echo "== launch pages in headless Chromium" >&2
  args=()
  for c in module-6 $presets; do
    src="$root/courses/$c"; [ "$c" = module-6 ] && src=course-src/module-6
    rm -rf "$root/launch/$c" && mkdir -p "$root/launch/$c/pkg"
    "$bin" build "$src" --out "$root/launch/$c" --quiet --target xapi
    (cd "$root/launch/$c/pkg" && unzip -q ../*-xapi.zip)
    args+=("$c=$root/launch/$c/pkg")
  done
  node scripts/bench-launch.mjs "$reps" "${args[@]}" > "$launch_json"
else
  echo "node, /usr/bin/chromium or node_modules/playwright-core missing: launch pages not measured" >&2
fi

cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
fs=$(df -T "$root" | awk 'NR==2 {print $2}')
sizes=""
for p in $presets; do sizes="$sizes $p=$(du -sb "$root/courses/$p" | cut -f1)"; done
sizes="$sizes rendered=$(du -sb "$rendered" | cut -f1)"

python3 - "$root" "$reps" "$slow_reps" "$cpu" "$(nproc)" "$mem" "$fs" "$load_before" "$load_after" "$targets" "$has_validate" "$mdbook" "$sizes" "$launch_json" <<'PY'
import json, statistics, sys, datetime
root, reps, slow, cpu, cores, mem, fs, lb, la, targets, has_validate, mdbook, sizes, launch_json = sys.argv[1:]
launch = json.load(open(launch_json))
samples = {}
for line in open(f"{root}/runs/samples.txt"):
    name, rep, secs, rss = line.split()
    samples.setdefault(name, []).append((float(secs), int(rss)))
cases = {}
for name, s in samples.items():
    t = [x[0] for x in s]
    cases[name] = {"runs": len(t), "median_s": round(statistics.median(t), 3), "min_s": min(t), "max_s": max(t),
                   "peak_rss_mb": round(max(x[1] for x in s) / 1024, 1), "samples_s": t}
def med(n): return cases.get(n, {}).get("median_s")
def ratio(a, b, label, bar=None, want=None):
    x, y = med(a), med(b)
    if x is None or y is None or y == 0: return None
    r = {"ratio": round(x / y, 3), "of": f"{a} / {b}", "what": label}
    if bar is not None: r["target"] = f"{want} {bar}"; r["met"] = (x / y <= bar) if want == "<=" else (x / y >= bar)
    return r
ratios = {}
last = "large" if "cp_large" in cases else sorted(k[3:] for k in cases if k.startswith("cp_") and k not in ("cp_rendered", "cp_own_scorm12"))[-1]
for t in targets.split(","):
    ratios[f"build_{t}_vs_cp"] = ratio(f"build_{t}_{last}", f"cp_{last}", f"{t} build of {last} vs cp -r of the course", 0.8, "<=")
    # issue 5's 4× goal is out of reach of any writer that hashes its output: a reference now, and
    # the build is held to the SHA-256 of its own output instead (issue 11)
    ratios[f"zip_vs_build_{t}"] = ratio(f"zip_{last}", f"build_{t}_{last}", f"reference: Info-ZIP vs {t} build ({last}): how many times faster coursepack is")
    ratios[f"build_{t}_vs_sha256_own"] = ratio(f"build_{t}_{last}", f"sha256_build_{t}", f"{t} build of {last} vs openssl dgst -sha256 of its own output", 1.25, "<=")
    ratios[f"mdbook_vs_build_{t}"] = ratio(f"mdbook_{last}", f"build_{t}_{last}", f"mdbook build vs {t} build: how many times faster coursepack is", 10, ">=")
if f"build_all_{last}" in cases:
    n = len(targets.split(","))
    c = cases[f"build_all_{last}"]["median_s"] / n
    r = c / med(f"cp_{last}")
    ratios["build_all_per_target_vs_cp"] = {"ratio": round(r, 3), "of": f"build_all_{last} / {n} / cp_{last}", "what": "all targets at once, per target, vs cp -r", "target": "<= 0.8", "met": r <= 0.8}
peaks = [v["peak_rss_mb"] for k, v in cases.items() if k.startswith("build_") and k.endswith(f"_{last}")]
if peaks:
    ratios["build_peak_rss_mb"] = {"ratio": max(peaks), "of": f"largest peak RSS of the build_*_{last} cases, MB", "what": f"peak RSS of any {last} build (MB)", "target": "< 100", "met": max(peaks) < 100}
ratios["wrap_vs_cp"] = ratio("wrap_rendered", "cp_rendered", "reference: wrap vs cp -r of the rendered folder")
ratios["wrap_vs_sha256_own"] = ratio("wrap_rendered", "sha256_wrap", "wrap vs openssl dgst -sha256 of its own output", 1.25, "<=")
ratios["ssp_vs_wrap"] = ratio("ssp_rendered", "wrap_rendered", "simple-scorm-packager vs wrap: how many times faster wrap is", 40, ">=")
ratios["validate_vs_7z"] = ratio("validate", "7z_test", "coursepack validate vs 7z t", 1.5, "<=")
# References without a target: how much of the time one SHA-256 stream takes on its own.
ratios["sha256_vs_cp_rendered"] = ratio("sha256_zip", "cp_rendered", "reference: SHA-256 of the large zip alone vs cp -r of the rendered folder")
ratios["cp_own_vs_sha256_own"] = ratio("cp_own_scorm12", "sha256_build_scorm12", "reference: cp of the scorm12 build's own output vs openssl dgst -sha256 of it")
ratios["sha256_vs_build"] = ratio("sha256_zip", f"build_scorm12_{last}", f"reference: SHA-256 of the large zip alone vs the scorm12 build ({last})")
# Launch pages (issue 11, item 5), against Module 6 in the same run
base = launch.get("module-6")
if base and last in launch:
    big = launch[last]
    def lr(key, value, what, target, met):
        ratios[key] = {"ratio": value, "of": "scripts/bench-launch.mjs", "what": what, "target": target, "met": met}
    lr("launch_dcl_ms", big["dcl_ms"], f"DOMContentLoaded of the {last} launch page (ms)", "<= 300", big["dcl_ms"] <= 300)
    r = round(big["dcl_ms"] / base["dcl_ms"], 3)
    lr("launch_dcl_vs_module6", r, f"DOMContentLoaded, {last} vs Module 6", "<= 1.5", r <= 1.5)
    r = round(big["heap_mb"] / base["heap_mb"], 3)
    lr("launch_heap_vs_module6", r, f"JS heap after start, {last} vs Module 6 (flat)", "<= 1.5", r <= 1.5)
    worst = max(v["next_ms"] for v in launch.values())
    lr("launch_next_ms", worst, "Next → next page shown, worst course (ms)", "<= 50", worst <= 50)
ratios = {k: v for k, v in ratios.items() if v}
rss = {p: cases.get(f"build_scorm12_{p}", {}).get("peak_rss_mb") for p in ("medium", "large")}
doc = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": {"cpu": cpu, "cores": int(cores), "memory": mem, "filesystem": fs, "load_before": lb, "load_after": la},
    "reps": int(reps), "slow_reps": int(slow), "targets": targets.split(","),
    "sizes_bytes": dict(s.split("=") for s in sizes.split()),
    "notes": ([] if has_validate == "1" else ["no `validate` subcommand in this build: only 7z t measured"]) +
             ([] if mdbook else ["mdbook not installed: not measured"]),
    "cases": cases, "ratios": ratios, "build_peak_rss_mb": rss, "launch": launch,
}
json.dump(doc, open(f"{root}/results.json", "w"), indent=2)
lines = [f"Machine: {cpu}, {cores} cores, {mem}, {fs}; load average {lb} before, {la} after; {reps} interleaved repetitions.",
         "", "| case | median s | min–max s | peak RSS MB | runs |", "|---|---:|---:|---:|---:|"]
for name in sorted(cases):
    c = cases[name]
    lines.append(f"| {name} | {c['median_s']:.2f} | {c['min_s']:.2f}–{c['max_s']:.2f} | {c['peak_rss_mb']} | {c['runs']} |")
if launch:
    lines += ["", "| launch page (xAPI) | pages | launch KB | loaded at start KB | fragments | DOMContentLoaded ms | ×Module 6 | JS heap MB | Next ms |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, v in launch.items():
        x = round(v["dcl_ms"] / launch["module-6"]["dcl_ms"], 2) if "module-6" in launch else ""
        lines.append(f"| {name} | {v['pages']} | {v['launch_bytes'] / 1000:.0f} | {v.get('start_bytes', 0) / 1000:.0f} | {v['fragments']} | {v['dcl_ms']} | {x} | {v['heap_mb']} | {v['next_ms']} |")
lines += ["", "| ratio | value | target | met |", "|---|---:|---|---|"]
for k, r in ratios.items():
    lines.append(f"| {r['what']} | {r['ratio']} | {r.get('target', '')} | {r.get('met', '')} |")
for n in doc["notes"]: lines.append(f"\nNote: {n}")
text = "\n".join(lines) + "\n"
open(f"{root}/results.md", "w").write(text)
print(text)
print(f"JSON: {root}/results.json")
PY

echo "== hostile inputs for validate" >&2
scripts/bench-hostile.sh
