"""Typed records produced by the indexer stage."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, cast

from corpus.catalog import iso_date
from corpus.records import DocumentFacts, Status, Supersession

__all__ = ["Chunk", "DocEntry", "Hit", "IndexInfo"]


@dataclass(frozen=True, slots=True)
class Chunk:
    """One retrievable passage with everything a citation needs (no file is reopened)."""

    id: str  # UUID derived from doc number + unit path: re-indexing replaces, never duplicates
    doc_number: str
    doc_title: str
    short_title: str
    doc_type: str
    issuer: str
    issued: str | None  # ISO dates in payloads
    effective: str | None
    status: str  # catalog status: in_force | superseded | expired | not_yet | unknown
    superseded_by: tuple[str, ...]
    superseded_on: str | None
    doc_kind: str  # legal | material
    chapter: str  # "Chương III. Tiêu chuẩn ..." ("" when none)
    section: str  # "Mục 1. ..." ("" when none)
    article: str  # "22" ("" for materials)
    article_title: str
    clause: str | None  # "1"; None when the chunk is a whole article
    points: tuple[str, ...]  # point letters inside the chunk
    text: str  # the unit's text with its points, labels included
    context: str  # "Luật TĐKT 2022 › Chương III › Điều 22. Danh hiệu …"
    source: str
    order: int  # position in the document, for rebuilding whole articles
    amends: str | None = None  # "15/2003/QH11 Điều 24" for amending clauses
    doc_sha256: str = ""
    note: str = ""  # catalog note on validity
    lead: str = ""  # the article's short lead-in ("… đạt các tiêu chuẩn sau đây:"), context for a clause
    form: str | None = None  # "07" for an appendix form (Mẫu số 07); article is "" then
    part: str = ""  # "Quy định ban hành kèm theo" for an article of a text a Quyết định promulgates

    def to_payload(self) -> dict[str, Any]:
        data = asdict(self)
        data["superseded_by"] = list(self.superseded_by)
        data["points"] = list(self.points)
        data["record"] = "chunk"
        return data

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Chunk:
        names = {f.name for f in fields(cls)}
        data = {k: v for k, v in payload.items() if k in names}
        data["superseded_by"] = tuple(data.get("superseded_by") or ())
        data["points"] = tuple(data.get("points") or ())
        return cls(**data)

    def label(self, point: str | None = None) -> str:
        """Citation text: "Điểm a Khoản 1 Điều 22 Luật Thi đua, khen thưởng 2022 (06/2022/QH15)"."""
        if self.doc_kind == "material":
            source = [self.issuer] if self.issuer else []
            if self.issued:
                y, m, d = self.issued.split("-")
                source.append(f"{d}/{m}/{y}")
            # A deployer's material may name no publisher or date: no "(, 12/03/2029)" nor "()".
            return f"{self.doc_title} ({', '.join(source)})" if source else self.doc_title
        doc = self.short_title if self.doc_number in self.short_title else f"{self.short_title} ({self.doc_number})"
        if self.form:
            # section holds the appendix heading: "Phụ lục I. Mẫu văn bản …" → "Phụ lục I"
            appendix = self.section.split(".")[0].strip()
            return f"Mẫu số {self.form} {appendix} kèm theo {doc}" if appendix else f"Mẫu số {self.form} kèm theo {doc}"
        parts = []
        if point:
            parts.append(f"Điểm {point}")
        if self.clause and self.clause != "0":
            parts.append(f"Khoản {self.clause}")
        parts.append(f"Điều {self.article}")
        if self.part:  # "Điều 3 Quy định ban hành kèm theo Quyết định 86/2025/QĐ-UBND"
            return " ".join(parts) + f" {self.part} {self.doc_type} {self.doc_number}"
        return " ".join(parts) + f" {doc}"

    @property
    def speaks_today(self) -> bool:
        """An in-force passage (or one of unknown status), or a training material: what the library says now."""
        return self.status in ("in_force", "unknown") or self.doc_kind == "material"

    @property
    def titled_text(self) -> str:
        """The article title and the text: what the vocabulary of an index counts."""
        return f"{self.article_title}\n{self.text}"

    @property
    def unit_path(self) -> str:
        if self.form:
            return f"mau:{self.form}"
        parts = (["kem"] if self.part else []) + ([f"dieu:{self.article}"] if self.article else [])
        if self.clause:
            parts.append(f"khoan:{self.clause}")
        return "/".join(parts)


@dataclass(frozen=True, slots=True)
class Hit:
    """A chunk with the scores that brought it up."""

    chunk: Chunk
    score: float
    sparse: float | None = None
    dense: float | None = None
    also: float | None = None  # keyword score for a second query (the sentences of a story that ask)


@dataclass(frozen=True, slots=True)
class DocEntry:
    """A document in an index generation: facts for listings and the hash for re-ingest."""

    number: str
    title: str
    short_title: str
    doc_type: str
    kind: str
    issuer: str
    issued: str | None
    effective: str | None
    status: str
    superseded_by: list[str]
    superseded_on: str | None
    source: str
    sha256: str
    articles: int
    chunks: int
    note: str = ""
    warnings: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)  # numbers of texts it replaces (catalog or its own words)

    def facts(self) -> DocumentFacts:
        """This document as a catalog records one: its facts as ingest read them (catalog or its own words)."""
        status = self.status if self.status in ("in_force", "superseded", "not_yet", "expired") else "unknown"
        return DocumentFacts(number=self.number, title=self.title, short_title=self.short_title,
                             doc_type=self.doc_type, issuer=self.issuer, issued=iso_date(self.issued),
                             effective=iso_date(self.effective), status=cast(Status, status),
                             superseded_by=tuple(Supersession(n, iso_date(self.superseded_on))
                                                 for n in self.superseded_by),
                             replaces=tuple(self.replaces), articles=self.articles, note=self.note)


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """What an index generation holds, stored inside the collection itself."""

    collection: str
    built_at: str
    avgdl: float
    dense_model: str | None
    dense_dim: int | None
    documents: list[DocEntry] = field(default_factory=list)
    chunks: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    # Document frequency of folded syllable bigrams ("thi_dua"): lets the assistant judge how
    # much of a question the documents cover, on a server as in embedded mode.
    bigram_df: dict[str, int] = field(default_factory=dict)
    # Syllable counts of the chunks' titled texts (corpus.text.count_syllables): the assistant's
    # vocabulary for typos and missing diacritics, read rather than recounted when a process starts.
    vocabulary: dict[str, Any] = field(default_factory=dict)
    chunking: int = 0  # indexer.chunk.CHUNKING_VERSION of the code that built it (0: before it existed)
