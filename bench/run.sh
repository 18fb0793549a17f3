#!/bin/sh
# bench/run.sh BUILD_DIR — the budgets of DESIGN §6 as ratios, one table.
# Runs everything headless like build-aux/run-tests.sh: Xvfb, a private
# D-Bus session with an unlocked throwaway keyring, HOME and the XDG
# directories in a temporary folder, GSettings in memory, the Cairo
# renderer. Writes bench/RESULTS.md; exit status 1 when a budget is missed.
# BENCH_RUNS (default 10) sets the number of measured runs of each figure.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-_build}" && pwd) || exit 2

for tool in xvfb-run dbus-run-session gnome-keyring-daemon python3 curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench: $tool is missing (make deps installs it)" >&2
    exit 2
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tw-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/home" "$scratch/config" "$scratch/data" "$scratch/cache" "$scratch/runtime"
chmod 700 "$scratch/runtime"

export HOME="$scratch/home"
export XDG_CONFIG_HOME="$scratch/config"
export XDG_DATA_HOME="$scratch/data"
export XDG_CACHE_HOME="$scratch/cache"
export XDG_RUNTIME_DIR="$scratch/runtime"
export LANG=C.UTF-8 LC_ALL= LANGUAGE=
export GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
export GSETTINGS_BACKEND=memory GIO_USE_PROXY_RESOLVER=dummy
export GSETTINGS_SCHEMA_DIR="$build/data"
export TIKI_WEBHOOKS_LOCALEDIR="$build/po"
unset DBUS_SESSION_BUS_ADDRESS TIKI_WEBHOOKS_API_BASE TIKI_WEBHOOKS_AUTH_BASE TIKI_WEBHOOKS_TOKEN
unset G_DEBUG G_MESSAGES_DEBUG G_SLICE

xvfb-run -a -s '-screen 0 1280x800x24 -nolisten tcp' \
  dbus-run-session -- sh -c 'echo -n bench |
    gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' \
  sh python3 "$top/bench/bench.py" "$build" "$scratch" "$top/bench/RESULTS.md"
