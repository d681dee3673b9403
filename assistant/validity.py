"""Validity of a provision on a given day, and how to say it to a reader."""

from __future__ import annotations

import re
from datetime import date

from assistant.records import Citation
from corpus import Catalog
from indexer import Chunk

__all__ = ["extra_notes", "fmt_date", "status_on", "validity_note"]


def fmt_date(value: date | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def status_on(chunk: Chunk, at: date, catalog: Catalog) -> str:
    """in_force | superseded | expired | not_yet | unknown for the chunk's document on ``at``."""
    if chunk.doc_kind == "material":
        return "unknown"
    facts = catalog.get(chunk.doc_number)
    if facts is not None:
        return facts.status_at(at)
    start = chunk.effective or chunk.issued
    if start and at < date.fromisoformat(start):
        return "not_yet"
    if chunk.superseded_on and at >= date.fromisoformat(chunk.superseded_on):
        return "superseded"
    return chunk.status if chunk.status in ("in_force", "superseded", "expired") else "unknown"


def _names(numbers: tuple[str, ...] | list[str], catalog: Catalog) -> str:
    out = []
    for n in numbers:
        facts = catalog.get(n)
        name = facts.short_title if facts else n
        if facts is not None and not facts.text_available:
            name += " (chưa có toàn văn trong hệ thống)"
        out.append(name)
    return ", ".join(out)


def validity_note(chunk: Chunk, status: str, at: date, catalog: Catalog) -> str:
    """One Vietnamese sentence on the document's validity; empty when it is simply in force."""
    facts = catalog.get(chunk.doc_number)
    name = chunk.short_title
    if status == "superseded":
        successors = [s.number for s in facts.superseded_by] if facts else list(chunk.superseded_by)
        since = min((s.start for s in facts.superseded_by if s.start), default=None) if facts else None
        when = f" từ {fmt_date(since)}" if since else ""
        chain = catalog.successors(chunk.doc_number)
        current = [f.number for f in chain if f.status_at(at) == "in_force" or f is chain[-1]][-1:] if chain else []
        text = f"{name} đã hết hiệu lực{when}, được thay thế bởi {_names(successors, catalog)}"
        if current and current[0] not in successors:
            text += f"; văn bản hiện hành là {_names(current, catalog)}"
        return text + "."
    if status == "not_yet":
        start = facts.effective if facts else None
        return f"{name} chưa có hiệu lực tại thời điểm {fmt_date(at)}" + (
            f" (có hiệu lực từ {fmt_date(start)})." if start else ".")
    if status == "expired":
        return f"{name} đã hết hiệu lực" + (f" từ {fmt_date(facts.expires)}." if facts and facts.expires else ".")
    if status == "unknown" and chunk.doc_kind == "legal" and facts is None:
        return f"Chưa có thông tin về hiệu lực của {name} trong danh mục."
    return ""


# Since 01/7/2025 local government has two levels (province, commune): no district level.
_NO_DISTRICT_SINCE = date(2025, 7, 1)
_DISTRICT = re.compile(r"cấp huyện|huyện, quận|quận, huyện|Ủy ban nhân dân huyện", re.IGNORECASE)


def extra_notes(c: Citation, at: date, catalog: Catalog) -> list[str]:
    """Notes a provision needs beyond its own status: amendments the library lacks, abolished levels."""
    out = []
    for facts in catalog:
        start = facts.effective or facts.issued
        if c.doc_number in facts.amends and not facts.text_available and start is not None and start <= at:
            # Said on most answers, so said briefly: which law changed it, from when, and that its text is missing.
            out.append(f"{c.short_title} đã được sửa đổi bởi {facts.doc_type} {facts.number} từ {fmt_date(start)}; "
                       "văn bản sửa đổi chưa có trong thư viện, cần đối chiếu.")
    if at >= _NO_DISTRICT_SINCE and _DISTRICT.search(c.text):
        out.append("Từ ngày 01/7/2025 không còn cấp huyện (chính quyền địa phương hai cấp): quy định nhắc tới "
                   "cấp huyện cần đọc theo phân cấp hiện hành.")
    return out
