"""Strip page furniture from text extracted from PDFs, OCR and vbpl markdown.

``corpus/read.py`` calls it on text already normalised by ``corpus.text.normalize``.
The output has one structural element per line and no blank lines: page
markers, Công báo running headers, page numbers and repeated headers are
removed, markdown syntax is dropped, and paragraphs broken by hard line wraps
are joined again.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, replace

__all__ = ["PAGE_BREAK", "strip_furniture"]

logger = logging.getLogger(__name__)

# The page marker readers put between pages (the OCR exports in the corpus use it too).
PAGE_BREAK = "----- [Trang {}] -----"
# "----- [Trang 12] -----" from the OCR exports; "Trang 24 (Phụ lục)" / "Trang 1:" in PDF text.
_PAGE_MARKER = re.compile(r"^-{2,}\s*\[Trang\s+\d+\]\s*-{2,}$|^Trang\s+\d+(?:\s*\([^)]*\))?\s*:?$")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,5}(?:\s*-)?$")
# Inline page labels in PDF text: "[Trang 61]", "[Trang Phụ lục - Danh mục mẫu]", "[Trang" ... "62]".
_PAGE_LABEL = re.compile(r"^\[Trang\b[^\]]*\]?$|^\d{1,5}\]$")
# Công báo running headers, e.g. "CÔNG BÁO/Số 571 + 572/Ngày 15-7-2022", "38 CÔNG BÁO/Số 1003 + 1004/...",
# "Số 29 20 9 2005 CÔNG BÁO", "13916".
_CONG_BAO = re.compile(r"C[ÔO]NG\s+B[ÁA]O")
_CONG_BAO_REST = re.compile(r"^(?:Số|Ngày|[\d\s/+\-.,:])*$")
# Issue lines printed above the header: "Số 230 - 30 - 12 - 2003", "Số 30 20 9 - 2005 101".
_ISSUE_LINE = re.compile(r"^(?:\d+\s+)?Số\s+\d+(?:\s*[-+]?\s*\d+){3,4}$")

# Lines that start a structural element; nothing is ever joined onto them.
_STRUCTURAL = re.compile(
    r"""^(?:
        (?:Phần|PHẦN)\s+(?:thứ|THỨ|[\dIVXLC]+\b)
      | (?:Chương|CHƯƠNG|Mục|MỤC|Tiểu\ mục|TIỂU\ MỤC)\s+[\dIVXLC]+\b
      | (?:Điều|ĐIỀU)\s+\d+
      | \d+[a-zđ]?[.)]\s
      | [a-zđ]\d*\)\s
      | Mẫu\ số | MẪU\ SỐ
      | PHỤ\ LỤC | Phụ\ lục
      | [“"]\s*(?:Điều\s+\d+|\d+[a-zđ]?\.\s|[a-zđ]\)\s)
    )""",
    re.VERBOSE,
)
_TABLE_CELLS = " | "  # a table row as readers and the markdown step write it
_LIST_ITEM = re.compile(r"^[-+•]\s+\S")
_PARAGRAPH_START = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Nơi nhận)")
# A label left alone on its line by a PDF wrap: "Điều" / "5. Việc tặng cờ ...".
_BARE_LABEL = re.compile(r"^(?:Điều|Chương|Mục|Phần)$")
_BARE_ITEM = re.compile(r"^(?:\d+[a-zđ]?\.|[a-zđ]\d*\)|[IVXLC]+\.)$")
_SENTENCE_END = re.compile(r"[.;:!?…](?:[”\"’')]*)$")
_HEADING = re.compile(r"^(?:Phần|Chương|Mục|Điều)\s+[\dIVXLC]+")
_CHAPTER = re.compile(r"^(?:Phần|Chương|Mục)\s+[\dIVXLC]+$")
# "Mục 1. HUÂN CHƯƠNG" (Công báo 2003) is split like the later texts: "Mục 1" / "HUÂN CHƯƠNG".
_CHAPTER_WITH_TITLE = re.compile(r"^((?:Phần|Chương|Mục)\s+[\dIVXLC]+)\.\s+(.+)$")

# Markdown (vbpl export) artefacts.
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(?<![^\s(“\"])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![^\s,.;:)”\"])")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_MD_RULE = re.compile(r"^[\s_*\-=~]{3,}$")
_MD_TABLE_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*$")
# Cell breaks in a layout table (the signature block): "**TM. CHÍNH PHỦ** **KT. THỦ TƯỚNG**",
# "***Nơi nhận:*** - Ban Bí thư ...; - Thủ tướng ...". Text is whitespace-collapsed by then.
_CELL_BREAK = re.compile(r"(?<=\*\*)\s+(?=\*\*)|(?<=[*;.:])\s+(?=-\s)")

# Repeated running headers: short lines seen at a page edge on many pages.
_EDGE_LINES = 3
_REPEAT_MAX_LEN = 90
_REPEAT_MIN_PAGES = 3
_REPEAT_MIN_SHARE = 0.3

# A line this long that does not end a sentence continues on the next page.
_PAGE_CUT_MIN_LEN = 80

# Hard-wrapped PDF text: most lines are cut near one width.
_WRAP_MIN_P90 = 50
_WRAP_MAX_P90 = 110
_WRAP_NEAR = 0.85  # a line this close to the width was cut by the wrap
_WRAP_NEAR_SHARE = 0.4
_WRAP_FULL_SHARE = 0.75


@dataclass(slots=True)
class _Line:
    text: str
    gap: bool = False  # a blank line separated it from the previous line on the same page
    page_break: bool = False  # the previous line is on the previous page


def strip_furniture(text: str) -> str:
    """Remove page furniture and markdown, and re-join wrapped paragraphs."""
    raw = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    raw = _drop_front_matter(raw)
    pages = _split_pages(raw)
    repeated = _repeated_edges(pages)
    lines = _drop_furniture(pages, repeated)
    lines = _strip_markdown(lines)
    lines = _split_chapter_titles(_join_wrapped(lines))
    out = [line.text for line in lines if line.text]
    logger.debug("strip_furniture: %d raw lines -> %d lines, %d pages", len(raw), len(out), len(pages))
    return "\n".join(out)


def _drop_front_matter(lines: list[str]) -> list[str]:
    """Drop a leading YAML block (``---`` ... ``---``) as written by vbpl exports."""
    if not lines or lines[0] != "---":
        return lines
    for i in range(1, len(lines)):
        if lines[i] == "---":
            return lines[i + 1 :]
    return lines


def _split_pages(lines: list[str]) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for line in lines:
        if _PAGE_MARKER.match(line):
            pages.append([])
        else:
            pages[-1].append(line)
    return [page for page in pages if any(page)] or [[]]


def _shape(line: str) -> str:
    """A line with its digits blanked, so "... 37" and "... 38" count as one header."""
    return re.sub(r"\d+", "#", line)


def _edges(page: list[str]) -> list[str]:
    filled = [line for line in page if line]
    return filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]


def _may_repeat(line: str) -> bool:
    """A page-edge line that may be a running header; structure lines ("“Điều 21") never are."""
    return len(line) <= _REPEAT_MAX_LEN and not _STRUCTURAL.match(line)


def _repeated_edges(pages: list[list[str]]) -> set[str]:
    """Shapes of short lines found at the top or bottom of many pages."""
    if len(pages) < _REPEAT_MIN_PAGES:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_shape(line) for line in _edges(page) if _may_repeat(line)})
    needed = max(_REPEAT_MIN_PAGES, int(len(pages) * _REPEAT_MIN_SHARE))
    found = {shape for shape, n in counts.items() if n >= needed}
    if found:
        logger.debug("repeated page-edge lines: %s", sorted(found))
    return found


def _is_furniture(line: str) -> bool:
    if _PAGE_NUMBER.match(line) or _PAGE_LABEL.match(line) or _ISSUE_LINE.match(line):
        return True
    if _CONG_BAO.search(line):
        rest = re.sub(r"\(Trang\s+\d+\)", " ", _CONG_BAO.sub(" ", line))
        return bool(_CONG_BAO_REST.match(rest))
    return False


def _drop_furniture(pages: list[list[str]], repeated: set[str]) -> list[_Line]:
    """Flatten pages into lines without furniture; a page break is not a paragraph gap."""
    out: list[_Line] = []
    for page in pages:
        edges = set(_edges(page))
        gap = False
        first = bool(out)  # the next kept line opens a new page
        for line in page:
            if not line:
                gap = not first
                continue
            if _is_furniture(line) or (line in edges and _may_repeat(line) and _shape(line) in repeated):
                continue
            out.append(_Line(line, gap=gap, page_break=first))
            gap = first = False
    return out


def _strip_markdown(lines: list[_Line]) -> list[_Line]:
    """Turn vbpl markdown into plain lines: tables, bold blocks, headings, escapes."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if text.startswith("|") and text.endswith("|") and len(text) > 1:
            out.extend(_table_row(line))
            i += 1
            continue
        if text.startswith("**") and not text.endswith("**") and "**" not in text[2:]:
            block, i = _bold_block(lines, i)
            out.extend(block)
            continue
        out.append(replace(line, text=_plain(text)))
        i += 1
    return [line for line in out if line.text and not _MD_RULE.match(line.text)]


