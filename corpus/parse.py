"""Pure parser: legal text → header + tree of Phần/Chương/Mục/Điều/Khoản/Điểm/Phụ lục.

No I/O here, so the parser's tests and fuzzers need no files.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

from corpus.records import Header, ParsedText, Unit, UnitKind
from corpus.refs import DOC_NUMBER, find_doc_numbers
from corpus.text import normalize

__all__ = ["parse_legal", "parse_header"]

logger = logging.getLogger(__name__)

_LEVEL: dict[str, int] = {
    "root": 0, "phan": 1, "phuluc": 1, "chuong": 2, "mau": 2, "muc": 3, "tieumuc": 4,
    "dieu": 5, "khoan": 6, "diem": 7,
}
_ROMAN = r"[IVXLC]+"
_PHAN = re.compile(r"^(?:Phần|PHẦN)\s+(thứ\s+\w+|THỨ\s+\w+|" + _ROMAN + r"|\d+)\b[.:]?\s*(.*)$")
_CHUONG = re.compile(r"^(?:Chương|CHƯƠNG)\s+(" + _ROMAN + r"|\d+)\b[.:]?\s*(.*)$")
_MUC = re.compile(r"^(?:Mục|MỤC)\s+(\d+|" + _ROMAN + r")\b[.:]?\s*(.*)$")
_TIEU_MUC = re.compile(r"^(?:Tiểu mục|TIỂU MỤC)\s+(\d+)\b[.:]?\s*(.*)$")
_DIEU = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d{1,3}[a-z]?)\s*(?:[.:]\s*(.*))?$")
_KHOAN = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_DIEM = re.compile(r"^([a-zđ])\)\s*(.*)$")
_PHU_LUC = re.compile(r"^(?:PHỤ LỤC|Phụ lục)\b\s*([IVX\d]*)[.:]?\s*(.*)$")
_MAU = re.compile(r"^(?:\|\s*)?Mẫu số\s*(\d{1,2}[a-z]?)\b[.:]?\s*\|?\s*(.*?)\s*\|?$")
# A row of the appendix's list of forms: "1. | Mẫu số 01 | Tờ trình đề nghị khen thưởng".
_MAU_ROW = re.compile(r"^\d{1,2}\.?\s*\|\s*Mẫu số\s*(\d{1,2}[a-z]?)\s*\|\s*(\S.*?)\s*\|?$")
# Letterhead lines a form opens with: never its title.
_FORM_LETTERHEAD = re.compile(
    r"^(?:ĐƠN VỊ|TÊN (?:CƠ QUAN|ĐƠN VỊ)|CƠ QUAN|BỘ |ỦY BAN|UBND|CỘNG HÒA|Độc lập|Số\s*:|\.*\s*,?\s*ngày\b|"
    r"[\w .]*,\s*ngày\b)"
)
_OPEN_QUOTE = ("“", '"', "„", "«")
# A Quyết định that promulgates a Quy định/Quy chế carries it after its own signature, its articles
# numbered from 1 again: "QUY ĐỊNH" … "(Ban hành kèm theo Quyết định số …)".
_ATTACHED = re.compile(r"^(QUY ĐỊNH|QUY CHẾ|ĐIỀU LỆ|HƯỚNG DẪN)\b")
_ATTACHED_NOTE = re.compile(r"^\((?:Ban hành )?kèm theo\b", re.IGNORECASE)
ATTACHED_LABEL = "kèm theo"
_AMEND_INTRO = re.compile(r"(?:sửa đổi|bổ sung|thay thế|thay cụm từ|bãi bỏ)[^:]*(?:như sau|sau đây)?\s*:\s*$", re.IGNORECASE)
_TRAILER = re.compile(
    r"^(?:Nơi nhận\s*:|(?:TM|KT|Q|TL|TUQ)\.\s|Luật này đã được Quốc hội|CHỦ TỊCH QUỐC HỘI$|"
    r"\(Đã ký(?: và đóng dấu)?\)$|\(đã ký\)$)"
)
_HEADER_STOP = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Quốc hội ban hành|Chính phủ ban hành|Bộ trưởng|Thủ tướng Chính phủ ban hành)")
_DOC_TYPES = (
    "THÔNG TƯ LIÊN TỊCH", "NGHỊ ĐỊNH", "THÔNG TƯ", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "PHÁP LỆNH", "CHỈ THỊ",
    "LUẬT", "LỆNH", "HƯỚNG DẪN", "KẾ HOẠCH", "CÔNG VĂN",
)
_TYPE_BY_SUFFIX = (("QH", "Luật"), ("NĐ", "Nghị định"), ("ND", "Nghị định"), ("TT", "Thông tư"),
                   ("QĐ", "Quyết định"), ("QD", "Quyết định"), ("NQ", "Nghị quyết"), ("CT", "Chỉ thị"))
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_DATE_SLASH = re.compile(r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})")
_AMEND_TARGET = re.compile(r"(?:khoản\s+(\d+)[^“\"]*?)?(?:vào\s+)?Điều\s+(\d+[a-z]?)", re.IGNORECASE)
_ARTICLE_BODY_MIN = 700  # an "Điều N. …" remainder longer than this is body text, not a title


@dataclass
class _Node:
    kind: UnitKind
    label: str = ""
    title: str = ""
    lines: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    amends: str | None = None
    line: int = 0
    expects_title: bool = False

    def freeze(self) -> Unit:
        return Unit(
            kind=self.kind, label=self.label, title=self.title, text="\n".join(self.lines),
            children=tuple(c.freeze() for c in self.children), amends=self.amends, line=self.line,
        )


def _title_case(text: str) -> str:
    """"THI ĐUA, KHEN THƯỞNG" → "Thi đua, khen thưởng"."""
    if text.isupper():
        lowered = text.lower()
        return lowered[:1].upper() + lowered[1:]
    return text


def _parse_date(text: str) -> date | None:
    for pattern in (_DATE_WORDS, _DATE_SLASH):
        m = pattern.search(text)
        if m:
            d, mth, y = (int(g) for g in m.groups())
            try:
                return date(y, mth, d)
            except ValueError:
                return None
    return None


def parse_header(lines: list[str]) -> Header:
    """Read số hiệu, loại văn bản, cơ quan ban hành, ngày ban hành, trích yếu."""
    number = None
    for line in lines:
        m = re.search(r"[Ss]ố\s*:?\s*(" + DOC_NUMBER.pattern + ")", line)
        if m:
            number = re.sub(r"\s+", "", m.group(1))
            break
    cited = [n for line in lines for n in find_doc_numbers(line)]
    if number is None and cited:
        number = cited[0]
    doc_type: str | None = None
    title_lines: list[str] = []
    type_index = -1
    for i, line in enumerate(lines):
        upper = line.upper()
        for t in _DOC_TYPES:
            if upper == t or (upper.startswith(t + " ") and line[: len(t)].isupper() and "CỘNG HÒA" not in upper):
                doc_type = _title_case(t)
                rest = line[len(t):].strip()
                if rest:
                    title_lines.append(rest)
                type_index = i
                break
        if type_index >= 0:
            break
    if type_index >= 0:
        for line in lines[type_index + 1:]:
            if _HEADER_STOP.match(line) or line.startswith("(") or DOC_NUMBER.match(line):
                break
            title_lines.append(line)
            if len(title_lines) >= 4:
                break
    if doc_type is None and number:
        suffix = number.split("/")[-1].upper()
        doc_type = next((t for s, t in _TYPE_BY_SUFFIX if suffix.startswith(s)), None)
    issued = None
    for line in lines:
        if "ngày" in line and (line.startswith(("Hà Nội", "TP", "Thành phố")) or (number and number in line)):
            issued = _parse_date(line)
            if issued:
                break
    issuer = None
    for i, line in enumerate(lines[:3]):
        if line and "CỘNG HÒA" not in line.upper() and not line.startswith(("Số", "Luật số")):
            issuer = _title_case(line) if line.isupper() else line
            # "ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH": a local body names its province on the next line.
            following = lines[i + 1] if i + 1 < len(lines) else ""
            m = re.match(r"^(TỈNH|THÀNH PHỐ)\s+(.+)$", following)
            if m and following.isupper():
                issuer += f" {m.group(1).lower()} {m.group(2).title()}"
            break
    title = " ".join(_title_case(t) for t in title_lines).strip() or None
    if title and doc_type and not title.lower().startswith(doc_type.lower()):
        title = f"{doc_type} {title[:1].lower() + title[1:]}" if doc_type != "Luật" else f"Luật {title}"
    own = number
    amended = [n for line in lines if re.search(r"sửa đổi", line, re.IGNORECASE) for n in find_doc_numbers(line)]
    cited = [n for n in amended if n != own] + cited
    return Header(
        number=number, doc_type=doc_type, issuer=issuer, issued=issued, title=title,
        cited_numbers=tuple(dict.fromkeys(n for n in cited if n != own)),
    )


class _Parser:
    def __init__(self) -> None:
        self.root = _Node("root")
        self.stack: list[_Node] = [self.root]
        self.warnings: list[str] = []
        self.unparsed: list[str] = []
        self.in_quote = False
        self.quote_depth = 0
        self.amending: list[_Node] = []
        self.in_trailer = False
        self.in_appendix = False
        self.amended_doc: str | None = None
        self.last_article: _Node | None = None
        self.form_titles: dict[str, str] = {}  # from the appendix's list of forms
        self.attached: str | None = None  # "Quy định" once its heading is seen in the trailer

    # -- tree helpers -------------------------------------------------------
    def _open(self, node: _Node) -> None:
        level = _LEVEL[node.kind]
        while len(self.stack) > 1 and _LEVEL[self.stack[-1].kind] >= level:
            self.stack.pop()
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def _inside(self, kind: str) -> _Node | None:
        return next((n for n in reversed(self.stack) if n.kind == kind), None)

    def _append(self, text: str, lineno: int) -> None:
        top = self.stack[-1]
        if top.expects_title and not top.title:
            top.title = _title_case(text)
            top.expects_title = False
            return
        if top.kind in ("root", "phan", "chuong", "muc", "tieumuc"):
            self.unparsed.append(f"{lineno}: {text[:80]}")
        top.lines.append(text)

    # -- line handling ------------------------------------------------------
    def feed(self, text: str, lineno: int) -> None:
        if self.in_quote:
            self._quoted(text, lineno)
            return
        if self.in_trailer and not self.in_appendix:
            if _PHU_LUC.match(text):
                self.in_appendix = True
            elif _ATTACHED.match(text) and text.isupper():
                self.attached = _ATTACHED.match(text).group(1).capitalize()  # type: ignore[union-attr]
                return
            elif self.attached is not None and _ATTACHED_NOTE.match(text):
                # The attached text begins: a part of its own, its articles numbered from 1 again.
                self.in_trailer = False
                self._open(_Node("phan", ATTACHED_LABEL, f"{self.attached} ban hành kèm theo", line=lineno))
                self.last_article = None
                return
            else:
                return
        if self._structure(text, lineno):
            return
        article = self._inside("dieu")
        if article is not None and text.startswith(_OPEN_QUOTE) and not self.in_appendix \
                and self._amendment_expected(text):
            self._start_quote(text, lineno)
            return
        if self.last_article is not None and not self.in_appendix and _TRAILER.match(text):
            self.in_trailer = True
            while len(self.stack) > 1:
                self.stack.pop()
            return
        self._append(text, lineno)

    def _structure(self, text: str, lineno: int) -> bool:
        top = self.stack[-1]
        if self.in_appendix or self.in_trailer:
            m = _PHU_LUC.match(text)
            if m:
                self.in_appendix = True
                self._open(_Node("phuluc", m.group(1), _title_case(m.group(2)), line=lineno,
                                 expects_title=not m.group(2)))
                return True
            m = _MAU_ROW.match(text)
            if m:
                self.form_titles.setdefault(m.group(1).zfill(2), m.group(2))
                return False  # the row stays in the appendix's text as its table of contents
            m = _MAU.match(text)
            if m and not text.startswith("|"):
                label = m.group(1).zfill(2)
                title = m.group(2) or self.form_titles.get(label, "")
                self._open(_Node("mau", label, title, line=lineno, expects_title=not title))
                return True
            if top.kind == "mau" and top.expects_title and _FORM_LETTERHEAD.match(text):
                top.lines.append(text)  # "ĐƠN VỊ CẤP TRÊN" heads the form; the title comes later
                return True
            return False
        for pattern, kind in ((_PHAN, "phan"), (_CHUONG, "chuong"), (_MUC, "muc"), (_TIEU_MUC, "tieumuc")):
            m = pattern.match(text)
            if m:
                rest = m.group(2).strip()
                self._open(_Node(kind, m.group(1), _title_case(rest), line=lineno, expects_title=not rest))  # type: ignore[arg-type]
                return True
        m = _DIEU.match(text)
        if m:
            self._article(m.group(1), (m.group(2) or "").strip(), lineno)
            return True
        if self._inside("dieu") is None:
            return False
        m = _MAU.match(text)
        if m and not m.group(2) and not text.startswith("|"):
            # A bare "Mẫu số 01" after the last article opens the appendix of forms even without a
            # signature block between them (an attached Quy chế's own forms); its numbered lines are
            # the form's, not more clauses of that article.
            self.in_appendix = True
            while len(self.stack) > 1:
                self.stack.pop()
            self._open(_Node("mau", m.group(1).zfill(2), "", line=lineno, expects_title=True))
            return True
        m = _KHOAN.match(text)
        if m and self._inside("dieu") in self.amending and not self._next_clause(m.group(1)):
            # Inside an amending article the amendment points run 1, 2, 3…; any other
            # numbered line is quoted text whose quotation marks the source dropped.
            return False
        if m and top.kind != "mau":
            self._open(_Node("khoan", m.group(1), line=lineno, lines=[m.group(2)]))
            return True
        m = _DIEM.match(text)
        if m:
            self._open(_Node("diem", m.group(1), line=lineno, lines=[m.group(2)] if m.group(2) else []))
            return True
        return False

    def _article(self, label: str, rest: str, lineno: int) -> None:
        is_body = len(rest) > _ARTICLE_BODY_MIN or (rest.endswith((".", ":", ";")) and len(rest.split()) > 8)
        node = _Node("dieu", label, "" if is_body else rest, line=lineno, lines=[rest] if is_body else [])
        self._open(node)
        self.last_article = node

    def _next_clause(self, label: str) -> bool:
        article = self._inside("dieu")
        clauses = [c for c in article.children if c.kind == "khoan"] if article else []
        last = int(clauses[-1].label) if clauses and clauses[-1].label.isdigit() else 0
        return int(label) == last + 1

    def _amendment_expected(self, text: str) -> bool:
        holder = self.stack[-1]
        last = holder.lines[-1] if holder.lines else holder.title
        return bool(_AMEND_INTRO.search(last)) or bool(re.match(r"^[“\"„«]\s*Điều\s+\d", text))

    def _quote_delta(self, text: str) -> int:
        straight = text.count('"') % 2
        return text.count("“") + text.count("«") - text.count("”") - text.count("»") + straight

    def _start_quote(self, text: str, lineno: int) -> None:
        holder = self.stack[-1]
        intro = " ".join(holder.lines)
        targets = _AMEND_TARGET.findall(intro)
        if targets and self.amended_doc:
            clause, article = targets[-1]
            where = f"khoản {clause} Điều {article}" if clause else f"Điều {article}"
            holder.amends = f"{self.amended_doc} {where}"
        holder.lines.append(text)
        article = self._inside("dieu")
        if article is not None and article not in self.amending:
            self.amending.append(article)
        self.quote_depth = self._quote_delta(text)
        self.in_quote = self.quote_depth > 0

    def _quoted(self, text: str, lineno: int) -> None:
        article = self._inside("dieu")
        m = _DIEU.match(text)
        if m and article is not None and m.group(1).isdigit() and article.label.isdigit() \
                and int(m.group(1)) == int(article.label) + 1:
            # An unclosed quotation (OCR lost the closing mark): the next article ends it.
            self.warnings.append(f"line {lineno}: quotation not closed before Điều {m.group(1)}")
            self.in_quote = False
            self.feed(text, lineno)
            return
        self.stack[-1].lines.append(text)
        self.quote_depth += self._quote_delta(text)
        if self.quote_depth <= 0:
            self.in_quote = False


def _check(root: Unit, warnings: list[str]) -> None:
    attached = [u for u in root.children if u.kind == "phan" and u.label == ATTACHED_LABEL]
    if attached:  # each part numbers its articles from 1
        own = Unit(root.kind, root.label, root.title, children=tuple(u for u in root.children if u not in attached))
        _check(own, warnings)
        for part in attached:
            _check(Unit(root.kind, root.label, root.title, children=part.children), warnings)
        return
    labels = [u.label for u in root.walk() if u.kind == "dieu"]
    numbers = [int(re.sub(r"\D", "", x)) for x in labels if re.sub(r"\D", "", x)]
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            warnings.append(f"duplicate Điều {label}")
        seen.add(label)
    for prev, cur in zip(numbers, numbers[1:], strict=False):
        if cur != prev + 1 and cur != prev:
            warnings.append(f"numbering gap: Điều {prev} → Điều {cur}")
    for unit in root.walk():
        if unit.kind == "dieu" and not unit.text.strip() and not unit.children:
            warnings.append(f"empty Điều {unit.label}")
        if unit.kind == "dieu":
            clauses = [c for c in unit.children if c.kind == "khoan" and c.label.isdigit()]
            for prev_c, cur_c in zip(clauses, clauses[1:], strict=False):
                if int(cur_c.label) != int(prev_c.label) + 1:
                    warnings.append(f"Điều {unit.label}: clause {prev_c.label} → {cur_c.label}")


def parse_legal(text: str, *, amends: str | None = None) -> ParsedText:
    """Parse a legal document's text into its header and structure tree.

    ``amends`` names the document an amending law changes, when the catalog knows it.
    """
    lines = [ln for ln in normalize(text).split("\n")]
    header_lines: list[str] = []
    start = len(lines)
    for i, line in enumerate(lines):
        if not line:
            continue
        if _PHAN.match(line) or _CHUONG.match(line) or _DIEU.match(line) or _MUC.match(line):
            start = i
            break
        header_lines.append(line)
    header = parse_header(header_lines)
    parser = _Parser()
    parser.amended_doc = amends or next(iter(header.cited_numbers), None)
    for i in range(start, len(lines)):
        if lines[i]:
            parser.feed(lines[i], i + 1)
    if parser.in_quote:
        parser.warnings.append("quotation not closed at end of document")
    root = parser.root.freeze()
    warnings = list(parser.warnings)
    _check(root, warnings)
    if parser.unparsed:
        warnings.append(f"{len(parser.unparsed)} unparsed lines outside articles")
    return ParsedText(header=header, root=root, warnings=tuple(warnings), unparsed=tuple(parser.unparsed))
