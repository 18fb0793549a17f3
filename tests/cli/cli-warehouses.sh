#!/bin/sh
# cli-warehouses.sh — tiki-webhooks-cli warehouses
# SPDX-License-Identifier: GPL-3.0-or-later

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

catalogue="${G_TEST_SRCDIR:-$(dirname "$0")/..}/../data/warehouses.json"

cli warehouses
expect_rc "warehouses exits 0" 0
check "sgn is listed" grep -Eq '^sgn[[:space:]]+S' "$work/out"
check "sgn, a documented code, has no legacy mark" test -z "$(grep -E '^sgn\*' "$work/out")"
check "hn, a legacy-only code, is marked" grep -Eq '^hn\*[[:space:]]' "$work/out"
check "the mark is explained" grep -q '^\* ' "$work/out"
cp "$work/out" "$work/table"

cli warehouses --json
expect_rc "warehouses --json exits 0" 0
check "the JSON is an array of objects with exactly the documented keys" python3 -c '
import json, sys
items = json.load(open(sys.argv[1]))
assert isinstance(items, list) and items
for item in items:
    assert set(item) == {"code", "name_vi", "name_en", "region", "documented"}, item
    assert isinstance(item["documented"], bool)
    for key in ("code", "name_vi", "name_en", "region"):
        assert isinstance(item[key], str) and item[key], item
' "$work/out"
check "the JSON lists sgn, documented, as Sài Gòn" python3 -c '
import json, sys
items = {i["code"]: i for i in json.load(open(sys.argv[1]))}
assert items["sgn"]["documented"] is True
assert items["sgn"]["name_vi"] == "Sài Gòn"
assert items["hn"]["documented"] is False
' "$work/out"
check "the JSON has every code of the catalogue, once, in its order" python3 -c '
import json, sys
listed = [i["code"] for i in json.load(open(sys.argv[1]))]
catalogue = [w["code"] for w in json.load(open(sys.argv[2]))["warehouses"]]
assert listed == catalogue, (listed, catalogue)
' "$work/out" "$catalogue"
check "the table has a row for every code" python3 -c '
import json, sys
codes = [i["code"] for i in json.load(open(sys.argv[1]))]
rows = open(sys.argv[2], encoding="utf-8").read().split("\n")
for code in codes:
    assert any(r.split()[:1] in ([code], [code + "*"]) for r in rows if r), code
' "$work/out" "$work/table"

cli warehouses --frobnicate
expect_usage "an unknown option is refused"

cli warehouses extra
expect_usage "an unexpected argument is refused"

cli warehouses --help
expect_rc "--help exits 0" 0
check "--help describes --json" grep -q -- '--json' "$work/out"

tap_done
