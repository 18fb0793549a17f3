#!/bin/sh
# cli-test-delivery.sh — tiki-webhooks-cli test-delivery, against a receiver written here
# SPDX-License-Identifier: GPL-3.0-or-later

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

secret=Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue

# The seller's receiver, with Python's own HMAC: /verify answers 200 for a
# valid x-signature and 401 otherwise, /trust always 200, /fail always 500.
# It saves the last body and x-signature it got, and prints its port first.
cat >"$work/receiver.py" <<'PY'
import hashlib, hmac, http.server, sys

secret, work = sys.argv[1].encode(), sys.argv[2]

class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        signature = self.headers.get("x-signature", "")
        with open(work + "/received.body", "wb") as f:
            f.write(body)
        with open(work + "/received.headers", "w") as f:
            f.write("content-type: %s\nx-signature: %s\n"
                    % (self.headers.get("Content-Type"), signature))
        expected = "sha1=" + hmac.new(secret, body, hashlib.sha1).hexdigest()
        valid = hmac.compare_digest(expected, signature)
        status = {"/verify": 200 if valid else 401, "/trust": 200, "/fail": 500}[self.path]
        answer = b'{"success": true}' if status == 200 else b'{"success": false}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
print(server.server_address[1], flush=True)
server.serve_forever()
PY

python3 "$work/receiver.py" "$secret" "$work" >"$work/receiver.out" 2>"$work/receiver.err" &
receiver_pid=$!
stop_on_exit="$stop_on_exit $receiver_pid"
port=$(first_line "$work/receiver.out")
if ! printf '%s\n' "$port" | grep -Eqx '[0-9]+'; then
  echo "Bail out! the receiver printed no port: '$port'"
  exit 1
fi
base="http://127.0.0.1:$port"

cat >"$work/config.json" <<JSON
{
  "sync_inventory_location": ["sgn3"],
  "sync_webhook": {
    "order": { "url": "$base/verify", "secret_key": "$secret" },
    "stock": { "url": "$base/trust", "secret_key": "$secret" },
    "aftersale": { "url": "$base/fail", "secret_key": "$secret" }
  },
  "external_partner_id": "shop-42"
}
JSON

test_delivery ()
{
  rm -f "$work/received.body" "$work/received.headers"
  cli test-delivery --config "$work/config.json" "$@"
}

out_has ()
{
  grep -Eq -- "$1" "$work/out"
}

verdict_is ()
{
  grep -Eq "^Verdict: +$1\$" "$work/out"
}

received_signature ()
{
  sed -n 's/^x-signature: //p' "$work/received.headers"
}

json_field ()
{
  python3 -c 'import json, sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print("null" if v is None else str(v).lower() if isinstance(v, bool) else v)' \
    "$work/out" "$1"
}

# A verifying receiver: genuine accepted, forged refused.
test_delivery --hook order
expect_rc "a genuine delivery to a verifying receiver exits 0" 0
check "its verdict is accepted, HTTP 200" sh -c 'grep -Eq "^Verdict: +accepted$" "$0/out" && grep -Eq "^HTTP status: +200$" "$0/out"' "$work"
check "the verdict sentence comes first" sh -c 'head -n 1 "$0/out" | grep -q "accepted the correctly signed delivery"' "$work"
check "the duration is printed" out_has '^Time: +[0-9]+ ms$'
check "the start of the response body is printed" out_has '^  \{"success": true\}$'
check "a note says TikiNOW needs a public https address" err_matches '^note: .*https://'
check "the receiver got a sample order delivery" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["data"]
assert d["main_state"] == "processing" and d["main_substate"] == "ready_for_pickup", d
' "$work/received.body"
check "sent as application/json" grep -qx 'content-type: application/json' "$work/received.headers"

test_delivery --hook order --forged
expect_rc "a forged delivery refused by the receiver exits 0" 0
check "its verdict is rejected-forged, HTTP 401" sh -c 'grep -Eq "^Verdict: +rejected-forged$" "$0/out" && grep -Eq "^HTTP status: +401$" "$0/out"' "$work"
check "the forged signature looks valid" sh -c 'sed -n "s/^x-signature: //p" "$0/received.headers" | grep -Eqx "sha1=[0-9a-f]{40}"' "$work"

