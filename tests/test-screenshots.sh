#!/bin/sh
# tests/test-screenshots.sh — the screenshots of the AppStream metainfo are
# in screenshots/ (as build-aux/screenshots.sh writes them), and every PNG
# there is shown. TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   test-screenshots.sh SOURCE_ROOT
set -u

top=$1
metainfo="$top/data/io.github.tikiwebhooks.TikiWebhooks.metainfo.xml.in"
prefix="https://raw.githubusercontent.com/tikiwebhooks/tiki-webhooks/main/screenshots/"
# Flathub's advice: keep each picture small.
max_bytes=307200
n=0
failed=0

ok ()
{
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok ()
{
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
}

check ()
{
  description=$1
  shift
  if "$@"; then ok "$description"; else not_ok "$description"; fi
}

is_png ()
{
  [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]
}

urls=$(sed -n 's|.*<image[^>]*>\(.*\)</image>.*|\1|p' "$metainfo")
check "the metainfo has screenshots" test -n "$urls"

for url in $urls; do
  case $url in
    "$prefix"*.png) ok "$url points into the repository's screenshots/" ;;
    *) not_ok "$url points into the repository's screenshots/"; continue ;;
  esac
  file="$top/screenshots/${url#"$prefix"}"
  if [ ! -f "$file" ]; then
    not_ok "$file exists"
    continue
  fi
  check "$file is a PNG" is_png "$file"
  check "$file is smaller than $max_bytes bytes" test "$(wc -c < "$file")" -le "$max_bytes"
done

for file in "$top"/screenshots/*.png; do
  [ -e "$file" ] || continue
  name=$(basename "$file")
  check "$name is shown in the metainfo" grep -q "<image[^>]*>$prefix$name</image>" "$metainfo"
done

echo "1..$n"
exit $failed
