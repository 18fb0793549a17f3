#!/bin/sh
# cli-profiles.sh — tiki-webhooks-cli profiles
# SPDX-License-Identifier: GPL-3.0-or-later

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

export XDG_CONFIG_HOME="$work/config"
export TZ=UTC
profiles="$XDG_CONFIG_HOME/tiki-webhooks/profiles"

# No configuration at all yet
cli profiles
expect_rc "profiles without any profile exits 0" 0
check "it says there are none" grep -q 'No profiles' "$work/out"
check "it creates nothing" test ! -e "$XDG_CONFIG_HOME"

cli profiles --json
expect_rc "profiles --json without any profile exits 0" 0
check "the JSON is an empty array" python3 -c '
import json, sys
assert json.load(open(sys.argv[1])) == []
' "$work/out"

# Profiles as the app writes them, one broken file, one duplicate name
mkdir -p "$profiles"
cat >"$profiles/cua-hang-sai-gon.json" <<'EOF'
{
  "format" : 1,
  "name" : "Cửa hàng Sài Gòn",
  "environment" : "legacy",
  "base_url" : "",
  "auth" : { "mode" : "access-token", "client_id" : "", "method" : "basic" },
  "sync_inventory_location" : [ "sgn" ],
  "sync_webhook" : {
    "order" : { "enabled" : true, "url" : "https://shop.example/order" },
    "stock" : { "enabled" : true, "url" : "https://shop.example/stock" },
    "aftersale" : { "enabled" : false, "url" : "" }
  },
  "external_partner_id" : "",
  "last_registration" : {
    "time" : "2024-05-01T10:30:00Z",
    "request_id" : "c00433cc7e5b25e390a6920052f7fedf",
    "environment" : "legacy",
    "base_url" : "",
    "sync_inventory_location" : [ "sgn" ],
    "sync_webhook" : {
      "order" : { "enabled" : true, "url" : "https://shop.example/order",
                  "secret_fingerprint" : "Q7fL…1a2b3c4d" }
    },
    "external_partner_id" : ""
  }
}
EOF
cat >"$profiles/proxy.json" <<'EOF'
{ "format" : 1, "name" : "Proxy", "environment" : "custom", "base_url" : "https://proxy.example" }
EOF
printf '{ "format" : 1, "name" : ' >"$profiles/broken.json"
cat >"$profiles/zz-proxy-again.json" <<'EOF'
{ "format" : 1, "name" : "PROXY" }
EOF
cat >"$XDG_CONFIG_HOME/tiki-webhooks/state.json" <<'EOF'
{ "format" : 1, "last_profile" : "Proxy" }
EOF
ls -l "$profiles" >"$work/before-listing"
cat "$profiles"/* "$XDG_CONFIG_HOME/tiki-webhooks/state.json" >"$work/before"

cli profiles
expect_rc "profiles exits 0 even with a broken file" 0
check "the header names the columns" grep -Eq '^NAME +ENVIRONMENT +LAST REGISTERED +REQUEST ID$' "$work/out"
check "a registered profile shows its environment, time and request id" \
  grep -Eq '^Cửa hàng Sài Gòn +Legacy host +2024-05-01 10:30 +c00433cc7e5b25e390a6920052f7fedf$' "$work/out"
check "a custom profile shows its base URL and no registration" \
  grep -Eq '^Proxy +https://proxy\.example +never *$' "$work/out"
check "a broken file is listed by its file name, marked broken" \
  grep -Eq '^broken\.json +broken: ' "$work/out"
check "a second file claiming a name is marked broken" \
  grep -Eiq '^zz-proxy-again\.json +broken: .*proxy' "$work/out"
check "there is one line per file and the header" test "$(wc -l <"$work/out")" -eq 5

cli profiles --json
expect_rc "profiles --json exits 0" 0
check "the JSON lists every file with exactly the documented keys" python3 -c '
import json, sys
items = json.load(open(sys.argv[1]))
assert len(items) == 4, items
keys = {"name", "file", "environment", "base_url", "last_registered", "request_id",
        "last_used", "broken", "problem"}
for item in items:
    assert set(item) == keys, item
' "$work/out"
check "the JSON describes each profile" python3 -c '
import json, sys
items = {i["file"]: i for i in json.load(open(sys.argv[1]))}
shop = items["cua-hang-sai-gon.json"]
assert shop["name"] == "Cửa hàng Sài Gòn" and shop["environment"] == "legacy", shop
assert shop["last_registered"] == "2024-05-01T10:30:00Z", shop
assert shop["request_id"] == "c00433cc7e5b25e390a6920052f7fedf", shop
assert shop["broken"] is False and shop["problem"] is None and shop["last_used"] is False
proxy = items["proxy.json"]
assert proxy["environment"] == "custom" and proxy["base_url"] == "https://proxy.example"
assert proxy["last_registered"] is None and proxy["request_id"] is None
assert proxy["last_used"] is True, proxy
for name in ("broken.json", "zz-proxy-again.json"):
    assert items[name]["broken"] is True and items[name]["name"] is None, items[name]
    assert isinstance(items[name]["problem"], str) and items[name]["problem"], items[name]
' "$work/out"

cat "$profiles"/* "$XDG_CONFIG_HOME/tiki-webhooks/state.json" >"$work/after"
ls -l "$profiles" >"$work/after-listing"
check "listing changes no file" cmp -s "$work/before" "$work/after"
check "listing adds or removes no file" cmp -s "$work/before-listing" "$work/after-listing"

LANGUAGE=vi cli profiles
expect_rc "profiles exits 0 in Vietnamese" 0

cli profiles --frobnicate
expect_usage "an unknown option is refused"

cli profiles extra
expect_usage "an unexpected argument is refused"

cli profiles --help
expect_rc "--help exits 0" 0
check "--help describes --json" grep -q -- '--json' "$work/out"

cli --help
check "the command list has profiles" grep -Eq '^ +profiles +' "$work/out"

tap_done
