"""Checkable facts stated by a clause: a number of years, a percentage, a multiple of the base salary,
a number of dossier copies, a time limit in working days, the authority that decides.

Each fact is a value as the text writes it ("05 năm") inside one verbatim sentence where it occurs
once, so a question built on it can be checked against the clause word for word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assistant.provisions import Paragraph
from corpus.text import fold

__all__ = ["FACT_KINDS", "Fact", "extract_facts", "same_value", "sentences", "variants"]

# Kind → pattern of the value as legal texts write it (zero-padded counts: "02 lần", "01 bộ").
_PATTERNS: dict[str, re.Pattern[str]] = {
    "salary": re.compile(r"(?<![\d,])\d{1,3},\d lần mức lương cơ sở"),
    "percent": re.compile(r"(?<![\d,])\d{1,3}(?:,\d+)?%"),
    "days": re.compile(r"(?<![\d,])\d{2} ngày(?: làm việc)?\b"),
    "months": re.compile(r"(?<![\d,])\d{2} tháng\b(?!\s*\d)"),
    # "tháng 12 năm 2025" is a date, not a number of years.
    "years": re.compile(r"(?<!tháng )(?<![\d,/])\d{2} năm\b(?!\s*\d)"),
    "times": re.compile(r"(?<![\d,])\d{2} lần\b(?! mức)"),
    "copies": re.compile(r"(?<![\d,])\d{2} (?:bộ|bản)\b"),
}
# Who decides: a short subject at the start of a sentence, before "quyết định tặng".
_AUTHORITY = re.compile(
    r"^(?P<value>(?:Chủ tịch|Thủ tướng|Chính phủ|Bộ trưởng|Ủy ban|Giám đốc|Thủ trưởng|Tổng giám đốc|"
    r"Người đứng đầu|Hiệu trưởng|Hội đồng)[^,.;:()“”\"]{0,70}?) (?:xem xét, )?(?:quyết định tặng|quyết định khen thưởng|trao tặng|"
    r"(?:chủ trì, )?tổ chức trao tặng|phát động|chỉ đạo phong trào|chủ trì tổ chức)\b"
)
# An award named in quotation marks: the name is the value, other awards of its family the distractors.
_AWARD = re.compile(
    r"[“\"](?P<value>(?:Huân chương|Huy chương|Chiến sĩ thi đua|Cờ thi đua|Bằng khen|Lao động tiên tiến|"
    r"Chiến sĩ tiên tiến|Tập thể lao động|Đơn vị|Anh hùng|Giải thưởng|Kỷ niệm chương|Nhà giáo|Thầy thuốc|Nghệ sĩ|"
    r"Nghệ nhân)[^”\"]{0,60})[”\"]"
)
# Who leads a step: "… do cơ quan trình khen thưởng chủ trì thực hiện".
_LEADER = re.compile(
    r"\bdo (?P<value>(?:cơ quan|người đứng đầu|Thủ trưởng|Bộ|Ủy ban|Chủ tịch|Hội đồng|Ban|Thường trực|đơn vị)"
    r"[^,.;:()“”\"]{0,60}?) (?:chủ trì|tổ chức|thực hiện|quyết định|ban hành)\b"
)
FACT_KINDS = ("years", "times", "percent", "salary", "copies", "days", "months", "authority", "award")
_MAX_SENTENCE = 600
_NUMBER = re.compile(r"\d+(?:,\d+)?")


@dataclass(frozen=True, slots=True)
class Fact:
    """A value stated once in a verbatim sentence of a cited clause or point."""

    kind: str  # one of FACT_KINDS
    value: str  # as written: "05 năm", "90%", "1,0 lần mức lương cơ sở", "Thủ tướng Chính phủ"
    sentence: str  # verbatim, contains ``value`` exactly once
    paragraph: Paragraph

    @property
    def blanked(self) -> str:
        return self.sentence.replace(self.value, "……", 1)

    def with_value(self, other: str) -> str:
        return self.sentence.replace(self.value, other, 1)


def sentences(text: str) -> list[str]:
    """Split a paragraph at ". " before a capital letter; each piece verbatim."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"\.\s+", text):
        nxt = text[m.end():m.end() + 1]
        if nxt.isupper() or nxt in "“\"(":
            out.append(text[start:m.start() + 1].strip())
            start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def extract_facts(paragraphs: Iterable[Paragraph]) -> Iterator[Fact]:
    """Every fact in the paragraphs, in document order; a value repeated in its sentence is skipped."""
    for p in paragraphs:
        for sentence in sentences(p.text):
            if len(sentence) > _MAX_SENTENCE:
                continue
            for kind, pattern in _PATTERNS.items():
                for m in pattern.finditer(sentence):
                    value = m.group(0)
                    if sentence.count(value) == 1 and not _inside_other(kind, sentence, m):
                        yield Fact(kind, value, sentence, p)
            for m in _AWARD.finditer(sentence):
                value = m.group("value")
                if sentence.count(value) == 1:
                    yield Fact("award", value, sentence, p)
            for m in _LEADER.finditer(sentence):
                if sentence.count(m.group("value")) == 1:
                    yield Fact("authority", m.group("value"), sentence, p)
            who = _AUTHORITY.match(sentence)
            if who and sentence.count(who.group("value")) == 1:
                yield Fact("authority", who.group("value"), sentence, p)


def _inside_other(kind: str, sentence: str, m: re.Match[str]) -> bool:
    """"1,0 lần mức lương cơ sở" is a salary fact, not a "lần" count."""
    if kind != "times":
        return False
    return bool(_PATTERNS["salary"].search(sentence[max(0, m.start() - 5):m.end() + 20]))


def same_value(a: str, b: str) -> bool:
    """"05 năm" and "5 năm" are the same value."""
    def key(v: str) -> str:
        return re.sub(r"(?<!\d)0+(?=\d)", "", fold(v).lower().replace(" ", ""))
    return key(a) == key(b)


def variants(value: str) -> list[str]:
    """Plausible wrong values of the same kind, written like ``value`` (for when the documents offer too few)."""
    m = _NUMBER.search(value)
    if not m:
        return []
    raw = m.group(0)
    if "," in raw:
        whole, frac = raw.split(",")
        n = float(f"{whole}.{frac}")
        candidates = [n + 0.5, n * 2, max(0.0, n - 0.5), n + 1.0]
        texts = [f"{c:.{len(frac)}f}".replace(".", ",") for c in candidates if c > 0]
    else:
        n = int(raw)
        step = 10 if value.endswith("%") else 1
        candidates = [n + step, n * 2, n - step, n + 2 * step, n + 3 * step] if n > 1 else [n + 1, n + 2, n + 4]
        limit = 100 if value.endswith("%") else 10_000
        texts = [str(c).zfill(len(raw)) for c in candidates if 0 < c <= limit]
    out = []
    for t in texts:
        v = value[:m.start()] + t + value[m.end():]
        if not same_value(v, value) and v not in out:
            out.append(v)
    return out
