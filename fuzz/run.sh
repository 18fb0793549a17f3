#!/bin/sh
# Builds the libFuzzer targets of fuzz/ with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in a build directory of their own, then runs
# each for FUZZ_SECONDS seconds (default 60) and prints one line per target.
#
#   FUZZ_SECONDS=20 fuzz/run.sh                  what CI runs
#   FUZZ_TARGETS="profile signature" fuzz/run.sh only some targets
#   FUZZ_BUILD=DIR                               default _build-fuzz-clang
#
# Inputs libFuzzer finds interesting are kept in DIR/fuzz-corpus/<target>
# (not in git) and reused by the next run. A crash, hang, leak or sanitizer
# report stops that target, and its input is saved in DIR/fuzz-artifacts/;
# once fixed, copy it to fuzz/regressions/<target>/ so that `make test`
# replays it from then on (test suite fuzz-replay).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$top/_build-fuzz-clang}
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-envelope token-response registration profile signature}

if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz/run.sh needs clang and libFuzzer: make fuzz installs them" >&2
  exit 1
fi

if [ ! -f "$build/build.ninja" ]; then
  # fuzzer-no-link instruments the library for coverage without libFuzzer's
  # main(); the targets link it with -fsanitize=fuzzer (fuzz/meson.build).
  # UBSan reports must stop the run, or libFuzzer would not keep the input.
  CC=clang \
  CFLAGS="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
    meson setup "$build" -Dfuzzing=true \
      -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debugoptimized
fi

executables=""
for target in $targets; do
  executables="$executables fuzz/fuzz-$target"
done
# shellcheck disable=SC2086
meson compile -C "$build" $executables

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_odr_violation=0"
export LSAN_OPTIONS="suppressions=$top/fuzz/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
export G_DEBUG=gc-friendly LANG=C.UTF-8 LC_ALL= LANGUAGE=

status=0
summary=""
for target in $targets; do
  corpus="$build/fuzz-corpus/$target"
  artifacts="$build/fuzz-artifacts/$target"
  log="$build/fuzz-logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"

  # New inputs go to the first directory; the seeds and the kept crashers
  # are read first, so a regression shows at once.
  set -- "$corpus" "$top/fuzz/corpus/$target"
  if [ -d "$top/fuzz/regressions/$target" ]; then
    set -- "$@" "$top/fuzz/regressions/$target"
  fi

  echo "== fuzz-$target for ${seconds}s"
  # -close_fd_mask=1: a target's own output on stdout is noise here.
  # -timeout: an input that takes this long is a hang, i.e. a finding.
  # -max_len: enough for every seed; bigger inputs mostly slow the search.
  if "$build/fuzz/fuzz-$target" \
       -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
       -close_fd_mask=1 -print_final_stats=1 \
       -artifact_prefix="$artifacts/" "$@" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
    tail -n 60 "$log"
    echo "Inputs kept in $artifacts/ (copy to fuzz/regressions/$target/ once fixed)"
  fi

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  units=$(find "$corpus" -type f | wc -l)
  summary="$summary$(printf '%-16s %-7s %12s runs %8s/s %6s in corpus' \
    "$target" "$result" "${runs:-?}" "${rate:-?}" "$units")
"
done

echo "== Fuzzing, ${seconds}s per target (logs in $build/fuzz-logs/)"
printf '%s' "$summary"
exit $status
