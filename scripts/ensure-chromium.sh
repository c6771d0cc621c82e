#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium (tests never download a browser).
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium (one time, about 20 s)…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium >/dev/null
  exit 0
fi
echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian) so /usr/bin/chromium exists, then npm test again." >&2
exit 1
