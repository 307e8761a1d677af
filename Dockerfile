# First version: one stage, embedded default (SQLite, bundled FAQ, no LLM).
# The encoder and the FAQ index are built at image build time; nothing is fetched at run time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 HWIS_VAR_DIR=/srv/hwis/var
WORKDIR /srv/hwis
RUN useradd --create-home --uid 10001 hwis
COPY pyproject.toml README.md ./
COPY app app
COPY faq faq
COPY menus menus
COPY retrieval retrieval
COPY guardrails guardrails
# Point TORCH_INDEX at a CPU-only PyTorch wheel index (or a local mirror) to keep the image small.
ARG TORCH_INDEX=""
RUN pip install --no-cache-dir ${TORCH_INDEX:+--index-url "$TORCH_INDEX"} "torch==2.13.0" \
    && pip install --no-cache-dir .
RUN mkdir -p var && hwis-concierge index build && chown -R hwis:hwis var
USER hwis
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status==200 else 1)"
CMD ["hwis-concierge", "serve", "--host", "0.0.0.0"]