def _plain(text: str) -> str:
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return text.strip()


def _bold_block(lines: list[_Line], start: int) -> tuple[list[_Line], int]:
    """A ``**...**`` block over several lines: its first line is a label, the rest one title."""
    parts = [lines[start].text]
    i = start + 1
    while i < len(lines) and not lines[i].gap:
        parts.append(lines[i].text)
        i += 1
        if parts[-1].endswith("**"):
            break
    head = _plain(parts[0])
    tail = " ".join(_plain(p) for p in parts[1:] if _plain(p))
    block = [replace(lines[start], text=head)]
    if tail:
        block.append(_Line(tail))
    return block, i


def _table_row(line: _Line) -> list[_Line]:
    """A markdown table row: a data row becomes "a | b | c"; a layout row (signature) becomes lines."""
    if _MD_TABLE_RULE.match(line.text):
        return []
    cells = [cell.strip() for cell in line.text.strip("|").split("|")]
    cells = [cell for cell in cells if cell]
    if not cells:
        return []
    if not any(_CELL_BREAK.search(cell) for cell in cells):
        return [replace(line, text=" | ".join(_plain(cell) for cell in cells))]
    out: list[_Line] = []
    for cell in cells:
        for piece in _CELL_BREAK.split(cell):
            if _plain(piece):
                out.append(replace(line, text=_plain(piece)) if not out else _Line(_plain(piece)))
    return out


