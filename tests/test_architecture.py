"""The shape of the code: one-way layers, public surfaces, a message for every error."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from bots.messages import MESSAGES
from corpus.errors import TdktError

PACKAGES = ["corpus", "indexer", "assistant", "evals", "bots"]


def test_layers_are_respected() -> None:
    """corpus → indexer → assistant → evals → bots: a lower stage never imports a higher one."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["corpus", "indexer", "assistant"])
def test_public_surface_is_sorted_and_importable(name: str) -> None:
    package = importlib.import_module(name)
    exported = list(package.__all__)
    assert exported == sorted(exported)
    for symbol in exported:
        assert hasattr(package, symbol), f"{name}.{symbol}"


def _all_modules() -> None:
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if info.name.endswith("__main__"):
                continue
            importlib.import_module(info.name)


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_subclasses(sub))
    return out


def test_every_error_code_has_a_vietnamese_message() -> None:
    _all_modules()
    missing = [c.__name__ for c in _subclasses(TdktError) if c.code not in MESSAGES]
    assert missing == []
