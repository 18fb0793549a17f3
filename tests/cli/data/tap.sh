# tap.sh — TAP helpers sourced by the tests/cli/cli-*.sh scripts
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A script sources this, then calls `run`, `expect_*` and `check`, and ends
# with `tap_done`. Files go to "$work", removed on exit.

if [ -z "${TW_CLI:-}" ] || [ ! -x "$TW_CLI" ]; then
  echo "Bail out! TW_CLI does not name the built tiki-webhooks-cli"
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tw-cli-test.XXXXXX") || exit 1
# Processes stopped when the script ends, whatever happens: add their PIDs.
stop_on_exit=
trap 'kill $stop_on_exit 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP

tap_count=0
tap_failures=0
rc=0

ok ()
{
  tap_count=$((tap_count + 1))
  echo "ok $tap_count - $1"
}

not_ok ()
{
  tap_count=$((tap_count + 1))
  tap_failures=$((tap_failures + 1))
  echo "not ok $tap_count - $1"
  if [ -s "$work/err" ]; then
    sed 's/^/# stderr: /' "$work/err"
  fi
}

# first_line FILE: the first line a background process writes to FILE,
# waiting up to 10 s for it.
first_line ()
{
  tries=0
  while [ ! -s "$1" ] && [ $tries -lt 100 ]; do
    sleep 0.1
    tries=$((tries + 1))
  done
  head -n 1 "$1"
}

# start_demo_server: runs `tiki-webhooks-cli demo-server` for the rest of
# the script and sets $server_pid and $base (its http://127.0.0.1:PORT), or
# bails out.
start_demo_server ()
{
  "$TW_CLI" demo-server >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  stop_on_exit="$stop_on_exit $server_pid"
  base=$(first_line "$work/server.out")
  if ! printf '%s\n' "$base" | grep -Eqx 'http://127\.0\.0\.1:[0-9]+'; then
    echo "Bail out! demo-server printed no address: '$base'"
    exit 1
  fi
}

# check DESCRIPTION COMMAND...: one test point, passing when COMMAND succeeds
check ()
{
  description=$1
  shift
  if "$@"; then ok "$description"; else not_ok "$description"; fi
}

# run COMMAND...: stdout to $work/out, stderr to $work/err, status to $rc
run ()
{
  "$@" >"$work/out" 2>"$work/err"
  rc=$?
}

# cli ARGS...: runs the CLI under test like `run`
cli ()
{
  run "$TW_CLI" "$@"
}

# expect_rc DESCRIPTION STATUS: the last run exited with STATUS
expect_rc ()
{
  if [ "$rc" -eq "$2" ]; then ok "$1"; else not_ok "$1 (exit status $rc, expected $2)"; fi
}

# expect_usage DESCRIPTION: the last run was refused with status 2, an error
# message and nothing on standard output
expect_usage ()
{
  if [ "$rc" -eq 2 ] && [ -s "$work/err" ] && [ ! -s "$work/out" ]; then
    ok "$1"
  else
    not_ok "$1 (exit status $rc, expected 2 with a message and no output)"
  fi
}

out_is ()
{
  [ "$(cat "$work/out")" = "$1" ]
}

err_matches ()
{
  grep -Eq -- "$1" "$work/err"
}

tap_done ()
{
  echo "1..$tap_count"
  [ "$tap_failures" -eq 0 ]
}
