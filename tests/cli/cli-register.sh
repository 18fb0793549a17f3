#!/bin/sh
# cli-register.sh — tiki-webhooks-cli register, against tiki-webhooks-cli demo-server
# SPDX-License-Identifier: GPL-3.0-or-later

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

unset TIKI_WEBHOOKS_API_BASE TIKI_WEBHOOKS_AUTH_BASE TIKI_WEBHOOKS_TOKEN
# The history this script's registrations write goes to its own folder.
export XDG_DATA_HOME="$work/data"

order_secret=Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue
stock_secret=M4nBv8CxZ2lKj6HgF9dSa3PoI7uYt5Re
token=cli-test-token-5b1e

# The simulator runs for the whole script.
start_demo_server
ok "demo-server prints its address on the first line"

# config NAME WAREHOUSES HOOKS: writes a configuration file
config ()
{
  cat >"$work/$1.json" <<JSON
{
  "sync_inventory_location": [$2],
  "sync_webhook": {
    $3
  }
}
JSON
}

order_hook="\"order\": { \"url\": \"https://seller.example/webhooks/order\", \"secret_key\": \"$order_secret\" }"
stock_hook="\"stock\": { \"url\": \"https://seller.example/webhooks/stock\", \"secret_key\": \"$stock_secret\" }"

config good '"sgn", "hn5"' "$order_hook, $stock_hook"
config bad '"sgn"' '"order": { "url": "http://seller.example/o", "secret_key": "short" }'
config zzz '"zzz"' "$order_hook"
config nostock '"sgn"' "$order_hook"
printf '%s\n' "$token" >"$work/token"
printf 'expired\n' >"$work/expired"
printf 'demo-secret\n' >"$work/client-secret"
printf 'not-the-secret\n' >"$work/wrong-secret"

register ()
{
  cli register --config "$work/good.json" --api-base "$base" "$@"
}

out_has ()
{
  grep -Eq -- "$1" "$work/out"
}

# json_field FIELD: prints a field of the JSON on standard output
json_field ()
{
  python3 -c 'import json, sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print("null" if v is None else v)' \
    "$work/out" "$1"
}

json_field_is ()
{
  [ "$(json_field "$1")" = "$2" ]
}

request_id_is_hex ()
{
  json_field request_id | grep -Eqx '[0-9a-f]{32}'
}

no_token_in_output ()
{
  ! grep -q -- "$token" "$work/out" "$work/err"
}

# A pasted token, from a file
register --token-file "$work/token"
expect_rc "register with --token-file exits 0" 0
check "prints the outcome" out_has '^Outcome: +success$'
check "prints the HTTP status" out_has '^HTTP status: +200$'
check "prints the request id" out_has '^Request ID: +[0-9a-f]{32}$'
check "the token appears nowhere in the output" no_token_in_output

register --token-file "$work/token" --json --profile shop-a
expect_rc "--json exits 0" 0
check "--json prints one JSON object with outcome success" json_field_is outcome success
check "--json gives HTTP status 200" json_field_is http_status 200
check "--json gives a 32-hex request id" request_id_is_hex
check "--json gives the attempt count" json_field_is attempts 1

# The registration was recorded in the history, without token or secrets
request_id=$(json_field request_id)
cli history --json --search "$request_id"
expect_rc "history --json exits 0 after a registration" 0
check "the history holds the registration's request id" grep -q -- "\"$request_id\"" "$work/out"
no_secret_in_history ()
{
  ! grep -r -q -e "$token" -e "$order_secret" -e "$stock_secret" "$XDG_DATA_HOME"
}
check "no token or secret key in the history files" no_secret_in_history

# From the environment, and standard input
TIKI_WEBHOOKS_TOKEN=$token register
expect_rc "register with TIKI_WEBHOOKS_TOKEN exits 0" 0
register --token-file - <"$work/token"
expect_rc "register with --token-file - (standard input) exits 0" 0

# Environment overrides, and options winning over them
TIKI_WEBHOOKS_TOKEN=$token TIKI_WEBHOOKS_API_BASE=$base \
  cli register --config "$work/good.json" --json
expect_rc "TIKI_WEBHOOKS_API_BASE is honoured" 0
TIKI_WEBHOOKS_TOKEN=$token TIKI_WEBHOOKS_API_BASE=http://127.0.0.1:9 \
  cli register --config "$work/good.json" --api-base "$base"
