# HWIS Concierge image, two stages:
#   builder  installs CPU torch and the project into /opt/venv, then builds the offline
#            encoder and the FAQ index into /srv/hwis/var (nothing is fetched at run time);
#   runtime  the same slim base with only the venv and var/, run as uid 10001.
# Lint: bash scripts/lint-docker.sh   Static checks: pytest tests/deploy

# One pin for both stages; bump it deliberately (optionally add @sha256:<digest>).
FROM python:3.11.14-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_DATASETS_OFFLINE=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    HWIS_VAR_DIR=/srv/hwis/var

FROM base AS builder
# Where torch comes from: PyTorch's CPU-only wheel index (PyPI's Linux wheel pulls CUDA,
# gigabytes the service never uses). Point it at a mirror of that index if needed.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
# torch alone first: the largest layer, rebuilt only when the pin or the index changes.
# Keep the pin equal to pyproject.toml's (tests/deploy checks it).
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir --index-url "$TORCH_INDEX" "torch==2.13.0"
WORKDIR /src
# The other dependencies next, from pyproject.toml alone (empty package stubs), so that
# a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p app faq menus retrieval guardrails \
    && touch app/__init__.py faq/__init__.py menus/__init__.py retrieval/__init__.py guardrails/__init__.py \
    && pip install --no-cache-dir . \
    && pip uninstall --yes hwis-concierge \
    && rm -rf app faq menus retrieval guardrails build ./*.egg-info
COPY app app
COPY faq faq
COPY menus menus
COPY retrieval retrieval
COPY guardrails guardrails
# A regular (non-editable) install: the code and its data files live in the venv.
RUN pip install --no-cache-dir --no-deps .
# Build the encoder and the FAQ index now, with the installed package (not /src).
WORKDIR /srv/hwis
RUN hwis-concierge index build

FROM base AS runtime
LABEL org.opencontainers.image.title="hwis-concierge" \
      org.opencontainers.image.description="FAQ concierge for Hello Work Internet Service (vetted answers only)"
RUN groupadd --system --gid 10001 hwis \
    && useradd --system --uid 10001 --gid hwis --home-dir /srv/hwis --no-create-home --shell /usr/sbin/nologin hwis
COPY --from=builder /opt/venv /opt/venv
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
