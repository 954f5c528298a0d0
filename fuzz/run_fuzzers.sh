#!/usr/bin/env bash
# Builds the libFuzzer targets in a separate clang build (build/fuzz, -DMAILSCOPE_FUZZ=ON),
# replays the committed regression inputs, then runs each target for a bounded time on seeds
# made at run time from captures/, ../shared/corpus/ and fuzz/seeds/.
#
# Fails (exit 1) on any crash, leak, timeout, out-of-memory or sanitizer report, and prints
# where the reproducer was written and how to replay it.
#
#   fuzz/run_fuzzers.sh [--build-dir DIR] [--no-build] [TARGET...]
#
# TARGET: smtp imap pop3 sasl tls capture (default: all). Environment:
#   FUZZ_SECONDS   run time per target (default 60)
#   FUZZ_NICE      niceness (default 10); one job per target, one target at a time
#   FUZZ_TIMEOUT   seconds one input may take before it counts as a hang (default 10)
#   FUZZ_RSS_MB    memory limit of a fuzzer process (default 2048)
#   MAILSCOPE_CORPUS   the public corpus (default ../shared/corpus beside the repository)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build/fuzz"
do_build=1
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    --no-build) do_build=0; shift ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ ${#targets[@]} -eq 0 ]] && targets=(smtp imap pop3 sasl tls capture)

seconds="${FUZZ_SECONDS:-60}"
niceness="${FUZZ_NICE:-10}"
per_input_timeout="${FUZZ_TIMEOUT:-10}"
rss_mb="${FUZZ_RSS_MB:-2048}"
corpus="${MAILSCOPE_CORPUS:-$root/../shared/corpus}"

if [[ $do_build -eq 1 ]]; then
  echo "== configuring and building $build_dir"
  CC=clang CXX=clang++ cmake -S "$root" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAILSCOPE_FUZZ=ON -DMAILSCOPE_SANITIZE=OFF \
    -DMAILSCOPE_BUILD_TESTS=OFF -DMAILSCOPE_BUILD_GUI=OFF >/dev/null || exit 1
  nice -n "$niceness" ninja -C "$build_dir" -j1 fuzz_all || exit 1
fi

fuzz_bin="$build_dir/fuzz"
work="$build_dir/fuzz-run"
mkdir -p "$work"

# Seeds, made fresh each run (outside the repository).
seeds="$work/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/capture"
captures=()
for dir in "$root/captures" "$root/captures/real" "$corpus"; do
  [[ -d "$dir" ]] || continue
  for f in "$dir"/*.pcap "$dir"/*.pcapng "$dir"/*.cap; do
    [[ -f "$f" ]] && captures+=("$f")
  done
done
if [[ ! -d "$corpus" ]]; then
  echo "note: no public corpus at $corpus; seeding from captures/ only"
fi
for f in "${captures[@]}"; do
  # Seeds above the capture target's max_len would be cut anyway; keep the small ones whole.
  ln -sf "$f" "$seeds/capture/$(basename "$(dirname "$f")")-$(basename "$f")"
done
"$fuzz_bin/mailscope_fuzz_seeds" captures "$seeds" "${captures[@]}" 2>/dev/null | sed 's/^/seeds: /'
for proto in smtp imap pop3; do
  shopt -s nullglob
  transcripts=("$root/fuzz/seeds/$proto"/*.txt)
  shopt -u nullglob
  if [[ ${#transcripts[@]} -gt 0 ]]; then
    "$fuzz_bin/mailscope_fuzz_seeds" transcripts "$seeds/$proto" "${transcripts[@]}" |
      sed 's/^/seeds: /' || exit 1
  fi
done
for target in sasl tls; do
  mkdir -p "$seeds/$target"
  [[ -d "$root/fuzz/seeds/$target" ]] && cp "$root/fuzz/seeds/$target"/* "$seeds/$target/" 2>/dev/null
done

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

max_len_of() {
  case "$1" in
    capture) echo 131072 ;;
    smtp|imap|pop3) echo 81920 ;;
    *) echo 16384 ;;
  esac
}

summary=()
failed=0
for target in "${targets[@]}"; do
  bin="$fuzz_bin/fuzz_$target"
  if [[ ! -x "$bin" ]]; then
    echo "no fuzz target $bin" >&2
    failed=1
    continue
  fi
  artifacts="$work/artifacts/$target/"
  corpus_dir="$work/corpus/$target"
  log="$work/$target.log"
  mkdir -p "$artifacts" "$corpus_dir" "$seeds/$target"

  # Every crash ever found must stay fixed.
  regressions="$root/fuzz/regressions/$target"
  if compgen -G "$regressions/*" >/dev/null; then
    echo "== $target: replaying $(ls "$regressions" | wc -l) regression input(s)"
    if ! nice -n "$niceness" "$bin" -runs=1 -timeout="$per_input_timeout" \
        -rss_limit_mb="$rss_mb" -artifact_prefix="$artifacts" "$regressions"/* >"$log.regressions" 2>&1; then
      echo "FAIL $target: a regression input fails again; see $log.regressions"
      grep -E "SUMMARY|ERROR|runtime error|Running:" "$log.regressions" | tail -5
      failed=1
      summary+=("$target: REGRESSION")
      continue
    fi
  fi

  echo "== $target: fuzzing for ${seconds}s (log: $log)"
  nice -n "$niceness" "$bin" -max_total_time="$seconds" -timeout="$per_input_timeout" \
    -rss_limit_mb="$rss_mb" -max_len="$(max_len_of "$target")" -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$corpus_dir" "$seeds/$target" >"$log" 2>&1
  rc=$?
  stats="$(grep -E '^#[0-9]+ +DONE' "$log" | tail -1)"
  [[ -z "$stats" ]] && stats="$(grep -E '^#[0-9]+' "$log" | tail -1)"
  execs_per_sec="$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')"
  if [[ $rc -ne 0 ]] || grep -qE "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: " "$log"; then
    failed=1
    reproducer="$(grep -oE "(Test unit|artifact) written to [^ ]+" "$log" | tail -1 | awk '{print $NF}')"
    echo "FAIL $target (exit $rc)"
    grep -E "SUMMARY|ERROR:|runtime error|deadly signal|timeout|out-of-memory" "$log" | head -5
    if [[ -n "$reproducer" ]]; then
      echo "reproducer: $reproducer"
      echo "replay:     $bin $reproducer"
      echo "keep it:    cp $reproducer $root/fuzz/regressions/$target/  (and fix the bug)"
    fi
    summary+=("$target: FAIL ${reproducer:+($reproducer)}")
  else
    summary+=("$target: ok  ${stats}  exec/s(avg): ${execs_per_sec:-?}")
  fi
done

echo
echo "== fuzzing summary (${seconds}s per target)"
printf '  %s\n' "${summary[@]}"
exit $failed
