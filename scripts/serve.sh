#!/usr/bin/env bash
# Installs what is needed and serves on the embedded default: http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/hwis-concierge serve "$@"
