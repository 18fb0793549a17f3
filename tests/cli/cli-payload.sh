#!/bin/sh
# cli-payload.sh — tiki-webhooks-cli payload: validation and the exact body
# SPDX-License-Identifier: GPL-3.0-or-later

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

data="${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data"
order_secret=9KCb62DuvVgHXFfY3O4SnFcAljICr9Jd
stock_secret=Qm9uam91ckxlTW9uZGUxMjM0NTY3ODkw

# config NAME ORDER_URL ORDER_SECRET [WAREHOUSES [EXTRA_HOOKS]]: writes a config
config ()
{
  warehouses=${4-'"sgn"'}
  cat >"$work/$1.json" <<JSON
{
  "sync_inventory_location": [$warehouses],
  "sync_webhook": {
    "order": { "url": "$2", "secret_key": "$3" }${5:-}
  }
}
JSON
}

# hook NAME PATH: the JSON of one more hook, to append after the order hook
hook ()
{
  printf ', "%s": { "url": "https://seller.example.com/%s", "secret_key": "%s" }' \
    "$1" "$2" "$stock_secret"
}

same_json ()
{
  python3 -c 'import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
sys.exit(a != b)' "$1" "$2"
}

# A known configuration prints exactly the expected body, keys in the
# documented order whatever their order in the file.
cli payload --config "$data/payload-config.json"
expect_rc "a valid configuration exits 0" 0
check "the body is exactly the expected one" cmp -s "$work/out" "$data/payload-expected.json"
check "nothing on standard error" test ! -s "$work/err"

run "$TW_CLI" payload --config - <"$data/payload-config.json"
check "the configuration can come from standard input" \
  cmp -s "$work/out" "$data/payload-expected.json"

cli payload --config "$data/payload-config.json" --pretty
expect_rc "--pretty exits 0" 0
check "--pretty output spans several lines" test "$(wc -l <"$work/out")" -gt 5
check "--pretty output is the same JSON" same_json "$work/out" "$data/payload-expected.json"

cli payload --config "$data/payload-config.json" --legacy
expect_rc "the known configuration is valid on the legacy host too" 0

# Each invalid configuration: exit 2, nothing on stdout, an error line naming the field.
config bad-secret https://seller.example.com/order short
cli payload --config "$work/bad-secret.json"
expect_usage "a short secret exits 2"
check "the error names sync_webhook.order.secret_key" \
  err_matches '^error: sync_webhook\.order\.secret_key: .+'

config http-url http://seller.example.com/order "$order_secret"
cli payload --config "$work/http-url.json"
expect_usage "an http:// URL exits 2"
check "the error names sync_webhook.order.url" err_matches '^error: sync_webhook\.order\.url: .+'

config no-warehouse https://seller.example.com/order "$order_secret" ''
cli payload --config "$work/no-warehouse.json"
expect_usage "no warehouse exits 2"
check "the error names sync_inventory_location" err_matches '^error: sync_inventory_location'

config bad-code https://seller.example.com/order "$order_secret" '"sgn", "x"'
cli payload --config "$work/bad-code.json"
expect_usage "a one-letter warehouse code exits 2"
check "the error names the code's index" err_matches '^error: sync_inventory_location\[1\]'

config no-stock https://seller.example.com/order "$order_secret"
cli payload --config "$work/no-stock.json" --legacy
expect_usage "the legacy host without a stock hook exits 2"
check "the error names sync_webhook.stock" err_matches '^error: sync_webhook\.stock'
cli payload --config "$work/no-stock.json"
expect_rc "the current host accepts no stock hook" 0

config aftersale https://seller.example.com/order "$order_secret" '"sgn"' \
  "$(hook stock stock)$(hook aftersale fdcr)"
cli payload --config "$work/aftersale.json" --legacy
expect_usage "the legacy host with an aftersale hook exits 2"
check "the error names sync_webhook.aftersale" err_matches '^error: sync_webhook\.aftersale'
cli payload --config "$work/aftersale.json"
expect_rc "the current host accepts an aftersale hook" 0
check "the aftersale hook is in the body" \
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))["sync_webhook"]["aftersale"]' \
  "$work/out"

# Warnings do not block.
config loopback https://127.0.0.1/order "$order_secret"
cli payload --config "$work/loopback.json"
expect_rc "a loopback URL only warns (exit 0)" 0
check "the warning names sync_webhook.order.url" \
  err_matches '^warning: sync_webhook\.order\.url: .+'
check "the body is printed" grep -q '"https://127.0.0.1/order"' "$work/out"

printf '{"sync_inventory_location": ["sgn"], ' >"$work/truncated.json"
cli payload --config "$work/truncated.json"
expect_usage "malformed JSON exits 2"
check "it prints an error: line" err_matches '^error: .+'

printf '[1, 2, 3]' >"$work/array.json"
cli payload --config "$work/array.json"
expect_usage "a JSON array instead of an object exits 2"

cli payload
expect_usage "a missing --config is refused"

cli payload --config "$work/missing.json"
expect_usage "an unreadable configuration is refused"

cli payload --config "$data/payload-config.json" extra
expect_usage "an unexpected argument is refused"

cli payload --help
expect_rc "--help exits 0" 0
check "--help describes --config, --legacy and --pretty" \
  sh -c 'grep -q -- --config "$1" && grep -q -- --legacy "$1" && grep -q -- --pretty "$1"' \
  sh "$work/out"

tap_done