def _split_chapter_titles(lines: list[_Line]) -> list[_Line]:
    out: list[_Line] = []
    for line in lines:
        match = _CHAPTER_WITH_TITLE.match(line.text)
        if match and _is_caps(match.group(2)):
            out.extend([replace(line, text=match.group(1)), _Line(match.group(2))])
        else:
            out.append(line)
    return out


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width PDF text was hard-wrapped at, or None if paragraphs are whole lines."""
    lengths = sorted(len(line.text) for line in lines)
    if len(lengths) < 20:
        return None
    p90 = lengths[len(lengths) * 9 // 10]
    p98 = lengths[len(lengths) * 98 // 100]
    if not _WRAP_MIN_P90 <= p90 <= _WRAP_MAX_P90 or p98 > _WRAP_MAX_P90 * 1.2:
        return None
    near_full = sum(1 for n in lengths if n >= p90 * _WRAP_NEAR)
    return p90 if near_full >= len(lengths) * _WRAP_NEAR_SHARE else None


def _is_caps(text: str) -> bool:
    return text.isupper() and sum(c.isalpha() for c in text) >= 3


def _ends_sentence(text: str, *, soft: bool = False) -> bool:
    """Whether a line ends a sentence; with ``soft``, a ";" does not count."""
    if text.startswith("(") and text.endswith(")"):
        return True  # "(Đã ký)", "(Kèm theo Thông tư ...)"
    match = _SENTENCE_END.search(text)
    return match is not None and not (soft and match.group().startswith(";"))


def _starts_upper(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit() or text[:1] in "(“\""


def _starts_element(text: str) -> bool:
    """A line that starts a structural element, a paragraph or a table row of its own."""
    return bool(_STRUCTURAL.match(text) or _PARAGRAPH_START.match(text) or _BARE_ITEM.match(text)
                or _TABLE_CELLS in text)


def _should_join(prev: _Line, line: _Line, *, title: bool, width: int | None) -> bool:
    """Whether ``line`` continues ``prev``; ``title`` says ``prev`` is a chapter title."""
    a, b = prev.text, line.text
    if _BARE_LABEL.match(a):
        return b[:1].isdigit()  # "Điều" / "5. Việc tặng cờ ..."
    if _BARE_ITEM.match(a):
        return not _starts_element(b)  # "a)" / "Đã được tặng ..."
    if _starts_element(b) or _TABLE_CELLS in a:
        return False
    if title and _is_caps(a) and _is_caps(b):
        return True  # an upper-case chapter title wrapped over several lines
    if a.endswith(("“", "(")) or (a.count("(") > a.count(")") and ")" in b.split("(")[0]):
        return True  # "(qua Ban Thi đua - Khen thưởng" / "Trung ương) để thực hiện"
    if b[:1].islower():
        # No line of a legal text starts lower-case; ";" may end a wrapped clause.
        return not _ends_sentence(a, soft=True)
    dash = bool(_LIST_ITEM.match(b))
    if dash and b[2:3].islower():
        return True  # "tổ chức chính trị" / "- xã hội;": a hyphen, not a list item
    if _ends_sentence(a) or _is_caps(a) or _is_caps(b) or not (dash or _starts_upper(b)):
        return False
    if line.page_break:
        # A paragraph cut by the page end: "... Văn phòng Hội đồng Giáo sư" / "Nhà nước và ..."
        return not dash and len(a) >= _PAGE_CUT_MIN_LEN and not _HEADING.match(a)
    if line.gap or width is None:
        return False
    # Hard-wrapped text: a heading or clause continues only if it filled the width ("Điều 9.
    # Tổ chức thực hiện" is followed by an unnumbered paragraph); so does a line before a dash.
    if dash or _STRUCTURAL.match(a):
        return len(a) >= width * _WRAP_FULL_SHARE
    return True


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    width = _wrap_width(lines)
    if width is not None:
        logger.debug("hard-wrapped text detected, width %d", width)
    out: list[_Line] = []
    in_header = True  # the letterhead above the preamble is never width-joined
    for line in lines:
        in_header = in_header and not _starts_element(line.text)
        title = len(out) > 1 and bool(_CHAPTER.match(out[-2].text))
        if out and _should_join(out[-1], line, title=title, width=None if in_header else width):
            sep = "" if out[-1].text.endswith(("“", "(")) else " "
            out[-1] = replace(out[-1], text=f"{out[-1].text}{sep}{line.text}")
        else:
            out.append(line)
    return out
