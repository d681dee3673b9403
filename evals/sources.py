"""The raw documents the baselines index, and where each article starts in their text.

Baselines chunk by size, not by legal unit, so an article-level metric needs to know which
``Điều`` a character offset falls in. The offsets come from the parser's line numbers: the
parser reads the same normalised text ``read_source`` returns, one block per line.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus import Catalog, CorpusError, Unit, discover, load_folder_facts
from corpus.load import document_from_source
from corpus.read import read_source

__all__ = ["Source", "articles_between", "corpus_digest", "load_sources"]

logger = logging.getLogger(__name__)

# Units that end the article before them without starting a new one (their text cites no Điều).
_OUTSIDE_ARTICLES = ("phuluc", "mau", "phan", "chuong", "muc", "tieumuc")


@dataclass(frozen=True, slots=True)
class Source:
    """One document's text and the offsets where its articles start."""

    doc_number: str
    path: str
    text: str
    sha256: str
    # (offset, article label), sorted by offset; label "" for text outside any article
    # (header, chapter headings, appendices, and the whole of a training material).
    spans: tuple[tuple[int, str], ...]


def article_spans(text: str, root: Unit) -> tuple[tuple[int, str], ...]:
    """Start offsets of articles (and of non-article stretches) from the parser's line numbers."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    spans: list[tuple[int, str]] = [(0, "")]
    for unit in root.walk():
        if unit.line < 1 or unit.line > len(starts) - 1:
            continue
        if unit.kind == "dieu":
            spans.append((starts[unit.line - 1], unit.label))
        elif unit.kind in _OUTSIDE_ARTICLES:
            spans.append((starts[unit.line - 1], ""))
    spans.sort(key=lambda s: s[0])
    return tuple(spans)


def articles_between(source: Source, start: int, end: int) -> tuple[str, ...]:
    """Article labels a stretch of text overlaps, the one it covers most first."""
    offsets = [s for s, _ in source.spans]
    i = max(0, bisect.bisect_right(offsets, start) - 1)
    covered: dict[str, int] = {}
    while i < len(source.spans) and source.spans[i][0] < end:
        span_start, label = source.spans[i]
        span_end = source.spans[i + 1][0] if i + 1 < len(source.spans) else len(source.text)
        overlap = min(end, span_end) - max(start, span_start)
        if overlap > 0:
            covered[label] = covered.get(label, 0) + overlap
        i += 1
    labelled = {k: v for k, v in covered.items() if k} or covered
    return tuple(sorted(labelled, key=lambda k: -labelled[k]))


def load_sources(paths: Sequence[Path], catalog: Catalog, *, max_bytes: int = 50_000_000) -> list[Source]:
    """Read every supported file under ``paths``; unreadable files are skipped, as ingest does."""
    out: list[Source] = []
    facts: dict[Path, dict[str, dict[str, object]]] = {}
    for path in discover(list(paths)):
        if path.parent not in facts:
            facts[path.parent] = load_folder_facts(path.parent)
        material = facts[path.parent].get(path.name)
        try:
            source = read_source(path, max_bytes=max_bytes)
            doc = document_from_source(source, catalog, material=material)
        except CorpusError as exc:
            logger.warning("baselines skip %s: %s", path, exc.message)
            continue
        spans = ((0, ""),) if doc.kind == "material" else article_spans(source.text, doc.root)
        out.append(Source(doc_number=doc.number, path=str(path), text=source.text, sha256=source.sha256,
                          spans=spans))
    return out


def corpus_digest(sources: Sequence[Source], *parts: str) -> str:
    """A key for caches built from these documents (and any parameters given)."""
    digest = hashlib.sha256()
    for s in sorted(sources, key=lambda s: s.doc_number):
        digest.update(f"{s.doc_number}\0{s.sha256}\0".encode())
    for part in parts:
        digest.update(f"{part}\0".encode())
    return digest.hexdigest()[:16]
