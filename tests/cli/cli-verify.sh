#!/bin/sh
# cli-verify.sh — tiki-webhooks-cli verify, against openssl-made signatures
# SPDX-License-Identifier: GPL-3.0-or-later

. "${G_TEST_SRCDIR:-$(dirname "$0")/..}/cli/data/tap.sh"

unset TIKI_WEBHOOKS_SECRET

"$TW_CLI" gen-secret >"$work/secret" || exit 1
"$TW_CLI" gen-secret >"$work/other-secret" || exit 1
secret=$(cat "$work/secret")
: >"$work/empty-secret"
printf '{"data":{"sku":"1234","qty_salable":5}}' >"$work/body"
printf '{"data":{"sku":"1234","qty_salable":6}}' >"$work/changed-body"
printf 'x\000y\377' >"$work/body.bin"

hex=$(openssl dgst -sha1 -hmac "$secret" <"$work/body" | sed 's/^.*= *//')
hex_bin=$(openssl dgst -sha1 -hmac "$secret" <"$work/body.bin" | sed 's/^.*= *//')
upper=$(printf '%s' "$hex" | tr 'a-f' 'A-F')
case $hex in
  0*) flipped="1${hex#?}" ;;
  *) flipped="0${hex#?}" ;;
esac

verify ()
{
  cli verify --secret-file "$work/secret" --body-file "$work/body" "$@"
}

verify --signature "sha1=$hex"
expect_rc "an openssl signature is valid (exit 0)" 0
check "it prints valid" out_is valid

verify --signature "SHA1=$upper"
expect_rc "upper-case prefix and hex are valid" 0

verify --signature "  sha1=$hex	"
expect_rc "surrounding whitespace is tolerated" 0

verify --signature "$hex"
expect_rc "a bare 40-hex value is valid" 0

run "$TW_CLI" verify --secret-file "$work/secret" --signature "sha1=$hex_bin" <"$work/body.bin"
expect_rc "a binary body from standard input is valid" 0

TIKI_WEBHOOKS_SECRET=$secret run "$TW_CLI" verify --signature "sha1=$hex" --body-file "$work/body"
expect_rc "the secret can come from TIKI_WEBHOOKS_SECRET" 0

cli verify --secret-file "$work/secret" --body-file "$work/changed-body" --signature "sha1=$hex"
expect_rc "a changed body is invalid (exit 1)" 1
check "it prints invalid" out_is invalid

cli verify --secret-file "$work/other-secret" --body-file "$work/body" --signature "sha1=$hex"
expect_rc "another secret is invalid (exit 1)" 1

verify --signature "sha1=$flipped"
expect_rc "a changed digit is invalid (exit 1)" 1
check "it prints invalid" out_is invalid

for bad in "sha256=$hex" "sha1=${hex}0" "sha1=${hex#?}" "sha1=g${hex#?}" "md5:$hex" "" "sha1="; do
  verify --signature "$bad"
  expect_usage "the unparsable signature '$bad' exits 2"
done

verify
expect_usage "a missing --signature is refused"

cli verify --body-file "$work/body" --signature "sha1=$hex"
expect_usage "no secret is refused"

cli verify --secret-file "$work/empty-secret" --body-file "$work/body" --signature "sha1=$hex"
expect_usage "an empty secret file is refused"

cli verify --secret-file "$work/missing" --body-file "$work/body" --signature "sha1=$hex"
expect_usage "an unreadable secret file is refused"

cli verify --secret-file "$work/secret" --body-file "$work/missing" --signature "sha1=$hex"
expect_usage "an unreadable body file is refused"

verify --signature "sha1=$hex" extra
expect_usage "an unexpected argument is refused"

cli verify --help
expect_rc "--help exits 0" 0
check "--help describes --signature" grep -q -- '--signature' "$work/out"

tap_done
