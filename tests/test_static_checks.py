"""mypy --strict and ruff over the whole code base, as STYLE asks (configuration in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.mark.slow
def test_mypy_strict() -> None:
    result = subprocess.run([str(BIN / "mypy")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff() -> None:
    result = subprocess.run([str(BIN / "ruff"), "check", "corpus", "indexer", "assistant", "bots", "evals"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
