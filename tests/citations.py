"""Resolve a citation ("Điểm a Khoản 2 Điều 36 Nghị định 152/2025/NĐ-CP") to its text in the parsed corpus.

Trainer outputs are checked against the documents themselves, parsed here from the shared corpus,
not against the index that produced them.
"""

from __future__ import annotations

from pathlib import Path

from corpus import Catalog, Document, Unit, discover, load_document
from corpus.refs import doc_key, find_doc_numbers, find_references


class Corpus:
    """The parsed shared documents, keyed by document number."""

    def __init__(self, folders: list[Path]) -> None:
        catalog = Catalog.builtin()
        self.docs: dict[str, Document] = {}
        for path in discover(folders):
            doc = load_document(path, catalog)
            self.docs[doc_key(doc.number)] = doc

    def unit_text(self, doc_number: str, article: str, clause: str | None = None, point: str | None = None) -> str:
        """The cited unit's text (a clause with its points, a point, or a whole article); KeyError if absent."""
        doc = self.docs[doc_key(doc_number)]
        unit = doc.article(str(article))
        if unit is None:
            raise KeyError(f"no Điều {article} in {doc_number}")
        text = unit.full_text()
        if clause:
            unit = _child(unit, "khoan", str(clause))
            text = f"{unit.label}. {unit.full_text()}"
        if point:
            unit = _child(unit, "diem", point)
            text = unit.full_text()
        return text

    def label_text(self, label: str) -> str:
        """The text a citation label points to; KeyError when the document or unit does not exist."""
        numbers = find_doc_numbers(label)
        refs = [r for r in find_references(label) if r.article is not None]
        if not numbers or not refs:
            raise KeyError(f"not a legal citation: {label!r}")
        ref = refs[0]
        return self.unit_text(numbers[-1], str(ref.article), str(ref.clause) if ref.clause else None, ref.point)


def _child(unit: Unit, kind: str, label: str) -> Unit:
    for child in unit.children:
        if child.kind == kind and child.label == label:
            return child
    raise KeyError(f"no {kind} {label} in {unit.kind} {unit.label}")
