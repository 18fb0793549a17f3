#!/bin/sh
# Runs the meson test suite of each build directory given, headless: Xvfb,
# a private D-Bus session and an unlocked throwaway keyring, with HOME and
# the XDG directories in a temporary folder. Ends with "N passed, N failed".
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
status=0
passed=0
failed=0
skipped=0

run_suite ()
{
  build=$1
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/tw-test.XXXXXX")
  mkdir -p "$scratch/home" "$scratch/config" "$scratch/data" "$scratch/cache" "$scratch/runtime"
  chmod 700 "$scratch/runtime"

  sanitize=""
  timeout_args=""
  if grep -q 'b_sanitize=address' "$build/meson-info/intro-buildoptions.json" 2>/dev/null ||
     meson configure "$build" 2>/dev/null | grep -q 'b_sanitize *address'; then
    sanitize=1
  fi

  echo "== Running the tests of $build${sanitize:+ (AddressSanitizer + UndefinedBehaviorSanitizer)}"
  (
    export HOME="$scratch/home"
    export XDG_CONFIG_HOME="$scratch/config"
    export XDG_DATA_HOME="$scratch/data"
    export XDG_CACHE_HOME="$scratch/cache"
    export XDG_RUNTIME_DIR="$scratch/runtime"
    export LANG=C.UTF-8 LC_ALL= LANGUAGE=
    export GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
    export GSETTINGS_BACKEND=memory GIO_USE_PROXY_RESOLVER=dummy G_DEBUG=gc-friendly
    unset DBUS_SESSION_BUS_ADDRESS TIKI_WEBHOOKS_API_BASE TIKI_WEBHOOKS_AUTH_BASE TIKI_WEBHOOKS_TOKEN
    if [ -n "$sanitize" ]; then
      export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_odr_violation=0"
      export LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp:print_suppressions=0"
      export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
      # Sanitized widget tests unwind every allocation fully (tests/meson.build):
      # give them, and the waits inside them, more time.
      export TW_TEST_TIMEOUT_MULTIPLIER=3
      timeout_args="--timeout-multiplier 3"
    fi
    xvfb-run -a -s '-screen 0 1280x800x24 -nolisten tcp' \
      dbus-run-session -- sh -c 'echo -n ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' \
      sh meson test -C "$build" --no-rebuild --print-errorlogs ${timeout_args:-} ${MESON_TEST_ARGS:-}
  )
  rc=$?
  [ $rc -eq 0 ] || status=1
  rm -rf "$scratch"

  counts=$(python3 - "$build/meson-logs/testlog.json" <<'PY'
import json, sys
p = f = s = 0
try:
    with open(sys.argv[1]) as log:
        for line in log:
            r = json.loads(line).get("result")
            if r in ("OK", "EXPECTEDFAIL"):
                p += 1
            elif r == "SKIP":
                s += 1
            else:
                f += 1
except OSError:
    f += 1
print(p, f, s)
PY
)
  set -- $counts
  passed=$((passed + $1))
  failed=$((failed + $2))
  skipped=$((skipped + $3))
}

[ $# -gt 0 ] || set -- _build
for build in "$@"; do
  run_suite "$build"
done

[ $failed -eq 0 ] || status=1
if [ $skipped -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
