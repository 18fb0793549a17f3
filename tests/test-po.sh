#!/bin/sh
# tests/test-po.sh — translation checks, TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   test-po.sh potfiles SRCDIR
#     po/POTFILES.in lists every file with translatable strings, each
#     file it lists exists, and it is sorted (C locale) without duplicates.
#   test-po.sh complete SRCDIR LANG
#     po/LANG.po, merged with the strings of today's sources, has no
#     untranslated or fuzzy message.
set -u

mode=$1
top=$2
potfiles="$top/po/POTFILES.in"
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

# The files POTFILES.in names, without comments and blank lines.
listed ()
{
  grep -v -e '^#' -e '^[[:space:]]*$' "$potfiles"
}

# Does $1 (relative to $top) hold a string meant for translators?
has_strings ()
{
  case $1 in
    *.c)
      grep -Eq '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2)[[:space:]]*\(' \
        "$top/$1" ;;
    *.ui)
      grep -q 'translatable="yes"' "$top/$1" ;;
    *.gschema.xml)
      grep -Eq '<(summary|description)>' "$top/$1" ;;
    *.desktop.in | *.metainfo.xml.in)
      return 0 ;;
    *)
      return 1 ;;
  esac
}

candidates ()
{
  (cd "$top" && find src data -type f \
     \( -name '*.c' -o -name '*.ui' -o -name '*.gschema.xml' \
        -o -name '*.desktop.in' -o -name '*.metainfo.xml.in' \) | LC_ALL=C sort)
}

check_potfiles ()
{
  missing=""
  for f in $(candidates); do
    if has_strings "$f" && ! listed | grep -qxF "$f"; then
      missing="$missing $f"
    fi
  done
  if [ -z "$missing" ]; then
    ok "every file with translatable strings is in po/POTFILES.in"
  else
    not_ok "every file with translatable strings is in po/POTFILES.in"
    echo "# missing:$missing"
  fi

  gone=""
  for f in $(listed); do
    [ -f "$top/$f" ] || gone="$gone $f"
  done
  if [ -z "$gone" ]; then
    ok "every file in po/POTFILES.in exists"
  else
    not_ok "every file in po/POTFILES.in exists"
    echo "# not found:$gone"
  fi

  if listed | LC_ALL=C sort -c -u 2>/dev/null; then
    ok "po/POTFILES.in is sorted, without duplicates"
  else
    not_ok "po/POTFILES.in is sorted, without duplicates"
    listed | LC_ALL=C sort -c -u 2>&1 | sed 's/^/# /'
  fi
}

# The same extraction as the tiki-webhooks-pot target (meson's glib preset).
extract_pot ()
{
  (cd "$top" && xgettext --files-from=po/POTFILES.in --directory=. --output="$1" \
     --package-name=tiki-webhooks --from-code=UTF-8 --add-comments \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3)
}

check_complete ()
{
  lang=$1
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/tw-po.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT

  if ! extract_pot "$scratch/tiki-webhooks.pot"; then
    not_ok "extract the strings of po/POTFILES.in"
    return
  fi
  msgmerge --quiet --no-fuzzy-matching "$top/po/$lang.po" "$scratch/tiki-webhooks.pot" \
    -o "$scratch/$lang.po"
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$scratch/$lang.po" 2>&1)
  echo "# $lang: $stats"
  case $stats in
    *fuzzy* | *untranslated*)
      not_ok "po/$lang.po translates every message, none fuzzy"
      LC_ALL=C msgattrib --untranslated --only-fuzzy "$scratch/$lang.po" 2>/dev/null |
        grep '^msgid "[^"]' | head -20 | sed 's/^/#   fuzzy: /'
      LC_ALL=C msgattrib --untranslated "$scratch/$lang.po" 2>/dev/null |
        grep '^msgid "[^"]' | head -20 | sed 's/^/#   untranslated: /' ;;
    *)
      ok "po/$lang.po translates every message, none fuzzy" ;;
  esac
}

case $mode in
  potfiles) check_potfiles ;;
  complete) check_complete "$3" ;;
  *) echo "usage: $0 potfiles|complete SRCDIR [LANG]" >&2; exit 2 ;;
esac

echo "1..$n"
exit $failed
