#!/bin/sh
# Installs the Debian/Ubuntu packages that are missing, saying which.
set -eu

missing=""
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
    missing="$missing $pkg"
  fi
done

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing packages:$missing" >&2
  echo "This needs a Debian 12 or Ubuntu system with apt-get; install them by hand." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi

echo "Installing missing system packages:$missing"
$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
