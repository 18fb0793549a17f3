#!/bin/sh
# cli-gen-secret.sh — tiki-webhooks-cli gen-secret
# SPDX-License-Identifier: GPL-3.0-or-later

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

all_keys ()
{
  ! grep -Evx '[A-Za-z0-9]{32}' "$work/out" >/dev/null
}

line_count_is ()
{
  [ "$(wc -l <"$work/out")" -eq "$1" ]
}

distinct_lines ()
{
  [ "$(sort -u "$work/out" | wc -l)" -eq "$(wc -l <"$work/out")" ]
}

# Over 1000 keys (32 000 characters) a fair generator leaves out none of
# the 62 symbols; a narrower alphabet would.
every_symbol_used ()
{
  [ "$(fold -w 1 "$work/out" | sort -u | wc -l)" -eq 62 ]
}

cli gen-secret
expect_rc "gen-secret exits 0" 0
check "gen-secret prints one line" line_count_is 1
check "the key is 32 characters over [A-Za-z0-9]" all_keys
check "nothing on standard error" test ! -s "$work/err"

cli gen-secret --count 5
expect_rc "--count 5 exits 0" 0
check "--count 5 prints 5 lines" line_count_is 5
check "--count 5 prints 5 keys" all_keys
check "--count 5 keys are distinct" distinct_lines

cli gen-secret -n 3
check "-n 3 prints 3 keys" line_count_is 3

cli gen-secret --count=1000
expect_rc "--count=1000 exits 0" 0
check "--count=1000 prints 1000 lines" line_count_is 1000
check "--count=1000 prints only keys" all_keys
check "--count=1000 keys are distinct" distinct_lines
check "every one of the 62 symbols appears" every_symbol_used

for count in 0 1001 -3 abc 2x 99999999999 ''; do
  cli gen-secret --count "$count"
  expect_usage "--count '$count' is refused with status 2"
done

cli gen-secret --count
expect_usage "--count without a value is refused"

cli gen-secret --frobnicate
expect_usage "an unknown option is refused"

cli gen-secret extra
expect_usage "an unexpected argument is refused"

cli gen-secret --help
expect_rc "--help exits 0" 0
check "--help describes --count" grep -q -- '--count' "$work/out"

if [ -w /dev/full ]; then
  "$TW_CLI" gen-secret --count 1000 >/dev/full 2>"$work/err"
  rc=$?
  expect_rc "a failed write exits 1" 1
fi

tap_done
