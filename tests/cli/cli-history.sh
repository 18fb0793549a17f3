#!/bin/sh
# cli-history.sh — tiki-webhooks-cli history
# SPDX-License-Identifier: GPL-3.0-or-later

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

writer="${TW_HISTORY_WRITER:-}"
if [ ! -x "$writer" ]; then
  echo "Bail out! TW_HISTORY_WRITER does not name the built history-writer"
  exit 1
fi

export XDG_DATA_HOME="$work/data"
export TZ=Asia/Ho_Chi_Minh
db="$XDG_DATA_HOME/tiki-webhooks/history.db"

# ids: the request ids of a --json output, in order, comma-separated
ids ()
{
  python3 -c '
import json, sys
print(",".join(str(i["request_id"]) for i in json.load(open(sys.argv[1]))))
' "$work/out"
}

ids_are ()
{
  [ "$(ids)" = "$1" ]
}

no_planted_secret ()
{
  ! grep -q PLANTED "$work/out"
}

cli history
expect_rc "with no history, history exits 0" 0
check "it says there is no history yet" grep -q "No history yet" "$work/out"
check "it does not create the database" test ! -e "$db"

cli history --json
expect_rc "with no history, --json exits 0" 0
check "--json prints an empty array" out_is "[]"

run "$writer" fill "$db"
expect_rc "the helper program filled a history" 0

cli history
expect_rc "history exits 0" 0
check "a header and four rows" test "$(wc -l < "$work/out")" -eq 5
check "the newest first, in local time with its zone" \
  grep -Eq '^2024-05-01 14:03:00 \+07 +registration +invalid-token +401 +INVALID_TOKEN +cccc3333cccc3333cccc3333cccc3333 +https://api\.tikinow\.vn/business/v1/register-webhooks$' \
  "$work/out"
check "the oldest last" sh -c 'tail -n 1 "$1" | grep -q "^2024-05-01 14:00:00 +07 .*aaaa1111"' sh "$work/out"
check "a missing value is a dash" grep -Eq '^2024-05-01 14:02:00 \+07 +token +success +200 +- +- +https://' "$work/out"
check "no planted secret in the table" no_planted_secret

cli history --json
expect_rc "--json exits 0" 0
check "--json lists every request, newest first" \
  ids_are "cccc3333cccc3333cccc3333cccc3333,None,bbbb2222bbbb2222bbbb2222bbbb2222,aaaa1111aaaa1111aaaa1111aaaa1111"
check "--json objects have every field" python3 -c '
import json, sys
items = json.load(open(sys.argv[1]))
keys = {"id", "time", "time_ms", "profile", "base_url", "kind", "method", "url", "outcome",
        "http_status", "message_code", "message", "request_id", "duration_ms", "attempt",
        "error_domain", "error_code", "request_body", "response_body"}
for item in items:
    assert set(item) == keys, item
assert items[0]["time"] == "2024-05-01T07:03:00.000Z", items[0]
assert items[0]["http_status"] == 401
assert items[2]["message"] == "Kho \"zzz\" không tồn tại, hãy kiểm tra", items[2]
' "$work/out"
check "no planted secret in --json" no_planted_secret
check "the Authorization line is redacted" grep -q 'Authorization: <redacted>' "$work/out"
check "the token grant keeps no client secret" grep -q 'client_secret=<redacted>' "$work/out"

cli history --search BBBB2222 --json
expect_rc "--search exits 0" 0
check "--search finds a request id, whatever the case" ids_are "bbbb2222bbbb2222bbbb2222bbbb2222"

cli history --search TikiNowApi --json
check "--search finds a URL substring" ids_are "bbbb2222bbbb2222bbbb2222bbbb2222"

cli history --search _token --json
check "--search finds a message code" ids_are "cccc3333cccc3333cccc3333cccc3333"

cli history --outcome failed --json
expect_rc "--outcome failed exits 0" 0
check "--outcome failed lists the failures" \
  ids_are "cccc3333cccc3333cccc3333cccc3333,bbbb2222bbbb2222bbbb2222bbbb2222"

cli history --outcome success --limit 1 --json
check "--limit 1 keeps the newest" ids_are "None"

cli history --limit 2
check "--limit 2 prints two rows" test "$(wc -l < "$work/out")" -eq 3

cli history --search no-such-request
expect_rc "a search without match exits 0" 0
check "it says nothing matches" grep -q "No request matches" "$work/out"

cli history --outcome maybe
expect_usage "an unknown outcome is refused"

cli history --limit -1
expect_usage "a negative limit is refused"

cli history --limit many
expect_usage "a limit that is not a number is refused"

cli history extra
expect_usage "an unexpected argument is refused"

cli history --frobnicate
expect_usage "an unknown option is refused"

cli history --help
expect_rc "--help exits 0" 0
check "--help describes --search" grep -q -- '--search' "$work/out"

printf 'not a database, at all' > "$db"
rm -f "$db-wal" "$db-shm"
cli history
expect_rc "a damaged history fails" 1
check "with a message" grep -q "damaged" "$work/err"
check "and is left where it is" test "$(cat "$db")" = "not a database, at all"
check "nothing was moved aside" sh -c '! ls "$1"/tiki-webhooks | grep -q broken' sh "$XDG_DATA_HOME"

tap_done
