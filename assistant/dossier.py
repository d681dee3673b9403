"""Dossier checklists: the papers, copies, signatures and deadlines for one award, every line cited.

Lines are taken verbatim from the dossier articles in force ("Hồ sơ …" in the title): the articles
that name the award whole, and from the general dossier articles (Luật Điều 84, NĐ 152/2025 Điều 33,
35 …) only the paragraphs that name the award, the general paper list for its kind, and the
number of copies for its level. Each clause is split into its points, each cited Điểm/Khoản/Điều.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assistant.assistant import Assistant
from assistant.awards import Award, award_for, custom_award, named_awards
from assistant.provisions import Paragraph, article_titles, cite, in_force_chunks, paragraphs
from assistant.records import Citation
from corpus.text import expand_abbreviations, fold

__all__ = ["Checklist", "ChecklistLine", "ChecklistSection", "LINE_KIND_LABELS", "LineKind", "dossier_checklist"]

logger = logging.getLogger(__name__)

LineKind = Literal["list", "paper", "copies", "deadline", "signer", "rule"]
LINE_KIND_LABELS: dict[str, str] = {
    "list": "Thành phần hồ sơ", "paper": "Giấy tờ", "copies": "Số lượng", "deadline": "Thời hạn",
    "signer": "Ký, xác nhận, trình", "rule": "Quy định",
}
_GENERIC_LIST = re.compile(r"ho so de nghi xet tang (danh hieu thi dua|hinh thuc khen thuong)[^:]*gom|thanh phan ho so")
_COPIES = re.compile(r"\b\d{2} bo\b|so luong ho so")
_MINISTRY_SCOPE = re.compile(r"thuoc tham quyen (?:xem xet, quyet dinh )?cua bo|cap bo\b")
_STATE_SCOPE = re.compile(r"trinh (?:chinh phu, )?thu tuong chinh phu|trinh chu tich nuoc")
# Matched on the lower-cased text with its diacritics: folded, "ký" (sign) and "kỳ" (period) are one word.
_KIND_WORDS: tuple[tuple[LineKind, re.Pattern[str]], ...] = (
    ("copies", re.compile(r"\b\d{2} (?:bộ|bản)\b|bản chính|số lượng hồ sơ|tệp tin điện tử")),
    ("deadline", re.compile(r"chậm nhất|trước ngày|thời hạn|ngày làm việc|thời gian (?:nộp|nhận|trình)|hằng năm")),
    ("signer", re.compile(r"\bký\b|xác nhận của|thẩm định|trình (?:thủ tướng|bộ trưởng|chủ tịch|người đứng đầu|lãnh đạo)|"
                          r"xem xét, quyết định")),
)
_PAPER_START = re.compile(r"^(?:to trinh|bao cao|bien ban|quyet dinh|chung nhan|van ban|ban (?:danh sach|tom tat)|"
                          r"danh sach|cac van ban|giay|thanh phan)")
_LIST_INTRO = re.compile(r"gom:?\s*$|^thanh phan ho so")
_DEADLINE_LIST = re.compile(r"thoi (?:gian|han) (?:nop|nhan) ho so")
# Revoking, stripping or re-issuing an award has its own dossier, not the one for awarding it.
_NOT_AWARDING = re.compile(r"huy bo|\btuoc\b|thu hoi|cap doi|cap lai|phuc hoi")
_DOC_ORDER = {"Luật": 0, "Nghị định": 1, "Thông tư": 2, "Quyết định": 3}
_RETRIEVAL_HITS = 30


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    kind: LineKind
    text: str  # verbatim from the cited clause or point
    citation: Citation
    context: str = ""  # the clause's lead-in, verbatim, for a line that is one of its points

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "kind_label": LINE_KIND_LABELS[self.kind], "text": self.text,
                "context": self.context, "citation": self.citation.to_dict()}


@dataclass(frozen=True, slots=True)
class ChecklistSection:
    """The lines taken from one article."""

    heading: str  # "Điều 36. Hồ sơ, thủ tục xét tặng … (Nghị định 152/2025/NĐ-CP)"
    doc_number: str
    doc_type: str
    article: str
    specific: bool  # the article is about this award alone (its title names it)
    lines: tuple[ChecklistLine, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "doc_number": self.doc_number, "article": self.article,
                "specific": self.specific, "lines": [line.to_dict() for line in self.lines]}


@dataclass(frozen=True, slots=True)
class Checklist:
    award: str  # display name
    award_key: str
    query: str
    as_of: date
    sections: tuple[ChecklistSection, ...] = field(default_factory=tuple)

    @property
    def lines(self) -> list[ChecklistLine]:
        return [line for s in self.sections for line in s.lines]

    def to_dict(self) -> dict[str, Any]:
        return {"award": self.award, "award_key": self.award_key, "query": self.query,
                "as_of": self.as_of.isoformat(), "sections": [s.to_dict() for s in self.sections]}


def _folded(text: str) -> str:
    return fold(text).lower()


def _line_kind(p: Paragraph) -> LineKind:
    text = _folded(p.text)
    if p.point is not None and _LIST_INTRO.search(_folded(p.intro)) and _PAPER_START.match(text):
        return "paper"
    for kind, pattern in _KIND_WORDS:
        if pattern.search(p.text.lower()):
            return kind
    if p.lead and _LIST_INTRO.search(text):
        return "list"
    return "paper" if p.point is not None and _PAPER_START.match(text) else "rule"


def _scope_ok(award: Award, text: str) -> bool:
    """A provision about dossiers decided by a Bộ, or sent to the Prime Minister, fits only those awards."""
    if _STATE_SCOPE.search(text):
        return award.level == "nha_nuoc"
    if _MINISTRY_SCOPE.search(text):
        return award.ministry
    return True


def _names(award: Award, folded_text: str) -> set[str]:
    """Awards a text names, counting an award the table does not know by its own words."""
    names = named_awards(folded_text)
    if award.key == "custom" and re.search(award.names[0], folded_text):
        names.add(award.key)
    return names


def _in_generic(award: Award, p: Paragraph, title: str) -> bool:
    """Whether a paragraph of a general dossier article belongs on this award's checklist."""
    own = _folded(p.text)
    names = _names(award, own)
    if names:
        return award.key in names and _scope_ok(award, title + " " + own)
    intro = _folded(p.intro) if p.point is not None else own
    m = _GENERIC_LIST.search(intro)
    if m:
        kind = m.group(1)
        kind_ok = kind is None or (kind.startswith("danh") == (award.kind == "danh_hieu"))
        return kind_ok and _scope_ok(award, f"{title} {intro}") and not _names(award, intro) - {award.key}
    if p.point is None and _COPIES.search(own) and "ho so" in own:
        return _scope_ok(award, f"{title} {own}")
    if p.point is not None and _DEADLINE_LIST.search(intro):
        return _scope_ok(award, f"{title} {intro}")
    return False