expect_rc "--api-base wins over TIKI_WEBHOOKS_API_BASE" 0

# Refusals by the API: exit 1
register --token-file "$work/expired"
expect_rc "an expired token exits 1" 1
check "an expired token prints INVALID_TOKEN" out_has '^Message code: +INVALID_TOKEN$'
check "an expired token prints the HTTP status 401" out_has '^HTTP status: +401$'
register --token-file "$work/expired" --json
check "--json gives outcome invalid-token" json_field_is outcome invalid-token
check "--json gives message_code INVALID_TOKEN" json_field_is message_code INVALID_TOKEN

cli register --config "$work/zzz.json" --api-base "$base" --token-file "$work/token" --json
expect_rc "an unknown warehouse exits 1" 1
check "an unknown warehouse is rejected with INVALID_WAREHOUSE" json_field_is message_code INVALID_WAREHOUSE

# Client credentials, both methods
register --client-id demo --client-secret-file "$work/client-secret" --auth-base "$base" --json
expect_rc "client credentials (basic, the default) exit 0" 0
check "client credentials register" json_field_is outcome success
register --client-id demo --client-secret-file "$work/client-secret" --auth-method post \
  --auth-base "$base" --json
expect_rc "client credentials (post) exit 0" 0
TIKI_WEBHOOKS_AUTH_BASE=$base \
  register --client-id demo --client-secret-file "$work/client-secret" --auth-method basic
expect_rc "TIKI_WEBHOOKS_AUTH_BASE is honoured" 0
register --client-id demo --client-secret-file "$work/wrong-secret" --auth-base "$base" --json
expect_rc "a wrong client secret exits 1" 1
check "a wrong client secret is auth-failed" json_field_is outcome auth-failed
check "a wrong client secret names invalid_client" json_field_is message_code invalid_client
check "the client secret appears nowhere in the output" \
  sh -c '! grep -q demo-secret "$1" "$2"' sh "$work/out" "$work/err"

# Invalid input: exit 2, nothing sent
cli register --config "$work/bad.json" --api-base "$base" --token-file "$work/token"
expect_usage "an invalid configuration exits 2"
check "problems are printed as error: FIELD: MESSAGE" err_matches '^error: sync_webhook\.order\.secret_key: '
check "the URL problem is printed too" err_matches '^error: sync_webhook\.order\.url: '
cli register --config "$work/nostock.json" --legacy --api-base "$base" --token-file "$work/token"
expect_usage "--legacy applies the legacy rules (stock required)"
cli register --config "$work/nostock.json" --api-base "$base" --token-file "$work/token"
expect_rc "without --legacy, stock is optional" 0
cli register --config "$work/good.json" --api-base "$base"
expect_usage "no credentials exits 2"
cli register --config "$work/good.json" --api-base "$base" --token-file "$work/token" \
  --client-id demo --client-secret-file "$work/client-secret"
expect_usage "a token and client credentials together exit 2"
cli register --config "$work/good.json" --api-base "$base" --client-id demo
expect_usage "--client-id without --client-secret-file exits 2"
register --client-id demo --client-secret-file "$work/client-secret" --auth-method digest
expect_usage "an unknown --auth-method exits 2"
cli register --api-base "$base" --token-file "$work/token"
expect_usage "--config is required"
cli register --config "$work/good.json" --api-base "ftp://example.com" --token-file "$work/token"
expect_usage "an invalid --api-base exits 2"
cli register --config "$work/missing.json" --api-base "$base" --token-file "$work/token"
expect_usage "a missing configuration file exits 2"

# --profile NAME: a saved profile (as the app writes it), secrets from the keyring
profiles="$work/config/tiki-webhooks/profiles"
mkdir -p "$profiles"
cat >"$profiles/cli-shop.json" <<'EOF'
{
  "format" : 1,
  "name" : "CLI shop",
  "environment" : "production",
  "base_url" : "",
  "auth" : { "mode" : "access-token", "client_id" : "", "method" : "basic" },
  "sync_inventory_location" : [ "sgn" ],
  "sync_webhook" : {
    "order" : { "enabled" : true, "url" : "https://seller.example/webhooks/order" },
    "stock" : { "enabled" : false, "url" : "" },
    "aftersale" : { "enabled" : false, "url" : "" }
  },
  "external_partner_id" : ""
}
EOF
profile_register ()
{
  XDG_CONFIG_HOME="$work/config" cli register --api-base "$base" "$@"
}

