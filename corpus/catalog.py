"""Facts about documents that their texts do not state: dates, validity, what replaces what.

The built-in catalog (``corpus/data/catalog.json``) holds facts, never texts. A deployment
adds its own JSON files in the same shape, or a folder's ``manifest.json``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from corpus.errors import CatalogError
from corpus.records import DocumentFacts, Status, Supersession
from corpus.refs import DOC_NUMBER, DocHint, doc_key

__all__ = ["Catalog", "iso_date"]

logger = logging.getLogger(__name__)

_STATUS: dict[str, Status] = {
    "in_force": "in_force", "in force": "in_force", "superseded": "superseded",
    "expired": "expired", "not_yet": "not_yet", "unknown": "unknown",
}


def iso_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _supersessions(raw: Any) -> tuple[Supersession, ...]:
    out = []
    for item in raw or ():
        if isinstance(item, dict):
            out.append(Supersession(str(item["number"]), iso_date(item.get("from")), bool(item.get("verified", True))))
        elif isinstance(item, str) and item.strip():
            # manifest style: "06/2022/QH15 (from 2024-01-01)"
            number = item.split(" ")[0]
            start = None
            if "from " in item:
                start = iso_date(item.split("from ", 1)[1][:10])
            out.append(Supersession(number, start, "not verified" not in item))
    return tuple(out)


def _facts(raw: dict[str, Any]) -> DocumentFacts:
    number = str(raw["number"]).strip()
    title = str(raw.get("title") or number)
    return DocumentFacts(
        number=number,
        title=title,
        short_title=str(raw.get("short_title") or f"{raw.get('doc_type', '')} {number}".strip()),
        doc_type=str(raw.get("doc_type") or ""),
        issuer=str(raw.get("issuer") or ""),
        issued=iso_date(raw.get("issued")),
        effective=iso_date(raw.get("effective")),
        expires=iso_date(raw.get("expires")),
        status=_STATUS.get(str(raw.get("status") or "unknown").lower(), "unknown"),
        superseded_by=_supersessions(raw.get("superseded_by")),
        replaces=tuple(str(r).split(" ")[0] for r in raw.get("replaces") or ()),
        amends=tuple(str(r).split(" ")[0] for r in raw.get("amends") or ()),
        text_available=bool(raw.get("text_available", raw.get("text_included", True))),
        articles=raw.get("articles") if isinstance(raw.get("articles"), int) else None,
        note=str(raw.get("note") or ""),
        sector_terms=tuple(str(t) for t in raw.get("sector_terms") or ()),
    )


class Catalog:
    """Lookup of document facts by number (case, Đ/D and separators folded)."""

    def __init__(self, facts: Iterable[DocumentFacts] = ()) -> None:
        self._by_key: dict[str, DocumentFacts] = {}
        self._inferred: set[str] = set()  # keys of entries known only from what replaced them (``_replaced``)
        for f in facts:
            self.add(f)

    @classmethod
    def builtin(cls, extra: Iterable[Path] = ()) -> Catalog:
        text = resources.files("corpus").joinpath("data/catalog.json").read_text("utf-8")
        catalog = cls(_facts(d) for d in json.loads(text)["documents"])
        for path in extra:
            catalog.load(path)
        return catalog

    def load(self, path: Path) -> None:
        """Add the facts of a catalog file (this shape, or a shared ``manifest.json``)."""
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CatalogError(f"cannot read catalog {path}: {exc}", path=path) from exc
        entries = data.get("documents", []) if isinstance(data, dict) else data
        count = 0
        for raw in entries:
            if isinstance(raw, dict) and raw.get("number"):
                known = self.get(str(raw["number"]))
                fresh = _facts(raw)
                if known is not None and doc_key(known.number) not in self._inferred:
                    # Keep the built-in short title and verified relations; take new dates.
                    fresh = _merge(known, fresh)
                self.add(fresh)
                count += 1
        logger.info("catalog %s: %d documents", path, count)

    def add(self, facts: DocumentFacts) -> None:
        self._by_key[doc_key(facts.number)] = facts
        self._inferred.discard(doc_key(facts.number))
        for number in facts.replaces:
            self.learn_replaced(number, facts.number, facts.effective, facts.issuer)

    def learn_replaced(self, number: str, by: str, start: date | None, issuer: str = "") -> None:
        """Record that the text numbered ``by``, in effect from ``start``, replaced ``number`` (its catalog
        entry or its own words say so), unless the catalog already has an entry for ``number``."""
        if self.get(number) is None and DOC_NUMBER.fullmatch(number):
            # A new dict, swapped in whole: a server thread may be reading the catalog while another one opens
            # a new index generation and learns from it.
            self._by_key = {**self._by_key, doc_key(number): _replaced(number, by, start, issuer)}
            self._inferred = self._inferred | {doc_key(number)}

    def learn_indexed(self, facts: DocumentFacts) -> None:
        """Record a document the index holds that the catalog has no entry of its own for (a deployer's text,
        its facts read from its own words at ingest), so that a question naming it names it."""
        if self.get(facts.number) is None or doc_key(facts.number) in self._inferred:
            self._by_key = {**self._by_key, doc_key(facts.number): facts}  # swapped whole, as in learn_replaced
            self._inferred = self._inferred - {doc_key(facts.number)}

    def get(self, number: str) -> DocumentFacts | None:
        return self._by_key.get(doc_key(number))

    def __iter__(self) -> Iterator[DocumentFacts]:
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)

    def status_at(self, number: str, at: date) -> Status:
        facts = self.get(number)
        return facts.status_at(at) if facts else "unknown"

    def successors(self, number: str) -> list[DocumentFacts]:
        """The chain of documents that replaced this one, oldest first."""
        chain: list[DocumentFacts] = []
        seen = {doc_key(number)}
        current = self.get(number)
        while current is not None and current.superseded_by:
            nxt = self.get(current.superseded_by[0].number)
            if nxt is None or doc_key(nxt.number) in seen:
                break
            seen.add(doc_key(nxt.number))
            chain.append(nxt)
            current = nxt
        return chain

    def resolve(self, hint: DocHint, at: date | None = None) -> list[DocumentFacts]:
        """Documents matching a loose mention ("nghị định 152", "luật 2003", "luật cũ")."""
        if hint.number:
            found = self.get(hint.number)
            if found:
                return [found]
        out = []
        for facts in self:
            if hint.doc_type and not facts.doc_type.startswith(hint.doc_type):
                continue
            serial, _, rest = facts.number.partition("/")
            year = rest.split("/")[0] if rest else ""
            if hint.serial is not None and (not serial.isdigit() or int(serial) != hint.serial):
                continue
            if hint.year is not None and year != str(hint.year):
                continue
            out.append(facts)
        if hint.serial is None and hint.year is None and at is not None:
            out = [f for f in out if f.status_at(at) == "in_force"] or out
        return out


def _merge(known: DocumentFacts, fresh: DocumentFacts) -> DocumentFacts:
    return DocumentFacts(
        number=known.number,
        title=fresh.title or known.title,
        short_title=known.short_title,
        doc_type=fresh.doc_type or known.doc_type,
        issuer=fresh.issuer or known.issuer,
        issued=fresh.issued or known.issued,
        effective=fresh.effective or known.effective,
        expires=fresh.expires or known.expires,
        status=fresh.status if fresh.status != "unknown" else known.status,
        superseded_by=known.superseded_by or fresh.superseded_by,
        replaces=known.replaces or fresh.replaces,
        amends=known.amends or fresh.amends,
        text_available=known.text_available or fresh.text_available,
        articles=fresh.articles or known.articles,
        note=known.note or fresh.note,
        sector_terms=known.sector_terms or fresh.sector_terms,
    )


_KINDS = (("/NQ-", "Nghị quyết"), ("/QĐ-", "Quyết định"), ("/NĐ-", "Nghị định"), ("/TT-", "Thông tư"), ("/QH", "Luật"))


def _replaced(number: str, by: str, start: date | None, issuer: str) -> DocumentFacts:
    """What a document's own entry says of a text it replaced that the catalog has no entry for
    ("replaces": ["32/2024/NQ-HĐND"]): its number and kind, that its text is not on hand, and that it was
    replaced from the day its successor took effect. A question naming it then hears that it was replaced,
    not that the library has never heard of it. An entry of its own, loaded later, takes its place."""
    upper = number.upper()
    kind = next((k for mark, k in _KINDS if mark in upper), "")
    return DocumentFacts(number=number, title=number, short_title=f"{kind} {number}".strip(), doc_type=kind,
                         issuer=issuer, status="superseded", superseded_by=(Supersession(by, start),),
                         text_available=False)

