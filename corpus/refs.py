"""The one parser of legal references: document numbers and "điểm a khoản 2 Điều 24"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from corpus.records import POINT_ORDER
from corpus.text import fold

__all__ = [
    "DocHint",
    "Reference",
    "doc_key",
    "find_doc_hints",
    "find_doc_numbers",
    "find_other_documents",
    "find_references",
    "point_index",
]

# 06/2022/QH15, 152/2025/NĐ-CP, 07 /2026/TT-BGDĐT, 01/2026/QĐ-TTg
DOC_NUMBER = re.compile(
    r"(?<![\w/])(\d{1,4})\s*/\s*(\d{4})\s*/\s*"
    r"([A-ZĐa-zđ]{1,6}(?:\s*-\s*[A-ZĐa-zđ&]{1,10}|\s+(?=[A-ZĐ&]{2,}\b)[A-ZĐ&]{2,10}){0,2}\d{0,2})(?![\w])"
)


@lru_cache(maxsize=4096)
def doc_key(number: str) -> str:
    """Comparison key for a document number: case, Đ/D, separators and leading zeros folded.

    Cached: ranking asks it of the same few numbers for every candidate passage."""
    m = DOC_NUMBER.search(number)
    if not m:
        return re.sub(r"[^0-9A-Z]", "", fold(number).upper())
    serial, year, suffix = m.groups()
    suffix = re.sub(r"[^0-9A-Z]", "", fold(suffix).upper())
    return f"{int(serial)}/{year}/{suffix}"


def find_doc_numbers(text: str) -> list[str]:
    return [re.sub(r"\s+", "", m.group(0)) for m in DOC_NUMBER.finditer(text)]


def point_index(letter: str) -> int:
    """Position of a point letter in the Vietnamese alphabet (a=0, b=1, … đ after d)."""
    letter = letter.lower()
    return POINT_ORDER.index(letter) if letter in POINT_ORDER else len(POINT_ORDER)


@dataclass(frozen=True, slots=True)
class DocHint:
    """A document named loosely in a question: "nghị định 152", "luật 2003", "TT 01/2024"."""

    doc_type: str | None  # "Luật" | "Nghị định" | "Thông tư" | "Quyết định" | None
    serial: int | None = None
    year: int | None = None
    number: str | None = None  # a full number when written out
    title: str | None = None  # a law named by its title ("Luật Hợp tác xã 2023" → "Hợp tác xã")


@dataclass(frozen=True, slots=True)
class Reference:
    article: int | None
    clause: int | None = None
    point: str | None = None
    doc: DocHint | None = None
    form: str | None = None  # "Mẫu số 07" → "07"


_TYPE_WORDS = {
    "luat": "Luật", "nghi dinh": "Nghị định", "nd": "Nghị định", "thong tu": "Thông tư",
    "tt": "Thông tư", "quyet dinh": "Quyết định", "qd": "Quyết định", "nghi quyet": "Nghị quyết", "nq": "Nghị quyết",
}
_DOC_HINT = re.compile(
    r"\b(luat|nghi dinh|nd|thong tu|tt|quyet dinh|qd|nghi quyet|nq)\b"
    r"(?:\s*(?:so|cp|-cp|tdkt|thi dua,? khen thuong|moi|cu))*"
    # (a Party document's "26-NQ/TW" is read by find_other_documents)
    r"(?:\s*(\d{1,4})(?!\d|\s*-\s*[a-z])(?:\s*/\s*(\d{4}))?(?:\s*/\s*[a-z\-&]+)?)?"
    r"(?:\s*(?:nam\s*)?((?:19|20)\d{2}))?"
)
_REF = re.compile(
    r"(?:\bdiem\s+([a-z])\)?\s*,?\s*)?"
    r"(?:\bkhoan\s+(\d{1,2})\s*,?\s*)?"
    r"\bdieu\s+(\d{1,3})\b"
)
_REF_REVERSED = re.compile(r"\bdieu\s+(\d{1,3})\s*,?\s*khoan\s+(\d{1,2})(?:\s*,?\s*diem\s+([a-z])\b)?")
_FORM = re.compile(r"\bmau(?:\s+so)?\s+(\d{1,2}[a-z]?)\b")


def _hint_near(folded: str, start: int) -> DocHint | None:
    window = folded[start:start + 80]
    m = _DOC_HINT.search(window)
    if not m or m.start() > 12:
        return None
    return _hint_from_match(m, folded[start:])


def _hint_from_match(m: re.Match[str], context: str) -> DocHint:
    word, serial, year, year2 = m.groups()
    number = None
    full = DOC_NUMBER.search(context[m.start():m.end() + 20])
    if full:
        number = re.sub(r"\s+", "", full.group(0))
    serial_n = int(serial) if serial else None
    year_n = int(year or year2) if (year or year2) else None
    if serial_n is not None and year_n is None and 1990 <= serial_n <= 2100 and not year:
        serial_n, year_n = None, serial_n  # "luật 2003": a year, not a number
    return DocHint(doc_type=_TYPE_WORDS[word], serial=serial_n, year=year_n, number=number)


def find_references(text: str) -> list[Reference]:
    """References to units in free text; point letters keep "đ" (folded text loses it)."""
    raw = text.lower()
    folded = fold(raw)
    refs: list[Reference] = []
    for m in _REF.finditer(folded):
        point = m.group(1)
        if point == "d" and raw[m.start(1):m.start(1) + 1] == "đ":
            point = "đ"
        refs.append(Reference(
            article=int(m.group(3)),
            clause=int(m.group(2)) if m.group(2) else None,
            point=point,
            doc=_hint_near(folded, m.end()),
        ))
    for m in _REF_REVERSED.finditer(folded):
        art, clause, point = int(m.group(1)), int(m.group(2)), m.group(3)
        refs = [r for r in refs if not (r.article == art and r.clause is None)]
        refs.append(Reference(article=art, clause=clause, point=point, doc=_hint_near(folded, m.end())))
    for m in _FORM.finditer(folded):
        refs.append(Reference(article=None, form=m.group(1).zfill(2), doc=_hint_near(folded, m.end())))
    return refs


def find_doc_hints(text: str) -> list[DocHint]:
    folded = fold(text.lower())
    return [_hint_from_match(m, folded) for m in _DOC_HINT.finditer(folded)]


# A Party document ("Chỉ thị 34-CT/TW", "Nghị quyết 26-NQ/TW", "Quy định 131-QĐ/TW"): numbered with its kind.
_PARTY_NUMBER = re.compile(r"(?<![\w/])(\d{1,4})\s*-\s*(ct|nq|qd|kl|hd|qc)\s*/\s*(tw|tu|hu|du)\b")
_PARTY_KINDS = {"ct": "Chỉ thị", "nq": "Nghị quyết", "qd": "Quy định", "kl": "Kết luận", "hd": "Hướng dẫn",
                "qc": "Quy chế"}
# A law named by its title and year ("Luật Hợp tác xã 2023", "Bộ luật Lao động năm 2019"): the capitalised
# title runs to the year.
_TITLED_LAW = re.compile(r"\b(Bộ luật|Luật) ([A-ZĐ]\w*(?:,? \w+){0,6}?)(?: năm)? ((?:19|20)\d{2})\b")


def find_other_documents(text: str) -> list[DocHint]:
    """Documents named in ways :func:`find_doc_hints` does not read: Party documents by their number, and
    laws by their title and year. Whether the library holds one is the caller's to decide."""
    out = [DocHint(doc_type=_PARTY_KINDS[m.group(2)], number=f"{m.group(1)}-{m.group(2)}/{m.group(3)}".upper()
                   .replace("QD", "QĐ").replace("/DU", "/ĐU"))
           for m in _PARTY_NUMBER.finditer(fold(text.lower()))]
    out += [DocHint(doc_type=m.group(1), year=int(m.group(3)), title=m.group(2))
            for m in _TITLED_LAW.finditer(unicodedata.normalize("NFC", text))]
    return out