# A receiver that checks nothing.
test_delivery --hook stock
expect_rc "a genuine delivery to a trusting receiver exits 0" 0
check "the stock sample carries the partner id" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["data"]
assert d["partner_id"] == "shop-42" and d["warehouse"] == "sgn3", d
' "$work/received.body"
test_delivery --hook stock --forged
expect_rc "a forged delivery accepted by the receiver exits 1" 1
check "its verdict is accepted-forged" verdict_is accepted-forged
check "the output says it is a security problem" out_has 'Security problem'

# A receiver that fails.
test_delivery --hook aftersale
expect_rc "a genuine delivery answered 500 exits 1" 1
check "its verdict is failed, HTTP 500" sh -c 'grep -Eq "^Verdict: +failed$" "$0/out" && grep -Eq "^HTTP status: +500$" "$0/out"' "$work"
test_delivery --hook aftersale --forged
expect_rc "a forged delivery answered 500 exits 0" 0

# The exact bytes of a body file, signed as openssl signs them.
printf '{"data": {"sku":"2718281",  "qty_salable": 7}}\n' >"$work/body.json"
test_delivery --hook order --body-file "$work/body.json"
expect_rc "a body file is sent" 0
check "the receiver got the file's exact bytes" cmp -s "$work/body.json" "$work/received.body"
expected=$(openssl dgst -sha1 -hmac "$secret" <"$work/body.json" | sed 's/^.*= */sha1=/')
check "the x-signature is openssl's HMAC-SHA1 of those bytes" [ "$(received_signature)" = "$expected" ]

test_delivery --hook order --json
expect_rc "--json exits 0 for a good verdict" 0
check "--json prints one object with the verdict" sh -c '[ "$(python3 -c "import json,sys; o=json.load(open(sys.argv[1])); print(o[\"verdict\"], o[\"good\"], o[\"http_status\"], o[\"forged\"])" "$0/out")" = "accepted True 200 False" ]' "$work"
test_delivery --hook stock --forged --json
expect_rc "--json exits 1 for a bad verdict" 1
check "--json reports accepted-forged" [ "$(json_field verdict)" = "accepted-forged" ]

# Sample variants.
test_delivery --hook order --variant delivery-failed
expect_rc "--variant delivery-failed is sent to the order hook" 0
check "the receiver got a failed delivery with its reason" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["data"]
assert d["main_state"] == "shipping" and d["main_substate"] == "delivery_failed_1", d
assert d["reason_code"], d
' "$work/received.body"
test_delivery --hook order --variant canceled
expect_rc "--variant canceled is sent" 0
check "the receiver got a cancelled order with a cancel reason" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["data"]
assert d["main_state"] == "canceled" and d["extra_info"]["cancel_reason_code"], d
' "$work/received.body"
test_delivery --variant fd
expect_rc "--variant alone picks its hook (aftersale answers 500 here)" 1
check "the receiver got an FD after-sales delivery" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["data"]
assert d["type"] == "fd" and d["ref_code"].startswith("FD"), d
' "$work/received.body"
test_delivery --hook stock --variant cr
expect_usage "--variant of another hook is refused"
check "the message names the variant and the hook" err_matches 'cr.*stock'
check "nothing was sent for it" [ ! -e "$work/received.body" ]
test_delivery --hook order --variant refunded
expect_usage "an unknown --variant is refused"
test_delivery --hook order --variant canceled --body-file "$work/body.json"
expect_usage "--variant with --body-file is refused"

# Nobody listening.
sed "s/127.0.0.1:$port/127.0.0.1:1/" "$work/config.json" >"$work/closed.json"
cli test-delivery --config "$work/closed.json" --hook order
expect_rc "an unreachable receiver exits 1" 1
check "its verdict is unreachable" verdict_is unreachable

# Invalid input: status 2, nothing sent.
printf '{"data": ' >"$work/broken.json"
test_delivery --hook order --body-file "$work/broken.json"
expect_usage "a body that is not JSON is refused"
check "the message says it is not valid JSON" err_matches 'not valid JSON'
check "nothing reached the receiver" [ ! -e "$work/received.body" ]
test_delivery
expect_usage "--hook is required"
test_delivery --hook refunds
expect_usage "an unknown hook is refused"
cli test-delivery --hook order
expect_usage "--config is required"
cat >"$work/order-only.json" <<JSON
{ "sync_inventory_location": ["sgn"],
  "sync_webhook": { "order": { "url": "$base/verify", "secret_key": "$secret" } } }
JSON
cli test-delivery --config "$work/order-only.json" --hook stock
expect_usage "a hook missing from the configuration is refused"
test_delivery --hook order --timeout 0x
expect_usage "a bad --timeout is refused"

tap_done
