#!/usr/bin/env bash
# Builds the container image from Dockerfile on this machine (no Docker engine, no registry)
# and runs it once, the way a deployment would:
#
#   1. installs podman, buildah, mmdebstrap and iproute2 (Debian packages) if missing;
#   2. builds the base image (Debian bookworm: python3 3.11, python3-venv, ca-certificates)
#      with mmdebstrap from this machine's apt sources and imports it, if it is missing;
#   3. podman build --isolation chroot --format docker, with BASE_IMAGE set to that base and
#      pip pointed at this machine's package index (a pip.conf, the CA bundle and the local
#      wheel folders mounted read-only into the RUN steps: none of it is stored in the image);
#   4. starts the image's own CMD with buildah run --isolation chroot in the background, inside
#      a new network namespace that has only a loopback interface (so the image can fetch
#      nothing at run time, and its port 8000 is reachable on that loopback only);
#   5. waits for /readyz, runs the image's HEALTHCHECK command inside the container, then, over
#      the HTTP API, consents to the terms, opens a conversation, asks one question and checks
#      that a vetted answer comes back (kind "answer", a faq_id of faq/data, its text word for
#      word from faq/data);
#   6. reports the image size and stops the service (also on failure or Ctrl-C).
#
#   bash scripts/image.sh              # as root (apt-get, podman storage, network namespaces)
#
# Settings (environment): HWIS_IMAGE (default hwis-concierge:latest), HWIS_BASE_IMAGE (default
# localhost/hwis-base:bookworm), TORCH_INDEX (default: this machine's pip index; the CPU wheel
# comes from its find-links folder), IMAGE_READY_TIMEOUT (s, default 900), IMAGE_BUILD_TIMEOUT
# (s, default 2400), IMAGE_QUESTION. Exits non-zero with a message on any failure.
# The whole script is one block, read before it runs: editing it while it runs is safe.
{
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${HWIS_IMAGE:-hwis-concierge:latest}"
BASE_IMAGE="${HWIS_BASE_IMAGE:-localhost/hwis-base:bookworm}"
READY_TIMEOUT="${IMAGE_READY_TIMEOUT:-900}"
BUILD_TIMEOUT="${IMAGE_BUILD_TIMEOUT:-2400}"
QUESTION="${IMAGE_QUESTION:-求職者マイページのパスワードを忘れたときはどうすればいいですか？}"
PY="$(command -v python3)"

started=$SECONDS
say() { printf '[image %4ds] %s\n' "$((SECONDS - started))" "$*"; }
fail() { printf '[image %4ds] FAILED: %s\n' "$((SECONDS - started))" "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (apt-get, podman's storage and network namespaces need it)"

work="$(mktemp -d /tmp/hwis-image.XXXXXX)"
netns="hwis-image-$$"
server_pid=""
container=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$server_pid" ]; then
    # The service runs in its own process group (setsid, group id = its pid): stop that group,
    # whatever is left of it, and nothing else.
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 -- "-$server_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [ -z "$container" ] || buildah rm "$container" >/dev/null 2>&1 || true
  ip netns list 2>/dev/null | grep -qw "$netns" && ip netns delete "$netns" 2>/dev/null
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# One run at a time on a machine: the build's pip folder and the image tag are shared.
exec 9>/var/lock/hwis-image.lock
flock -n 9 || { say "waiting for another scripts/image.sh to finish"; flock 9; }

# --- 1. tools ------------------------------------------------------------------------------------
missing=()
for tool in podman:podman buildah:buildah mmdebstrap:mmdebstrap ip:iproute2; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} (apt-get)"
  apt-get update -qq >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log" >&2; fail "apt-get update"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >>"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log" >&2; fail "apt-get install ${missing[*]}"; }
fi

# --- 2. base image -------------------------------------------------------------------------------
if podman image exists "$BASE_IMAGE"; then
  say "base image $BASE_IMAGE is there"
else
  say "building the base image $BASE_IMAGE with mmdebstrap (Debian bookworm, minbase)"
  # This machine's apt sources (the Debian mirror and its security suite) when they are in deb822
  # form; mmdebstrap's default mirror otherwise.
  sources=()
  [ -f /etc/apt/sources.list.d/debian.sources ] && sources=(/etc/apt/sources.list.d/debian.sources)
  mmdebstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    bookworm "$work/base.tar" "${sources[@]}" >"$work/mmdebstrap.log" 2>&1 \
    || { tail -30 "$work/mmdebstrap.log" >&2; fail "mmdebstrap could not build the base"; }
  podman import --quiet \
    --change 'ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV=LANG=C.UTF-8' --change 'CMD=["/bin/bash"]' \
    "$work/base.tar" "$BASE_IMAGE" >/dev/null || fail "podman import of the base"
  rm -f "$work/base.tar"
  say "base image built: $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
fi

# --- 3. the image --------------------------------------------------------------------------------
# pip inside the build uses this machine's index settings: index-url, extra-index-url, find-links
# (from pip's own configuration and PIP_* variables), the CA bundle it trusts, and the local
# folders those name. All of it is mounted read-only at /etc/xdg/pip (where pip looks for a global
# pip.conf) for the RUN steps only: the image keeps nothing of it but that empty mount point.
# The folder is at a fixed path, so that the RUN steps' mounts, and with them podman's layer
# cache, are the same from one run to the next.
pipdir=/var/tmp/hwis-image-pip
rm -rf "$pipdir" && mkdir -p "$pipdir"
mounts=(-v "$pipdir:/etc/xdg/pip:ro")
"$PY" - "$pipdir" >"$work/mounts" <<'EOF'
import os, re, shutil, subprocess, sys
from pathlib import Path

out, inside = Path(sys.argv[1]), "/etc/xdg/pip"
listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True).stdout
values: dict[str, str] = {}
for line in listed.splitlines():  # section.key='value'; :env: (PIP_*) entries come last and win
    match = re.fullmatch(r"[^.]*\.([a-z-]+)='(.*)'", line.strip())
    if match:
        values[match[1]] = match[2]
