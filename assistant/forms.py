"""Forms (Mẫu số …) from the appendices of the indexed documents: find, describe, fetch one."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.assistant import Assistant
from assistant.awards import award_for
from assistant.errors import UnknownDocument
from assistant.validity import status_on, validity_note
from corpus.refs import doc_key
from corpus.text import expand_abbreviations, fold, tokens
from indexer import Chunk

__all__ = ["FormView", "get_form", "list_forms"]

logger = logging.getLogger(__name__)

_SEARCH_HITS = 100
# Words that ask for a form without saying which one.
_ASKING = frozenset(["mau", "so", "cho", "toi", "xin", "can", "tim", "lay", "file", "ban", "word", "tai", "ve", "dung", "nao", "gi", "cua", "ve"])


@dataclass(frozen=True, slots=True)
class FormView:
    """One form of an appendix, with what it is for and its document's validity."""

    doc_number: str
    short_title: str
    number: str  # "07"
    title: str  # "Danh sách đề nghị xét tặng Kỷ niệm chương"
    purpose: str  # "Xét tặng Kỷ niệm chương" (from the title)
    award: str  # the award it serves, when the title names one ("Kỷ niệm chương")
    label: str  # "Mẫu số 07 Phụ lục kèm theo Thông tư 07/2026/TT-BGDĐT"
    text: str
    status: str
    validity_note: str
    chunk_id: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_number": self.doc_number, "short_title": self.short_title, "number": self.number,
            "title": self.title, "purpose": self.purpose, "award": self.award, "label": self.label,
            "text": self.text, "status": self.status, "in_force": self.status in ("in_force", "unknown"),
            "validity_note": self.validity_note, "chunk_id": self.chunk_id,
        }


def _purpose(title: str) -> str:
    """"Báo cáo thành tích đề nghị xét tặng Cờ thi đua …" → "Xét tặng Cờ thi đua …"."""
    m = re.search(r"\bđề nghị\s+(.+)$", title)
    text = m.group(1) if m else title
    return text[:1].upper() + text[1:]


def _view(chunk: Chunk, assistant: Assistant, at: date) -> FormView:
    title = re.sub(r"^Mẫu số\s+\S+\.\s*", "", chunk.article_title)
    status = status_on(chunk, at, assistant.catalog)
    award = award_for(title)
    return FormView(
        doc_number=chunk.doc_number, short_title=chunk.short_title, number=chunk.form or "", title=title,
        purpose=_purpose(title), award=award.name if award else "", label=chunk.label(), text=chunk.text,
        status=status, validity_note=validity_note(chunk, status, at, assistant.catalog), chunk_id=chunk.id,
    )


def _form_chunks(assistant: Assistant) -> list[Chunk]:
    info = assistant.store.info()
    out: list[Chunk] = []
    for entry in info.documents if info else []:
        out.extend(c for c in assistant.store.document_chunks(entry.number) if c.form)
    return out


def _words(text: str) -> set[str]:
    return set(tokens(expand_abbreviations(text), folded=True))


def list_forms(assistant: Assistant, query: str | None = None, *, at: date | None = None) -> list[FormView]:
    """All forms (documents in force first), or those matching ``query`` best first."""
    at = at or assistant.today()
    chunks = _form_chunks(assistant)
    views = [_view(c, assistant, at) for c in chunks]
    if not query or not (_words(query) - _ASKING):
        order = {"in_force": 0, "unknown": 1}
        return sorted(views, key=lambda v: (order.get(v.status, 2), v.doc_number, v.number))
    wanted = _words(query) - _ASKING
    rank = {h.chunk.id: i for i, h in enumerate(h for h in assistant.searcher.search(query, _SEARCH_HITS)
                                                  if h.chunk.form)}
    scored = []
    for v in views:
        title = _words(v.title)
        overlap = len(wanted & title) / len(wanted)
        body = len(wanted & _words(v.text)) / len(wanted)
        retrieval = 1 / (1 + rank[v.chunk_id]) if v.chunk_id in rank else 0.0
        score = 2 * overlap + 0.5 * body + retrieval + (0.5 if v.status == "in_force" else 0.0)
        if overlap or retrieval:
            scored.append((score, v))
    scored.sort(key=lambda s: (-s[0], s[1].doc_number, s[1].number))
    logger.debug("forms for %r: %d of %d", query, len(scored), len(views))
    return [v for _, v in scored]


def get_form(assistant: Assistant, number: str, *, doc: str | None = None, at: date | None = None) -> FormView:
    """Form ``number`` ("7", "07") of ``doc`` (any indexed document with one, in force first)."""
    label = number.strip().removeprefix("Mẫu số").strip()
    label = label.zfill(2) if label.isdigit() else label
    found = [v for v in list_forms(assistant, at=at) if v.number == label
             and (doc is None or doc_key(v.doc_number) == doc_key(doc) or fold(doc).lower() in fold(v.short_title).lower())]
    if not found:
        raise UnknownDocument(f"no form {label!r}" + (f" in {doc}" if doc else ""), document=doc or "", form=label)
    return found[0]
