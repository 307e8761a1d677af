#!/usr/bin/env bash
# Installs what is needed and runs the checks: ruff, mypy, the container lint, the dependency
# audit, then the whole test suite twice: on the embedded default (SQLite, in-memory rate
# limits) and on the production backend (PostgreSQL + Redis, started by scripts/services.sh).
#
#   bash scripts/test.sh [PYTEST ARGS...]
#   HWIS_TEST_BACKENDS=sqlite bash scripts/test.sh     # only one backend
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh dev
bash scripts/install-browser.sh  # Debian's Chromium for the browser tests (no browser download)
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check .
.venv/bin/mypy app faq menus retrieval guardrails
bash scripts/lint-docker.sh
# This machine's package mirror cannot answer pip-audit's per-version queries, so packages it
# cannot look up are reported loudly instead of failing the run; set AUDIT_ALLOW_UNAUDITED=0
# where pypi.org is reachable. A vulnerability that is found always fails.
AUDIT_ALLOW_UNAUDITED="${AUDIT_ALLOW_UNAUDITED:-1}" bash scripts/audit.sh
for backend in ${HWIS_TEST_BACKENDS:-sqlite postgres}; do
  echo "=== tests on the ${backend} backend ==="
  if [ "$backend" = "postgres" ]; then
    eval "$(bash scripts/services.sh start)"
  fi
  HWIS_TEST_BACKEND="$backend" .venv/bin/pytest "$@"
done