lines, folders = ["[global]"], {}
for name in ("index-url", "extra-index-url", "find-links", "trusted-host"):
    kept = []
    for item in values.get(name, "").split():
        path = item[len("file://"):] if item.startswith("file://") else item if item.startswith("/") else None
        if path is None:
            kept.append(item)
        elif Path(path).exists():  # a local index (…/simple linking ../../files) or a wheel folder
            folder = str(Path(path).parent if Path(path).name == "simple" else Path(path))
            local = folders.setdefault(folder, f"{inside}/local/{len(folders)}")
            (out / local[len(inside) + 1:]).mkdir(parents=True, exist_ok=True)  # its mount point
            kept.append(item.replace(folder, local, 1))
    if kept:
        lines.append(f"{name} = {' '.join(kept)}")
timeout = values.get("default-timeout") or values.get("timeout")
if timeout:
    lines.append(f"timeout = {timeout}")
cert = values.get("cert") or os.environ.get("SSL_CERT_FILE") or "/etc/ssl/certs/ca-certificates.crt"
if Path(cert).is_file():
    shutil.copyfile(cert, out / "ca.crt")
    lines.append(f"cert = {inside}/ca.crt")
(out / "pip.conf").write_text("\n".join(lines) + "\n")
for folder, local in folders.items():
    print(f"{folder}:{local}:ro")
