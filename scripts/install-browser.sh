#!/usr/bin/env bash
# Installs Debian's Chromium (and Japanese fonts for readable screenshots) for the browser tests.
# Idempotent: does nothing when both are already there. Never downloads a browser build of its own
# (no `playwright install`): the tests drive /usr/bin/chromium.
set -euo pipefail
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" || packages+=(fonts-noto-cjk)
if [ "${#packages[@]}" -eq 0 ]; then
  echo "install-browser: chromium and fonts-noto-cjk already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
else
  SUDO=""
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}"
/usr/bin/chromium --version || true
