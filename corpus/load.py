"""Files → Documents: read, parse, and join the catalog's facts (validity first-class)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from corpus.catalog import Catalog, iso_date
from corpus.errors import NoStructure
from corpus.parse import parse_legal
from corpus.read import read_source
from corpus.records import Document, DocumentFacts, SourceText, Unit
from corpus.refs import DOC_NUMBER, doc_key
from corpus.text import normalize

__all__ = ["LoadFailure", "SUPPORTED_SUFFIXES", "discover", "document_from_source", "load_document", "load_folder_facts"]

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".doc")
_BOILERPLATE = re.compile(
    r"^(skip to content|visitor statistic|currently online|total visit|trang chủ|chia sẻ|in bài|"
    r"bản quyền|copyright|tin, ảnh|ảnh:|nguồn:)", re.IGNORECASE,
)
_MATERIAL_SECTION_WORDS = 8


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A file that could not be indexed, and why (the error's stable code)."""

    path: str
    code: str
    message: str


def discover(dirs: list[Path]) -> Iterator[Path]:
    """Supported files below the given folders (or the files themselves), sorted."""
    for d in dirs:
        if d.is_file():
            yield d
            continue
        for path in sorted(d.rglob("*")):
            if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith("."):
                yield path


def load_folder_facts(folder: Path) -> dict[str, dict[str, Any]]:
    """A folder's ``manifest.json`` entries keyed by file name (training materials)."""
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        return {}
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        logger.warning("ignoring unreadable manifest %s: %s", manifest, exc)
        return {}
    entries = data if isinstance(data, list) else data.get("documents", [])
    out: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if isinstance(entry, dict) and entry.get("file"):
            out[str(entry["file"])] = entry
    return out


_EFFECTIVE = re.compile(
    r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày\s+(?:(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})|"
    r"(\d{1,2})/(\d{1,2})/(\d{4}))", re.IGNORECASE)


def effective_from_text(text: str) -> date | None:
    """ "… có hiệu lực (thi hành) (kể) từ ngày 15 tháng 12 năm 2025" (or 15/12/2025) in a text's own words."""
    m = _EFFECTIVE.search(normalize(text))
    if m is None:
        return None
    day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def load_document(path: Path, catalog: Catalog, *, max_bytes: int = 20_000_000,
                  material: dict[str, Any] | None = None) -> Document:
    """Read and parse one file. Raises a CorpusError subclass naming the file."""
    source = read_source(path, max_bytes=max_bytes)
    return document_from_source(source, catalog, material=material)


# "Nghị quyết này thay thế Nghị quyết số 32/2024/NQ-HĐND …", "… bãi bỏ Quyết định số 35/2024/QĐ-UBND": a whole
# text the document replaces, in its own words (a part of one, "bãi bỏ Điều 5 của …", is not named this way).
_REPLACES = re.compile(r"(?:thay thế|bãi bỏ)\s+(?:toàn bộ\s+)?(?:Nghị quyết|Quyết định|Nghị định|Thông tư|Chỉ thị)"
                       r"\s+(?:số\s+)?(?=\d)", re.IGNORECASE)


def replaced_in_text(text: str) -> tuple[str, ...]:
    """The numbers of the texts a document says it replaces ("… thay thế Nghị quyết số 32/2024/NQ-HĐND …")."""
    out: list[str] = []
    for m in _REPLACES.finditer(text):
        found = DOC_NUMBER.match(text, m.end())
        if found and (number := re.sub(r"\s+", "", found.group(0))) not in out:
            out.append(number)
    return tuple(out)


def document_from_source(source: SourceText, catalog: Catalog, *,
                         material: dict[str, Any] | None = None) -> Document:
    if material is not None:
        return _material(source, material)
    facts_hint = None
    parsed = parse_legal(source.text)
    if parsed.header.number:
        facts_hint = catalog.get(parsed.header.number)
    if facts_hint is not None and facts_hint.amends:
        parsed = parse_legal(source.text, amends=facts_hint.amends[0])
    if not parsed.root.find("dieu"):
        raise NoStructure(f"{source.path}: no articles (Điều) found", path=source.path)
    header = parsed.header
    number = header.number or Path(source.path).stem
    facts = catalog.get(number) or DocumentFacts(
        number=number,
        title=header.title or Path(source.path).stem,
        short_title=f"{header.doc_type or 'Văn bản'} {number}",
        doc_type=header.doc_type or "Văn bản",
        issuer=header.issuer or "",
        issued=header.issued,
        status="unknown",
    )
    if catalog.get(number) is None:
        effective = effective_from_text(source.text)
        if effective is not None:
            # A deployer's own text: its date of effect comes from its own words.
            facts = replace(facts, effective=effective, status="in_force")
        else:
            logger.info("%s: %s not in the catalog; validity unknown", source.path, number)
        # … and so does what it replaces.
        facts = replace(facts, replaces=tuple(r for r in replaced_in_text(source.text) if doc_key(r) != doc_key(number)))
    articles = parsed.root.find("dieu")
    warnings = list(parsed.warnings)
    if facts.articles is not None and facts.articles != len(articles):
        warnings.append(f"catalog says {facts.articles} articles, parsed {len(articles)}")
    return Document(
        number=facts.number,
        title=facts.title,
        short_title=facts.short_title,
        doc_type=facts.doc_type,
        issuer=facts.issuer or (header.issuer or ""),
        issued=facts.issued or header.issued,
        effective=facts.effective,
        status=facts.status,
        superseded_by=tuple(s.number for s in facts.superseded_by),
        superseded_on=min((s.start for s in facts.superseded_by if s.start), default=None),
        replaces=facts.replaces,
        amends=facts.amends,
        kind="legal",
        source=source.path,
        sha256=source.sha256,
        root=parsed.root,
        warnings=tuple(warnings),
        note=facts.note,
    )


def _material(source: SourceText, meta: dict[str, Any]) -> Document:
    """A news report or slide deck: titled paragraphs, cited by title and date."""
    paragraphs = []
    for raw in normalize(source.text).split("\n"):
        line = raw.strip()
        if not line or _BOILERPLATE.match(line) or len(line.split()) < _MATERIAL_SECTION_WORDS:
            continue
        paragraphs.append(line)
    if not paragraphs:
        raise NoStructure(f"{source.path}: no readable paragraphs", path=source.path)
    sections = tuple(Unit("section", str(i + 1), text=p, line=i + 1) for i, p in enumerate(paragraphs))
    number = Path(source.path).stem
    title = str(meta.get("title") or number)
    published = iso_date(meta.get("published") or meta.get("event_date"))
    return Document(
        number=number,
        title=title,
        short_title=title,
        doc_type=str(meta.get("kind") or "Tài liệu"),
        issuer=str(meta.get("publisher") or ""),
        issued=published,
        effective=None,
        status="unknown",
        kind="material",
        source=source.path,
        sha256=source.sha256,
        root=Unit("root", children=sections),
    )
