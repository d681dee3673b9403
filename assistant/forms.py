"""Forms (Mẫu số …) from the appendices of the indexed documents: find, describe, fetch one."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from assistant.assistant import Assistant
from assistant.awards import award_for
from assistant.errors import UnknownDocument
from assistant.validity import status_on, validity_note
from corpus.refs import doc_key
from corpus.text import expand_abbreviations, fold, tokens
from indexer import Chunk

__all__ = ["FormBlock", "FormView", "form_blocks", "get_form", "list_forms", "marked"]

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


# -- layout: paragraphs, tables, footnotes ---------------------------------------
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_NOTE_LINE = re.compile(rf"^\^?(?P<mark>\d{{1,2}}|[{_SUPERSCRIPT}]{{1,2}})\s+(?P<text>\S.*)$")
_ROW_START = re.compile(r"^\|?\s*(?:\d{1,3}\.?|\.\.\.|…)\s*\|")
_CELLS = re.compile(r"\S\s*\|\s*\S|^\|.*\|")


@dataclass(frozen=True, slots=True)
class FormBlock:
    """A piece of a form as laid out on the page: a line of text, a table, or a footnote."""

    kind: Literal["text", "table", "note"]
    text: str = ""  # a text line, or a footnote's text
    mark: str = ""  # a footnote's number ("2")
    rows: tuple[tuple[str, ...], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "mark": self.mark, "rows": [list(r) for r in self.rows]}


def _plain(mark: str) -> str:
    return "".join(str(_SUPERSCRIPT.index(ch)) if ch in _SUPERSCRIPT else ch for ch in mark.lstrip("^"))


def form_blocks(text: str) -> list[FormBlock]:
    """The form's lines as blocks. Table rows ("a | b | c") are kept whole, a cell the source broke
    over several lines included; footnotes are the numbered lines after the form's body."""
    lines = text.split("\n")
    # Footnotes: the run of numbered lines at the end (a line that continues a note stays with it).
    notes_from = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if _NOTE_LINE.match(lines[i].strip()):
            notes_from = i
        elif notes_from == len(lines) and lines[i].strip():
            continue  # a trailing line that belongs to the last note
        elif notes_from < len(lines):
            break
    blocks: list[FormBlock] = []
    rows: list[list[str]] = []
    width = 0

    def flush() -> None:
        nonlocal width
        if rows:
            size = max(len(r) for r in rows)
            blocks.append(FormBlock("table", rows=tuple(tuple(r + [""] * (size - len(r))) for r in rows)))
            rows.clear()
            width = 0

    for line in lines[:notes_from]:
        stripped = line.strip()
        open_row = bool(rows) and len(rows[-1]) < width
        if _CELLS.search(stripped) and not (open_row and not _ROW_START.match(stripped)):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            rows.append(cells)
            width = width or len(cells)
            continue
        if open_row and stripped and (stripped.startswith(("-", "+", "•")) or "|" in stripped):
            parts = [c.strip() for c in stripped.strip("|").split("|")] if "|" in stripped else [stripped]
            rows[-1][-1] = f"{rows[-1][-1]}\n{parts[0]}".strip()
            rows[-1].extend(p for p in parts[1:] if p or len(rows[-1]) < width)
            continue
        flush()
        if stripped:
            blocks.append(FormBlock("text", text=line))
    flush()
    for line in lines[notes_from:]:
        m = _NOTE_LINE.match(line.strip())
        if m:
            blocks.append(FormBlock("note", text=m.group("text"), mark=_plain(m.group("mark"))))
        elif line.strip() and blocks and blocks[-1].kind == "note":
            last = blocks[-1]
            blocks[-1] = FormBlock("note", text=f"{last.text} {line.strip()}", mark=last.mark)
    return blocks


def marked(text: str, marks: set[str]) -> list[tuple[str, bool]]:
    """A line cut into (piece, is_footnote_marker): "đề nghị1" → [("đề nghị", False), ("1", True)].

    A marker is a footnote's number stuck to the end of a word or of "…" (or a superscript digit);
    "01 năm", "Mẫu số 02" and dates are never markers.
    """
    out: list[tuple[str, bool]] = []
    pattern = re.compile(rf"(?<=[^\W\d_]|[.…)”])(\d{{1,2}})(?=[\s.,;:)]|$)|\^\d{{1,2}}|[{_SUPERSCRIPT}]{{1,2}}")
    last = 0
    for m in pattern.finditer(text):
        mark = _plain(m.group(0))
        if mark not in marks:
            continue
        if m.start() > last:
            out.append((text[last:m.start()], False))
        out.append((mark, True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out