def dossier_checklist(assistant: Assistant, award: str | Award, *, at: date | None = None) -> Checklist:
    """The cited checklist for ``award`` ("CSTĐ cơ sở", "Bằng khen của Thủ tướng Chính phủ", an Award)."""
    query = award if isinstance(award, str) else award.name
    if not query.strip():
        raise ValueError("award must not be empty")
    spec = award if isinstance(award, Award) else (award_for(award) or custom_award(award))
    at = at or assistant.today()
    chunks = in_force_chunks(assistant.store, assistant.catalog, at)
    titles = article_titles(chunks)
    wanted = {k for k, t in titles.items() if "ho so" in _folded(t) and not _NOT_AWARDING.search(_folded(t))}
    chunks = [c for c in chunks if (c.doc_number, c.article) in wanted]
    picked: dict[tuple[str, str], list[Paragraph]] = {}
    specific: set[tuple[str, str]] = set()
    for chunk in chunks:
        key = (chunk.doc_number, chunk.article)
        title = _folded(expand_abbreviations(titles[key]))
        about = _names(spec, title)
        for p in paragraphs(chunk):
            if p.text == titles[key] and not chunk.article_title:
                continue  # the long title the parser kept as text
            if spec.key in about:
                specific.add(key)
                others = _names(spec, _folded(p.text)) | _names(spec, _folded(p.intro))
                keep = not others or spec.key in others
            elif about:
                keep = False  # an article about other awards
            else:
                keep = _in_generic(spec, p, title)
            if keep:
                picked.setdefault(key, []).append(p)
    if not picked and spec.key == "custom":
        picked, specific = _by_retrieval(assistant, query, chunks)
    sections = [_section(paras, titles[key], key in specific, assistant, at) for key, paras in picked.items()]
    sections.sort(key=lambda s: (not s.specific, _DOC_ORDER.get(s.doc_type, 9), s.doc_number,
                                 int(re.sub(r"\D", "", s.article) or 0)))
    logger.info("checklist for %s: %d sections, %d lines", spec.key, len(sections), sum(len(s.lines) for s in sections))
    return Checklist(award=spec.name, award_key=spec.key, query=query, as_of=at, sections=tuple(sections))


def _by_retrieval(assistant: Assistant, query: str, chunks: list[Any]
                  ) -> tuple[dict[tuple[str, str], list[Paragraph]], set[tuple[str, str]]]:
    """For an award the table does not know: the dossier clauses retrieval ranks first."""
    allowed = {c.id: c for c in chunks}
    picked: dict[tuple[str, str], list[Paragraph]] = {}
    for hit in assistant.searcher.search(f"hồ sơ đề nghị xét tặng {query}", _RETRIEVAL_HITS)[:5]:
        chunk = allowed.get(hit.chunk.id)
        if chunk is not None:
            picked.setdefault((chunk.doc_number, chunk.article), []).extend(paragraphs(chunk))
    return picked, set()


def _section(paras: list[Paragraph], title: str, specific: bool, assistant: Assistant, at: date) -> ChecklistSection:
    first = paras[0].chunk
    seen: set[tuple[str | None, str | None, str]] = set()
    lines = []
    for p in paras:
        if (p.clause, p.point, p.text) in seen:
            continue
        seen.add((p.clause, p.point, p.text))
        lines.append(ChecklistLine(kind=_line_kind(p), text=p.text, citation=cite(p, assistant.catalog, at),
                                   context=p.intro if p.point is not None else ""))
    doc = first.short_title if first.doc_number in first.short_title else f"{first.short_title} ({first.doc_number})"
    heading = f"Điều {first.article}. {title} — {doc}"
    return ChecklistSection(heading=heading, doc_number=first.doc_number, doc_type=first.doc_type,
                            article=first.article, specific=specific, lines=tuple(lines))

