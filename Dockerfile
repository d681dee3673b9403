# tdkt: the web page, HTTP API and bots (`tdkt serve`), or a one-shot `tdkt ingest`.
# Build: docker build -t tdkt .   Run with Qdrant: docker compose up -d (see docs/deployment.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# CPU torch first, from the standard index (as scripts/setup.sh does): an unpinned torch would
# pull gigabytes of CUDA. Its own layer, so code changes do not download it again.
RUN pip install "torch==2.13.0"

COPY pyproject.toml README.md ./
COPY corpus ./corpus
COPY indexer ./indexer
COPY assistant ./assistant
COPY evals ./evals
COPY bots ./bots
RUN pip install .

# Not root: the data volume is the only place it writes.
RUN useradd --system --uid 10001 --create-home --home-dir /home/tdkt tdkt \
    && mkdir -p /data \
    && chown tdkt:tdkt /data
USER tdkt

ENV TDKT_DATA_DIR=/data \
    TDKT_HOST=0.0.0.0 \
    TDKT_PORT=8000
VOLUME ["/data"]
EXPOSE 8000

# 200 once an index is served; 503 before the first ingest or while Qdrant is unreachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4)"]

ENTRYPOINT ["tdkt"]
CMD ["serve"]