profile_register --profile "No such shop" --token-file "$work/token"
expect_usage "--profile of no saved profile, without --config, exits 2"
check "it points to the profiles command" err_matches 'profiles'
profile_register --profile "CLI shop"
expect_usage "a saved profile without secrets in the keyring exits 2"
check "it says the keyring has no token for the profile" err_matches 'CLI shop.*keyring'
profile_register --profile "CLI shop" --token-file "$work/token"
expect_usage "the profile's webhook keys come from the keyring: none there, nothing sent"
check "the missing secret key is named" err_matches '^error: sync_webhook\.order\.secret_key: '
profile_register --profile "CLI shop" --config "$work/good.json" --token-file "$work/token" --json
expect_rc "--config replaces the profile's webhooks and --token-file its account" 0
request_id=$(json_field request_id)
XDG_CONFIG_HOME="$work/config" cli profiles --json
check "the registration is recorded in the profile" grep -q -- "\"$request_id\"" "$work/out"
no_secret_in_profiles ()
{
  ! grep -r -q -e "$token" -e "$order_secret" -e "$stock_secret" "$work/config"
}
check "no token or secret key in the profile files" no_secret_in_profiles
cli register --help
check "--help explains --profile" out_has 'saved profile'

# An answer cut off by the server: the registration reached it and may have
# been applied, so it is reported as such (exit 1) and never sent again.
# The peer answers every request with the head of a 200 and part of its body,
# then closes the connection; it counts the requests it got in a file.
cutting_peer='
import socket, sys
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(8)
print("http://127.0.0.1:%d" % server.getsockname()[1], flush=True)
count = 0
while True:
    connection, _ = server.accept()
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    count += 1
    with open(sys.argv[1], "w") as counter:
        counter.write("%d\n" % count)
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                       b"X-Request-Id: 0123456789abcdef0123456789abcdef\r\n"
                       b"Content-Length: 256\r\n\r\n{\"success\": true, \"data\": {")
    connection.close()
'
python3 -c "$cutting_peer" "$work/peer-requests" >"$work/peer.out" 2>"$work/peer.err" &
peer_pid=$!
stop_on_exit="$stop_on_exit $peer_pid"
peer=$(first_line "$work/peer.out")

peer_requests_are ()
{
  [ "$(cat "$work/peer-requests" 2>/dev/null)" = "$1" ]
}

cli register --config "$work/good.json" --api-base "$peer" --token-file "$work/token"
expect_rc "an answer cut off exits 1" 1
check "a cut-off answer prints the outcome incomplete-response" \
  out_has '^Outcome: +incomplete-response$'
check "a cut-off answer prints the HTTP status the answer began with" out_has '^HTTP status: +200$'
check "a cut-off answer prints the request id the answer began with" \
  out_has '^Request ID: +0123456789abcdef0123456789abcdef$'
check "a cut-off answer is not sent again" peer_requests_are 1
check "a cut-off answer prints one attempt" out_has ', 1 attempt$'
check "the error says the answer was cut off" err_matches '^error: The server’s answer was cut off'
check "the error says the registration may or may not have been applied" \
  err_matches '^The registration may or may not have been applied'
check "the error is no connection failure" sh -c '! grep -q "Could not connect" "$1"' sh "$work/err"

cli register --config "$work/good.json" --api-base "$peer" --token-file "$work/token" --json
expect_rc "--json: an answer cut off exits 1" 1
check "--json gives outcome incomplete-response" json_field_is outcome incomplete-response
check "--json gives one attempt" json_field_is attempts 1
check "--json: the second registration was one request too" peer_requests_are 2
cli history --json --search 0123456789abcdef0123456789abcdef
check "the history records both cut-off registrations as incomplete-response" \
  sh -c '[ "$(grep -c "\"incomplete-response\"" "$1")" -eq 2 ]' sh "$work/out"
kill "$peer_pid"

# The simulator stops cleanly on SIGTERM
kill -TERM "$server_pid"
wait "$server_pid"
rc=$?
expect_rc "demo-server exits 0 on SIGTERM" 0

tap_done
