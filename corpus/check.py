"""`tdkt corpus check`: what the parser makes of each file, before anything is indexed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corpus.catalog import Catalog
from corpus.errors import CorpusError
from corpus.load import discover, load_document, load_folder_facts

__all__ = ["CheckReport", "check_paths"]


@dataclass(frozen=True, slots=True)
class CheckReport:
    path: str
    number: str = ""
    title: str = ""
    doc_type: str = ""
    kind: str = ""
    status: str = ""
    articles: int = 0
    clauses: int = 0
    points: int = 0
    chapters: int = 0
    forms: int = 0
    warnings: list[str] = field(default_factory=list)
    error_code: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_paths(paths: list[Path], catalog: Catalog, *, max_bytes: int = 50_000_000) -> list[CheckReport]:
    reports = []
    facts_by_folder: dict[Path, dict[str, dict[str, Any]]] = {}
    for path in discover(paths):
        if path.parent not in facts_by_folder:
            facts_by_folder[path.parent] = load_folder_facts(path.parent)
        try:
            doc = load_document(path, catalog, max_bytes=max_bytes,
                                material=facts_by_folder[path.parent].get(path.name))
        except CorpusError as exc:
            reports.append(CheckReport(path=str(path), error_code=exc.code, error=exc.message))
            continue
        kinds = [u.kind for u in doc.root.walk()]
        reports.append(CheckReport(
            path=str(path), number=doc.number, title=doc.title, doc_type=doc.doc_type, kind=doc.kind,
            status=doc.status, articles=kinds.count("dieu"), clauses=kinds.count("khoan"),
            points=kinds.count("diem"), chapters=kinds.count("chuong"), forms=kinds.count("mau"),
            warnings=list(doc.warnings),
        ))
    return reports
