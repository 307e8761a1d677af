#!/usr/bin/env bash
# Installs what is needed and runs the checks: ruff, mypy and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh dev
bash scripts/install-browser.sh  # Debian's Chromium for the browser tests (no browser download)
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check .
.venv/bin/mypy app faq menus retrieval guardrails
.venv/bin/pytest "$@"
