#!/usr/bin/env bash
# Install everything tdkt needs into ./.venv (idempotent). Used by the quickstart and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# CPU torch first: an unpinned torch would pull gigabytes of CUDA.
.venv/bin/python -m pip install -q "torch==2.13.0"
.venv/bin/python -m pip install -q -e ".[dev]"

# Debian packages: Chromium for the browser test, DejaVu for PDF fixtures, LibreOffice Writer (no GUI;
# 86 MB download, 263 MB installed, about a minute) for the test that lays out the trainers' Word files as PDF.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: missing Debian packages: ${need[*]} (the browser and PDF layout tests will be skipped)" >&2
  fi
fi
