#!/usr/bin/env bash
# Audits the project's installed environment (.venv) for known vulnerabilities with
# pip-audit (a dev extra), skipping the editable project itself.
#
#   bash scripts/audit.sh [EXTRA PIP-AUDIT ARGS...]
#
# Fails (exit 1) when
#   - any vulnerability is found that .pip-audit-ignore does not list (or lists past its
#     review date): upgrade when a fix exists; document it there only when no fix exists
#     or it does not apply to this service;
#   - any installed package could not be audited, e.g. the vulnerability service is
#     unreachable: pip-audit itself then reports "No known vulnerabilities found" and
#     exits 0, which must never pass as clean.
#
# AUDIT_ALLOW_UNAUDITED=1 turns "could not be audited" into a loud warning (for hosts whose
# registry mirror cannot answer pip-audit; vulnerabilities found still fail).
# PIP_AUDIT_SERVICE=pypi (default) or osv; extra args go to pip-audit (e.g. --osv-url URL).
# PIP_AUDIT_REPORT=FILE judges an existing `pip-audit --format json` report instead of
# running pip-audit (used by tests/deploy).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
IGNORE_FILE="${PIP_AUDIT_IGNORE_FILE:-.pip-audit-ignore}"
report="${PIP_AUDIT_REPORT:-}"

if [ -z "$report" ]; then
  "$PYTHON" -m pip_audit --version >/dev/null 2>&1 || {
    echo "audit: pip-audit is not installed in $PYTHON's environment (install the dev extras)" >&2
    exit 2
  }
  report="$(mktemp)"
  trap 'rm -f "$report"' EXIT
  service="${PIP_AUDIT_SERVICE:-pypi}"
  echo "audit: pip-audit ($service service) on $("$PYTHON" -c 'import sys; print(sys.prefix)')"
  # Its exit code says little (1 for a finding and for a network error alike): the report decides.
  "$PYTHON" -m pip_audit --local --skip-editable --vulnerability-service "$service" \
    --format json --output "$report" --progress-spinner off --desc off --aliases on "$@" \
    || true
  if [ ! -s "$report" ]; then
    echo "audit: FAILED: pip-audit wrote no report (is the $service vulnerability service reachable?)" >&2
    exit 1
  fi
fi

# The policy, in Python: ignore entries are `ID  REVIEW-BY-DATE  reason`, where ID is the
# vulnerability id or any alias (PYSEC-…, GHSA-…, CVE-…); past its date an entry no longer applies.
"$PYTHON" - "$report" "$IGNORE_FILE" <<'PY'
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
ignore_path = Path(sys.argv[2])
today = dt.date.today()
ignores: dict[str, tuple[dt.date, str]] = {}
bad_lines = []
if ignore_path.exists():
    for number, raw in enumerate(ignore_path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"(\S+)\s+(\d{4}-\d{2}-\d{2})\s+(.{10,})", line)
        if not match:
            bad_lines.append(f"{ignore_path}:{number}: want `ID  YYYY-MM-DD  reason (10+ chars)`: {raw!r}")
            continue
        ignores[match[1]] = (dt.date.fromisoformat(match[2]), match[3])
if bad_lines:
    print("audit: FAILED: malformed ignore entries:\n  " + "\n  ".join(bad_lines), file=sys.stderr)
    sys.exit(1)

deps = report.get("dependencies", [])
skipped = [d for d in deps if "skip_reason" in d and "editable" not in d["skip_reason"]]
audited = [d for d in deps if "skip_reason" not in d]
failures, ignored, used = [], [], set()
for dep in audited:
    for vuln in dep.get("vulns", []):
        ids = [vuln["id"], *vuln.get("aliases", [])]
        entry = next((i for i in ids if i in ignores), None)
        fix = ", ".join(vuln.get("fix_versions") or []) or "no fix released"
        text = f"{dep['name']} {dep['version']}: {' / '.join(ids)} (fix: {fix})"
        if entry and ignores[entry][0] >= today:
            used.add(entry)
            ignored.append(f"{text}: ignored until {ignores[entry][0]}: {ignores[entry][1]}")
        elif entry:
            used.add(entry)
            failures.append(f"{text}: ignore entry expired on {ignores[entry][0]}, review it")
        else:
            failures.append(text)

print(f"audit: {len(audited)} packages audited, {len(skipped)} not audited, "
      f"{len(failures)} vulnerabilities, {len(ignored)} ignored")
for line in ignored:
    print(f"  ignored: {line}")
for stale in sorted(set(ignores) - used):
    print(f"  note: ignore entry {stale} matches nothing any more; remove it")
if skipped:
    reasons = sorted({d["skip_reason"] for d in skipped})[:3]
    print(f"audit: FAILED: {len(skipped)} of {len(deps)} packages could not be audited "
          "(vulnerability service unreachable or incomplete?):\n  " + "\n  ".join(reasons), file=sys.stderr)
if failures:
    print("audit: FAILED: known vulnerabilities (upgrade, or document in "
          f"{ignore_path} when no fix exists or it does not apply):\n  " + "\n  ".join(failures), file=sys.stderr)
allow_unaudited = os.environ.get("AUDIT_ALLOW_UNAUDITED") == "1"
if skipped and allow_unaudited:
    print("audit: WARNING: AUDIT_ALLOW_UNAUDITED=1, so the packages above were NOT audited and this run "
          "does not fail for that; known vulnerabilities found in the others still fail it", file=sys.stderr)
if failures or (skipped and not allow_unaudited):
    sys.exit(1)
if not audited and not allow_unaudited:
    print("audit: FAILED: the report lists no audited package", file=sys.stderr)
    sys.exit(1)
if not audited:
    print("audit: NOT AUDITED: the vulnerability service answered for no package (warning only)")
    sys.exit(0)
print("audit: ok")
PY
