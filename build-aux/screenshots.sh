#!/bin/sh
# Takes the PNGs of screenshots/ (make screenshots): the real app, driven by
# tests/screenshot-driver against the Demo simulator, under Xvfb with a
# private D-Bus session, an unlocked throwaway keyring and a throwaway HOME,
# once in English and once in Vietnamese.
#
#   build-aux/screenshots.sh [BUILD_DIR] [OUTPUT_DIR]
#
# Cantarell (fonts-cantarell) gives the GNOME look when it is installed;
# optipng, when installed, makes the files smaller.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-_build}" && pwd)
out=${2:-$top/screenshots}
driver="$build/tests/screenshot-driver"

if [ ! -x "$driver" ]; then
  echo "$driver is missing: build first (meson compile -C $build)" >&2
  exit 1
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tw-screenshots.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# One run of the driver in a fresh HOME (an empty history, no profiles,
# Demo selected), in the language $1; the rest are the driver's arguments.
shoot ()
{
  language=$1
  shift
  home="$scratch/$language"
  mkdir -p "$home/home" "$home/config" "$home/data" "$home/cache" "$home/runtime"
  chmod 700 "$home/runtime"
  (
    export HOME="$home/home"
    export XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data"
    export XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/runtime"
    export LANG=C.UTF-8 LC_ALL= LANGUAGE="$language" TZ=Asia/Ho_Chi_Minh
    export GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
    export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
    export GIO_USE_PROXY_RESOLVER=dummy TIKI_WEBHOOKS_LOCALEDIR="$build/po"
    export XDG_DATA_DIRS="$top/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
    unset DBUS_SESSION_BUS_ADDRESS TIKI_WEBHOOKS_API_BASE TIKI_WEBHOOKS_AUTH_BASE
    unset TIKI_WEBHOOKS_TOKEN
    # An unlocked keyring of its own: the profiles keep their secrets there.
    keyring='echo -n ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null'
    xvfb-run -a -s '-screen 0 1280x800x24 -nolisten tcp' \
      dbus-run-session -- sh -c "$keyring"' && exec "$@"' sh "$driver" "$@"
  )
}

# Into a folder of their own first: screenshots/ changes only when every
# picture was taken.
shots="$scratch/shots"
mkdir -p "$shots"
shoot en "$shots"
shoot vi "$shots" --vietnamese

if command -v optipng >/dev/null 2>&1; then
  optipng -quiet -o2 -strip all "$shots"/*.png
fi

for png in register register-result test-receiver history register-vi narrow preferences; do
  if [ ! -s "$shots/$png.png" ]; then
    echo "$png.png was not written" >&2
    exit 1
  fi
done
cp "$shots"/*.png "$out"/
ls -l "$out"/*.png