EOF
while read -r mount; do mounts+=(-v "$mount"); done <"$work/mounts"
pip_index="$(sed -n 's/^index-url = //p' "$pipdir/pip.conf")"
torch_index="${TORCH_INDEX:-${pip_index:-https://pypi.org/simple}}"
say "pip in the build: $(grep -v '^\[' "$pipdir/pip.conf" | tr '\n' ';' | sed 's/;$//')"
say "building $IMAGE on $BASE_IMAGE (podman build --isolation chroot; TORCH_INDEX=$torch_index)"
build_start=$SECONDS
set +e
timeout "$BUILD_TIMEOUT" podman build --isolation chroot --format docker --pull=never --layers \
  --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "TORCH_INDEX=$torch_index" \
  "${mounts[@]}" -t "$IMAGE" -f Dockerfile . 2>&1 \
  | tee "$work/build.log" | grep --line-buffered -E 'STEP [0-9]+/[0-9]+:|COMMIT' | sed -u -E 's/^(.{110}).+/\1 …/'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  tail -40 "$work/build.log" >&2
  [ "$status" -eq 124 ] && fail "podman build took more than ${BUILD_TIMEOUT} s"
  fail "podman build (status $status; its last lines are above)"
fi
say "image built in $((SECONDS - build_start)) s"

# --- 4. start it ---------------------------------------------------------------------------------
inspect() { podman image inspect --format "$1" "$IMAGE"; }
json_list() { "$PY" -c 'import json, sys; v = json.load(sys.stdin) or []; print("\n".join(v))'; }
mapfile -t cmd < <(inspect '{{json .Config.Cmd}}' | json_list)
mapfile -t health < <(inspect '{{json .Config.Healthcheck}}' | "$PY" -c '
import json, sys
test = (json.load(sys.stdin) or {}).get("Test") or []
print("\n".join(test[1:] if test[:1] == ["CMD"] else ["/bin/sh", "-c", test[1]] if test[:1] == ["CMD-SHELL"] else []))')
user="$(inspect '{{.Config.User}}')"
[ "${#cmd[@]}" -gt 0 ] || fail "the image has no CMD"
[ "${#health[@]}" -gt 0 ] || fail "the image has no HEALTHCHECK (built without --format docker?)"
case "${user%%:*}" in ""|0|root) fail "the image runs as root (USER '$user')" ;; esac
port="$(inspect '{{json .Config.ExposedPorts}}' | "$PY" -c 'import json, sys; print(next(iter(json.load(sys.stdin) or {"8000/tcp": 0})).split("/")[0])')"

# A network namespace of our own with only a loopback interface: the image's CMD binds 0.0.0.0
# there, which is that loopback alone, and nothing outside this machine can be reached from it.
ip netns add "$netns" || fail "ip netns add (network namespaces are needed to run the image)"
ip -n "$netns" link set lo up
container="$(buildah from --pull=never --quiet "$IMAGE")" || fail "buildah from $IMAGE"
secret="$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"  # production mode refuses placeholders
say "starting the image's CMD as user $user: ${cmd[*]} (buildah run --isolation chroot, network namespace $netns)"
ip netns exec "$netns" setsid buildah run --isolation chroot --env "HWIS_SECRET_KEY=$secret" "$container" -- \
  "${cmd[@]}" >"$work/serve.log" 2>&1 </dev/null &
server_pid=$!
serve_start=$SECONDS

# --- 5. check it ---------------------------------------------------------------------------------
cat >"$work/probe.py" <<'EOF'
"""Asks the service in the image over HTTP: `ready PORT PID TIMEOUT` or `ask PORT QUESTION FAQ_DIR`."""
import json, os, sys, time, urllib.error, urllib.request
from pathlib import Path

mode, port = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"

if mode == "ready":
    pid, deadline = int(sys.argv[3]), time.monotonic() + float(sys.argv[4])
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            sys.exit("the service stopped before it was ready")
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=5) as reply:
                if reply.status == 200:
                    sys.exit(0)
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(2)
    sys.exit(f"/readyz did not answer 200 within {sys.argv[4]} s")

# The session cookie is Secure in production mode, so no cookie jar would send it back over plain
# HTTP: carry it by hand.
cookie = ""

