#!/bin/sh
# Runs the uninstalled app from a build directory (make run).
set -eu
build=${1:-_build}
shift || true

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No graphical display was found (neither DISPLAY nor WAYLAND_DISPLAY is set)." >&2
  echo "Run 'make run' from a desktop session, or try: xvfb-run make run" >&2
  exit 1
fi

export GSETTINGS_SCHEMA_DIR="$build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
export TIKI_WEBHOOKS_LOCALEDIR="$build/po"
# The app icon from the source tree (data/icons/hicolor), as if installed.
top=$(cd "$(dirname "$0")/.." && pwd)
export XDG_DATA_DIRS="$top/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
exec "$build/src/tiki-webhooks" "$@"
