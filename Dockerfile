# HWIS Concierge image, three stages on one base:
#   deps     CPU torch and every dependency in /opt/venv (no project code: cached until
#            pyproject.toml changes);
#   builder  the project in /opt/hwis, then the offline encoder and the FAQ index built into
#            /srv/hwis/var (nothing is fetched at run time);
#   runtime  the same base with only the venv, the project and var/, run as uid 10001.
# Lint: bash scripts/lint-docker.sh   Static checks: pytest tests/deploy

# One base for every stage. The default is the pinned official image; bump it deliberately
# (optionally add @sha256:<digest>). Where no registry can be reached, scripts/image.sh builds
# a Debian bookworm base (python3 3.11, python3-venv, ca-certificates) with mmdebstrap and passes
# --build-arg BASE_IMAGE=localhost/hwis-base:bookworm. Either base works: the steps below use
# only python3 -m venv, groupadd and useradd.
ARG BASE_IMAGE=python:3.11.14-slim-bookworm
FROM ${BASE_IMAGE} AS base
ENV LANG=C.UTF-8 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_DATASETS_OFFLINE=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/hwis/bin:/opt/venv/bin:$PATH \
    HWIS_VAR_DIR=/srv/hwis/var

# deps: the virtualenv with every dependency and none of the project's code. Its layers, and
# the runtime stage's copy of it (the largest layer), are rebuilt only when pyproject.toml, the
# torch pin or the base change: a code or FAQ change reuses them.
FROM base AS deps
# Where torch comes from: PyTorch's CPU-only wheel index (PyPI's Linux wheel pulls CUDA,
# gigabytes the service never uses). Point it at a mirror of that index if needed.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
# torch alone first: the largest layer. Keep the pin equal to pyproject.toml's (tests/deploy
# checks it). The last line fails the build if a CUDA build of torch slipped in.
RUN python3 -m venv /opt/venv \
    && pip install --no-cache-dir --index-url "$TORCH_INDEX" "torch==2.13.0" \
    && python -c "import sys, torch; sys.exit('torch is a CUDA build' if torch.version.cuda else 0)"
WORKDIR /src
# The other dependencies from pyproject.toml alone (empty package stubs and README), then the
# project itself out again. A .pth file puts /opt/hwis, where the builder installs the code, on
# the venv's path.
COPY pyproject.toml ./
RUN mkdir -p app faq menus retrieval guardrails \
    && touch README.md app/__init__.py faq/__init__.py menus/__init__.py retrieval/__init__.py guardrails/__init__.py \
    && pip install --no-cache-dir . \
    && pip uninstall --yes hwis-concierge \
    && rm -rf README.md app faq menus retrieval guardrails build ./*.egg-info \
    && echo /opt/hwis >"$(python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/hwis-concierge.pth"

# builder: the project (a regular, non-editable install: code and data files in /opt/hwis, its
# command in /opt/hwis/bin), then the encoder and the FAQ index, built with the installed package.
FROM deps AS builder
COPY pyproject.toml README.md ./
COPY app app
COPY faq faq
COPY menus menus
COPY retrieval retrieval
COPY guardrails guardrails
RUN pip install --no-cache-dir --no-deps --target /opt/hwis .
WORKDIR /srv/hwis
RUN hwis-concierge index build

FROM base AS runtime
LABEL org.opencontainers.image.title="hwis-concierge" \
      org.opencontainers.image.description="FAQ concierge for Hello Work Internet Service (vetted answers only)"
RUN groupadd --system --gid 10001 hwis \
    && useradd --system --uid 10001 --gid hwis --home-dir /srv/hwis --no-create-home --shell /usr/sbin/nologin hwis
COPY --from=deps /opt/venv /opt/venv
COPY --from=builder /opt/hwis /opt/hwis
# var/ stays writable for the embedded SQLite default and a rebuild after an FAQ change.
COPY --from=builder --chown=10001:10001 /srv/hwis /srv/hwis
WORKDIR /srv/hwis
# Production by default: placeholder secrets are refused. PROMETHEUS_MULTIPROC_DIR lets
# /metrics merge the workers' samples (`serve` empties it at start).
ENV HWIS_ENVIRONMENT=production \
    HWIS_HOST=0.0.0.0 \
    HWIS_PORT=8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/hwis-metrics
USER 10001:10001
EXPOSE 8000
# Start-up loads the index in the parent and in each worker: minutes on 2 busy cores.
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["hwis-concierge", "serve", "--host", "0.0.0.0", "--workers", "2"]
