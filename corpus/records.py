"""Typed records produced by the corpus stage."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "Document",
    "DocumentFacts",
    "DocumentKind",
    "Header",
    "ParsedText",
    "SourceText",
    "Status",
    "Supersession",
    "Unit",
    "UnitKind",
]

UnitKind = Literal[
    "root", "phan", "chuong", "muc", "tieumuc", "dieu", "khoan", "diem", "doan",
    "phuluc", "mau", "section",
]
Status = Literal["in_force", "superseded", "not_yet", "expired", "unknown"]
DocumentKind = Literal["legal", "material"]

# Order of the Vietnamese alphabet for point letters: a, b, c, d, đ, e, ...
POINT_ORDER = "abcdđeghiklmnopqrstuvxy"


@dataclass(frozen=True, slots=True)
class SourceText:
    """Text read from one file, before parsing."""

    path: str
    text: str
    format: str  # txt | md | html | docx | pdf | doc
    sha256: str  # of the file bytes


@dataclass(frozen=True, slots=True)
class Unit:
    """A node of a document's legal structure (an article is kind ``dieu``)."""

    kind: UnitKind
    label: str = ""  # "22", "1", "a", "II", "01"
    title: str = ""
    text: str = ""  # the unit's own text, without its children
    children: tuple[Unit, ...] = ()
    amends: str | None = None  # for amending clauses: "15/2003/QH11 Điều 24"
    line: int = 0  # 1-based line in the parsed text

    def walk(self) -> Iterator[Unit]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, kind: UnitKind) -> list[Unit]:
        return [u for u in self.walk() if u.kind == kind]

    def full_text(self) -> str:
        """The unit's text with all descendants, one element per line."""
        parts = [self.text] if self.text else []
        for child in self.children:
            head = child.heading()
            body = child.full_text()
            if child.kind == "khoan":
                parts.append(f"{child.label}. {body}" if child.label else body)
            elif child.kind == "diem":
                parts.append(f"{child.label}) {body}")
            elif child.kind == "doan":
                parts.append(body)
            else:
                parts.append("\n".join(p for p in (head, body) if p))
        return "\n".join(p for p in parts if p)

    def heading(self) -> str:
        names = {
            "phan": "Phần", "chuong": "Chương", "muc": "Mục", "tieumuc": "Tiểu mục",
            "dieu": "Điều", "phuluc": "Phụ lục", "mau": "Mẫu số",
        }
        name = names.get(self.kind)
        if name is None:
            return self.title
        label = f"{name} {self.label}".strip()
        if self.kind == "dieu":
            return f"{label}. {self.title}" if self.title else label
        return f"{label}. {self.title}" if self.title else label


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed document with its facts (from the text and the catalog)."""

    number: str  # "06/2022/QH15"; for materials a stable slug
    title: str
    short_title: str
    doc_type: str  # Luật, Nghị định, Thông tư, Quyết định, Tài liệu
    issuer: str
    issued: date | None
    effective: date | None
    status: Status
    superseded_by: tuple[str, ...] = ()
    superseded_on: date | None = None  # when the replacing rules took effect
    replaces: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    kind: DocumentKind = "legal"
    source: str = ""
    sha256: str = ""
    root: Unit = field(default_factory=lambda: Unit("root"))
    warnings: tuple[str, ...] = ()
    note: str = ""

    def articles(self) -> list[Unit]:
        return self.root.find("dieu")

    def article(self, label: str) -> Unit | None:
        for unit in self.root.walk():
            if unit.kind == "dieu" and unit.label == label:
                return unit
        return None


@dataclass(frozen=True, slots=True)
class Header:
    """What a document's own header says about it."""

    number: str | None
    doc_type: str | None
    issuer: str | None
    issued: date | None
    title: str | None
    cited_numbers: tuple[str, ...] = ()  # document numbers named in the preamble


@dataclass(frozen=True, slots=True)
class ParsedText:
    """Output of the pure parser: header, structure tree and warnings."""

    header: Header
    root: Unit
    warnings: tuple[str, ...]
    unparsed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Supersession:
    number: str  # the replacing document
    start: date | None  # from when the replacing rules apply
    verified: bool = True


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """Catalog facts about a document, whether or not its text is on hand."""

    number: str
    title: str
    short_title: str
    doc_type: str
    issuer: str = ""
    issued: date | None = None
    effective: date | None = None
    expires: date | None = None
    status: Status = "unknown"
    superseded_by: tuple[Supersession, ...] = ()
    replaces: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    text_available: bool = True
    articles: int | None = None
    note: str = ""
    # A sector's own rules (the education circular) answer questions from that sector; folded terms.
    sector_terms: tuple[str, ...] = ()

    def status_at(self, at: date) -> Status:
        """Validity on a given day, from the dates the catalog knows."""
        start = self.effective or self.issued
        if start is not None and at < start:
            return "not_yet"
        if self.status == "unknown":
            return "unknown"
        ends = [s.start for s in self.superseded_by if s.start is not None]
        if ends and at >= min(ends):
            return "superseded"
        if self.superseded_by and not ends:
            return "superseded"
        if self.expires is not None and at >= self.expires:
            return "expired"
        if self.status == "superseded" and not ends:
            return "superseded"
        return "in_force"
