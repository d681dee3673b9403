"""The assistant's data files (``assistant/data/*.tsv``): one reader for their common format."""

from __future__ import annotations

from importlib import resources

__all__ = ["data_lines", "tsv_rows"]


def _lines(name: str) -> list[str]:
    """Lines of ``assistant/data/<name>`` as written; blank lines and ``#`` comments skipped."""
    text = resources.files("assistant").joinpath(f"data/{name}").read_text("utf-8")
    return [raw for raw in text.splitlines() if raw.strip() and not raw.startswith("#")]


def tsv_rows(name: str) -> list[list[str]]:
    """Rows of ``assistant/data/<name>``, split at tabs and stripped; blank lines and ``#`` comments skipped."""
    return [[cell.strip() for cell in raw.split("\t")] for raw in _lines(name) if "\t" in raw]


def data_lines(name: str) -> list[str]:
    """Lines of ``assistant/data/<name>``, stripped; blank lines and ``#`` comments skipped."""
    return [raw.strip() for raw in _lines(name)]
