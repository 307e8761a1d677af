#!/usr/bin/env bash
# Creates .venv (if missing) and installs the project; `dev` also installs test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip setuptools wheel
# The CPU build of PyTorch: this exact pin resolves to the wheel on these machines.
.venv/bin/python -m pip install --quiet "torch==2.13.0"
if [ "$extras" = "dev" ]; then
  .venv/bin/python -m pip install --quiet -e '.[dev]'
else
  .venv/bin/python -m pip install --quiet -e .
fi
