#!/usr/bin/env bash
# One command on a fresh clone: install, index the shared documents, serve on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DOCS=${TDKT_QUICKSTART_DOCS:-"../shared/corpus/text ../shared/training-materials"}
# shellcheck disable=SC2086
.venv/bin/tdkt ingest $DOCS
exec .venv/bin/tdkt serve "$@"