def call(method, path, body=None, expect=(200,)):
    global cookie
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"content-type": "application/json", **({"cookie": cookie} if cookie else {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            status, headers, data = reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        status, headers, data = error.code, error.headers, error.read()
    for header in headers.get_all("set-cookie") or []:
        cookie = header.split(";", 1)[0]
    if status not in expect:
        sys.exit(f"{method} {path} answered {status}: {data[:300]!r}")
    return json.loads(data)

question, faq_dir = sys.argv[3], Path(sys.argv[4])
terms = call("GET", "/api/v1/terms")
consent = call("POST", "/api/v1/consent", {"terms_version": terms["version"]})
if not consent.get("consented"):
    sys.exit(f"consent was not recorded: {consent}")
conversation = call("POST", "/api/v1/conversations", expect=(201,))
reply = call("POST", f"/api/v1/conversations/{conversation['id']}/messages", {"text": question})
answer = reply.get("answer") or {}
if reply.get("kind") != "answer" or not answer.get("faq_id"):
    sys.exit(f"no vetted answer: kind {reply.get('kind')!r}, reply {json.dumps(reply, ensure_ascii=False)[:400]}")
# Vetted: the id is an entry of faq/data, and the text shown is that entry's answer word for word.
faq_text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(faq_dir.rglob("*.yaml")))
if f"id: {answer['faq_id']}\n" not in faq_text:
    sys.exit(f"faq_id {answer['faq_id']!r} is not an entry of {faq_dir}")
if not answer.get("text") or any(line.strip() not in faq_text for line in answer["text"].splitlines()):
    sys.exit(f"the answer text is not the vetted text of {answer['faq_id']}")
print(f"answer {answer['faq_id']} (FAQ version {answer.get('faq_version')}): {answer['text'][:60]}…")
EOF
say "waiting for /readyz on 127.0.0.1:$port (at most ${READY_TIMEOUT} s)"
if ! ip netns exec "$netns" "$PY" "$work/probe.py" ready "$port" "$server_pid" "$READY_TIMEOUT"; then
  tail -40 "$work/serve.log" >&2
  fail "the service in the image did not become ready"
fi
say "ready $((SECONDS - serve_start)) s after the start"
# The service's processes run as the image's user, not as root.
# shellcheck disable=SC2009  # every process of the session, with its uid and full command line
ps -s "$server_pid" -o uid=,args= | grep -F -- "${cmd[*]}" | grep -v 'buildah' >"$work/ps" || true
if [ ! -s "$work/ps" ] || awk '$1 == 0 { found = 1 } END { exit !found }' "$work/ps"; then
  cat "$work/ps" >&2
  fail "the service is not running as the image's non-root user"
fi
say "the service runs as uid $(awk '{print $1}' "$work/ps" | sort -u | paste -sd, -)"
if ! ip netns exec "$netns" buildah run --isolation chroot "$container" -- "${health[@]}" >"$work/health.log" 2>&1; then
  cat "$work/health.log" >&2
  fail "the image's HEALTHCHECK failed: ${health[*]}"
fi
say "HEALTHCHECK passes (${health[0]} … inside the container)"
say "asking: $QUESTION"
if ! ip netns exec "$netns" "$PY" "$work/probe.py" ask "$port" "$QUESTION" faq/data/entries; then
  tail -40 "$work/serve.log" >&2
  fail "the image did not answer the question with a vetted answer"
fi

# --- 6. report and stop --------------------------------------------------------------------------
size="$(inspect '{{.Size}}')"
say "image $IMAGE: $(awk -v s="$size" 'BEGIN {printf "%.0f MB", s/1e6}') (base $BASE_IMAGE: $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
kill -TERM -- "-$server_pid" 2>/dev/null || true
for _ in $(seq 1 30); do kill -0 -- "-$server_pid" 2>/dev/null || break; sleep 1; done
if kill -0 -- "-$server_pid" 2>/dev/null; then say "the service did not stop within 30 s of SIGTERM: killing it"; fi
say "ok: built, started, ready, healthy and answered in $((SECONDS - started)) s"
exit 0
}
