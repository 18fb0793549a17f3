#!/bin/sh
# tests/test-install.sh — `meson install` into a temporary DESTDIR puts
# every file of the app where the desktop expects it. TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   test-install.sh BUILDDIR PREFIX BINDIR DATADIR LOCALEDIR
# (the directory options as meson gives them: relative to PREFIX or absolute)
set -u

build=$1
prefix=$2
app_id=io.github.tikiwebhooks.TikiWebhooks
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

under_prefix ()
{
  case $1 in
    /*) echo "$1" ;;
    *) echo "$prefix/$1" ;;
  esac
}

bindir=$(under_prefix "$3")
datadir=$(under_prefix "$4")
localedir=$(under_prefix "$5")

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tw-install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
dest="$scratch/root"

# --no-rebuild: the tests run after the build, and must not start ninja in
# a build directory that another process may be using. --destdir keeps the
# post-install scripts (schemas, icon cache) from running.
if meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$scratch/log" 2>&1; then
  ok "meson install --destdir succeeds"
else
  not_ok "meson install --destdir succeeds"
  sed 's/^/# /' "$scratch/log"
fi

check_file ()
{
  if [ -f "$dest$1" ] && [ -s "$dest$1" ]; then
    ok "installed $1"
  else
    not_ok "installed $1"
  fi
}

check_file "$bindir/tiki-webhooks"
check_file "$bindir/tiki-webhooks-cli"
check_file "$datadir/applications/$app_id.desktop"
check_file "$datadir/metainfo/$app_id.metainfo.xml"
check_file "$datadir/icons/hicolor/scalable/apps/$app_id.svg"
check_file "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
check_file "$datadir/glib-2.0/schemas/$app_id.gschema.xml"
check_file "$localedir/vi/LC_MESSAGES/tiki-webhooks.mo"

if [ -x "$dest$bindir/tiki-webhooks" ] && [ -x "$dest$bindir/tiki-webhooks-cli" ]; then
  ok "the binaries are executable"
else
  not_ok "the binaries are executable"
fi

# The desktop file was merged with the translations and names the binary
# and icon that were installed.
desktop="$dest$datadir/applications/$app_id.desktop"
if grep -q '^Name\[vi\]=' "$desktop" 2>/dev/null &&
   grep -qx 'Exec=tiki-webhooks' "$desktop" &&
   grep -qx "Icon=$app_id" "$desktop"; then
  ok "the desktop file is translated and points at the installed binary and icon"
else
  not_ok "the desktop file is translated and points at the installed binary and icon"
fi

if grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" \
     "$dest$datadir/metainfo/$app_id.metainfo.xml" 2>/dev/null; then
  ok "the metainfo launches the installed desktop file"
else
  not_ok "the metainfo launches the installed desktop file"
fi

if glib-compile-schemas --strict --dry-run "$dest$datadir/glib-2.0/schemas" 2>"$scratch/schemas"; then
  ok "the installed schema compiles"
else
  not_ok "the installed schema compiles"
  sed 's/^/# /' "$scratch/schemas"
fi

if "$dest$bindir/tiki-webhooks-cli" --help >/dev/null 2>&1; then
  ok "the installed command-line tool runs"
else
  not_ok "the installed command-line tool runs"
fi

echo "1..$n"
exit $failed
