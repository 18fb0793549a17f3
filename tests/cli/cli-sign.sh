#!/bin/sh
# cli-sign.sh — tiki-webhooks-cli sign, checked against openssl
# SPDX-License-Identifier: GPL-3.0-or-later

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

unset TIKI_WEBHOOKS_SECRET

# reference SECRET FILE: the x-signature openssl computes for FILE
reference ()
{
  printf 'sha1=%s\n' "$(openssl dgst -sha1 -hmac "$1" <"$2" | sed 's/^.*= *//')"
}

"$TW_CLI" gen-secret >"$work/secret" || exit 1
secret=$(cat "$work/secret")
printf '%s' "$secret" >"$work/secret-no-newline"
: >"$work/empty-secret"
printf '%s' '{"data":{"date":"2022-11-24T11:12:20+07:00","sku":"1234",' \
  '"warehouse":"sgn3","qty_salable":5}}' \
  >"$work/body.json"
printf 'a\000b\377\200\n\r\000' >"$work/body.bin"
head -c 65536 /dev/urandom >"$work/body.random"
: >"$work/body.empty"

for body in body.json body.bin body.random body.empty; do
  cli sign --secret-file "$work/secret" --body-file "$work/$body"
  expect_rc "sign $body exits 0" 0
  check "sign $body equals openssl dgst -sha1 -hmac" \
    out_is "$(reference "$secret" "$work/$body")"
done

check "the output is sha1= and 40 lowercase hex digits" grep -Eqx 'sha1=[0-9a-f]{40}' "$work/out"
check "the output does not show the secret" \
  test -z "$(grep -F -- "$secret" "$work/out" "$work/err")"

run "$TW_CLI" sign --secret-file "$work/secret" <"$work/body.bin"
check "the body is read from standard input when no --body-file" \
  out_is "$(reference "$secret" "$work/body.bin")"

run "$TW_CLI" sign --secret-file - --body-file "$work/body.json" <"$work/secret"
check "the secret is read from standard input with --secret-file -" \
  out_is "$(reference "$secret" "$work/body.json")"

cli sign --secret-file "$work/secret-no-newline" --body-file "$work/body.json"
check "a secret file without a final newline gives the same signature" \
  out_is "$(reference "$secret" "$work/body.json")"

TIKI_WEBHOOKS_SECRET=$secret run "$TW_CLI" sign --body-file "$work/body.random"
expect_rc "the secret can come from TIKI_WEBHOOKS_SECRET" 0
check "TIKI_WEBHOOKS_SECRET signs like the file" \
  out_is "$(reference "$secret" "$work/body.random")"

cli sign --body-file "$work/body.json"
expect_usage "no secret at all is refused"
check "the message names --secret-file" err_matches 'secret-file'

cli sign --secret-file "$work/empty-secret" --body-file "$work/body.json"
expect_usage "an empty secret file is refused"
check "the message says the secret is empty" err_matches 'empty'

TIKI_WEBHOOKS_SECRET='' run "$TW_CLI" sign --body-file "$work/body.json"
expect_usage "an empty TIKI_WEBHOOKS_SECRET is refused"

cli sign --secret-file "$work/missing" --body-file "$work/body.json"
expect_usage "an unreadable secret file is refused"
check "the message names the file" err_matches 'missing'

cli sign --secret-file "$work/secret" --body-file "$work/missing-body"
expect_usage "an unreadable body file is refused"

run "$TW_CLI" sign --secret-file - --body-file - <"$work/secret"
expect_usage "secret and body both on standard input is refused"

head -c 16777217 /dev/zero >"$work/body.huge"
cli sign --secret-file "$work/secret" --body-file "$work/body.huge"
expect_usage "a body over 16 MiB is refused"
rm -f "$work/body.huge"

cli sign --secret-file "$work/secret" --body-file "$work/body.json" extra
expect_usage "an unexpected argument is refused"

cli sign --secret "$secret"
expect_usage "there is no option taking the secret on the command line"

cli sign --help
expect_rc "--help exits 0" 0
check "--help describes --secret-file and --body-file" \
  sh -c 'grep -q -- --secret-file "$1" && grep -q -- --body-file "$1"' sh "$work/out"

tap_done
