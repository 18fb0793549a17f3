#!/bin/sh
# cli-login.sh — tiki-webhooks-cli login, against tiki-webhooks-cli demo-server
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The script plays the browser with curl: it opens the printed address
# without following the redirect, then brings the answer to the listener.

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

unset TIKI_WEBHOOKS_API_BASE TIKI_WEBHOOKS_TOKEN
export XDG_CONFIG_HOME="$work/config"
export XDG_DATA_HOME="$work/data"
profiles="$XDG_CONFIG_HOME/tiki-webhooks/profiles"
order_secret=Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue

login_pid=
start_demo_server
trap 'kill $stop_on_exit $login_pid 2>/dev/null; rm -rf "$work"' EXIT
export TIKI_WEBHOOKS_AUTH_BASE="$base"

free_port ()
{
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)

# profile FILE NAME CLIENT_ID: a public-app profile as the app writes it
profile ()
{
  mkdir -p "$profiles"
  cat >"$profiles/$1.json" <<JSON
{
  "format" : 1,
  "name" : "$2",
  "environment" : "custom",
  "base_url" : "$base",
  "auth" : { "mode" : "public-app", "client_id" : "$3", "method" : "basic",
             "redirect_uri" : "http://127.0.0.1:$port/callback" },
  "sync_inventory_location" : [ "sgn" ],
  "sync_webhook" : { "order" : { "enabled" : true, "url" : "https://shop.example/order" } },
  "external_partner_id" : ""
}
JSON
}
profile shop "Shop" demo
profile denied "Denied" deny
printf 'demo-secret\n' >"$work/client-secret"
cat >"$work/config.json" <<JSON
{ "sync_inventory_location": ["sgn"],
  "sync_webhook": { "order": { "url": "https://shop.example/order", "secret_key": "$order_secret" } } }
JSON

# start_login ARGS...: runs login in the background, output in $work/login.*
start_login ()
{
  rm -f "$work/login.out" "$work/login.err"
  "$TW_CLI" login "$@" >"$work/login.out" 2>"$work/login.err" &
  login_pid=$!
  tries=0
  while ! grep -q '^http' "$work/login.out" 2>/dev/null && [ $tries -lt 100 ]; do
    sleep 0.1
    tries=$((tries + 1))
  done
  url=$(grep -m 1 '^http' "$work/login.out")
}

# finish_login: waits for the background login; its status in $rc
finish_login ()
{
  wait "$login_pid"
  rc=$?
  login_pid=
  cp "$work/login.out" "$work/out"
  cp "$work/login.err" "$work/err"
}

# browse: the browser's two hops; the page in $work/page
browse ()
{
  location=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
  curl -s -o "$work/page" "$location"
}

cli login
expect_usage "login without --profile is refused"

cli login --profile "Nobody"
expect_usage "login of an unknown profile is refused"

# Success
start_login --profile "Shop" --client-secret-file "$work/client-secret" --timeout 30
check "login prints the authorize address" \
  sh -c "printf '%s' '$url' | grep -q '^$base/sc/oauth2/auth?response_type=code&client_id=demo&'"
check "the address asks for PKCE S256" sh -c "printf '%s' '$url' | grep -q 'code_challenge_method=S256'"
check "the address carries the redirect URI" \
  sh -c "printf '%s' '$url' | grep -q 'redirect_uri=http%3A%2F%2F127.0.0.1%3A$port%2Fcallback'"
check "a stray request gets 404" \
  sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/favicon.ico)\" = 404 ]"
browse
finish_login
expect_rc "login exits 0 once the browser came back" 0
check "it says until when the login is valid" grep -Eq '^Logged in — valid until [0-9]{2}:[0-9]{2}$' "$work/out"
check "the browser is told it can close the tab" grep -q 'You can close this tab.' "$work/page"
check "the listener is closed" sh -c "! curl -s -o /dev/null http://127.0.0.1:$port/callback"
check "the profile keeps the expiry" grep -q '"token_expires_at"' "$profiles/shop.json"

# The stored login works: the access token, then the refresh token.
cli register --profile "Shop" --config "$work/config.json" --api-base "$base"
expect_rc "register --profile uses the stored access token" 0

expire ()
{
  python3 - "$profiles/shop.json" <<'PY'
import json, sys
path = sys.argv[1]
data = json.load(open(path))
data["auth"]["token_expires_at"] = "2020-01-01T00:00:00Z"
json.dump(data, open(path, "w"))
PY
}
expire
cli register --profile "Shop" --config "$work/config.json" --api-base "$base"
expect_rc "register --profile refreshes an expired token" 0
check "the refreshed expiry is saved" sh -c "! grep -q '2020-01-01' '$profiles/shop.json'"
expire
cli register --profile "Shop" --config "$work/config.json" --api-base "$base"
expect_rc "the rotated refresh token was kept: a second refresh works" 0

# Refused in the browser
start_login --profile "Denied" --client-secret-file "$work/client-secret" --timeout 30
browse
finish_login
expect_rc "a refused login exits 1" 1
check "it says access was not allowed" err_matches 'Access was not allowed'
check "the browser page says it did not succeed" grep -q 'did not succeed' "$work/page"

# A wrong state
start_login --profile "Shop" --timeout 30
curl -s -o "$work/page" "http://127.0.0.1:$port/callback?code=abc&state=forged"
finish_login
expect_rc "an answer with another state exits 1" 1
check "it says the state does not match" err_matches 'state does not match'

# Port taken, timeout
"$TW_CLI" demo-server --port "$port" >"$work/squatter.out" 2>&1 &
squatter_pid=$!
first_line "$work/squatter.out" >/dev/null
cli login --profile "Shop"
expect_rc "a port in use exits 1" 1
check "it says the port is in use" err_matches "Port $port is already in use"
kill "$squatter_pid"
wait "$squatter_pid" 2>/dev/null

cli login --profile "Shop" --timeout 1
expect_rc "nobody logging in exits 1" 1
check "it says the wait timed out" err_matches 'Nobody logged in within 1 second'

# Secrets stay in the keyring.
check "no file holds the client secret" sh -c "! grep -r -q 'demo-secret' '$work/config' '$work/data'"
check "no file holds a refresh token" sh -c "! grep -r -q 'demo-refresh-' '$work/config' '$work/data'"
check "no file holds an access token" sh -c "! grep -r -E -q 'demo-[0-9a-f]{32}' '$work/config' '$work/data'"
check "the history was written" test -s "$work/data/tiki-webhooks/history.db"

tap_done
