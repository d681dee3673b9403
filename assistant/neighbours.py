"""Neighbouring fields of law (tax, salary, probation, social insurance …) the library may not cover.

Officers ask whether an award's money is taxed or counts for a salary rise; the laws on
emulation and commendation do not say. The fields are data (``assistant/data/neighbours.tsv``);
a field counts as outside the library only while no in-force passage speaks of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from assistant.datafiles import tsv_rows
from corpus.text import expand_abbreviations, fold
from indexer import Chunk

__all__ = ["absent_fields", "fields", "handed_over_fields", "named_fields", "speaks_of"]


@cache
def fields() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((label, re.compile(rf"\b(?:{pattern})\b")) for label, pattern, *_ in tsv_rows("neighbours.tsv"))


def named_fields(text: str) -> frozenset[str]:
    """The neighbouring fields a text speaks of."""
    folded = fold(expand_abbreviations(text)).lower()
    return frozenset(label for label, pattern in fields() if pattern.search(folded))


def _in_a_name(cased: str, start: int) -> bool:
    """Does the match at ``start`` open a proper name inside a sentence ("Phó Tổng Giám đốc Bảo hiểm xã
    hội Việt Nam", "Thuế tỉnh, Bảo hiểm xã hội tỉnh")? A body's name is not a rule about its field."""
    if not cased[start].isupper():
        return False
    before = cased[:start].rstrip(" \t")
    return bool(before) and before[-1] not in ".:;!?\n)"


# "… theo quy định của pháp luật về ưu đãi người có công": the field is left to its own law; "Quy định chi tiết
# mẫu, màu sắc, …; chất liệu, kích thước khung …": to the rules another text sets.
_DEFERS_BEFORE = re.compile(r"\bphap luat (?:hien hanh )?ve\b[^.;:\n]{0,40}$|\bquy dinh chi tiet\b[^.\n]*$")
_DEFERS_AFTER = re.compile(r"^[^.;:\n]{0,40}?\btheo (?:quy dinh (?:cua )?)?phap luat (?:hien hanh )?ve ")


def _deferred(lowered: str, start: int, end: int, pattern: re.Pattern[str]) -> bool:
    """Does the mention at ``start:end`` hand its field to that field's own law ("… pháp luật về ưu đãi
    người có công")? A law on something else ("… trích lập theo pháp luật về quản lý vốn") does not."""
    if _DEFERS_BEFORE.search(lowered[max(0, start - 400):start]):
        return True
    after = _DEFERS_AFTER.search(lowered[end:end + 80])
    return after is not None and pattern.match(lowered, end + after.end()) is not None


def speaks_of(text: str, pattern: re.Pattern[str]) -> bool:
    """Does the text speak of the field, other than by naming a body ("Bảo hiểm xã hội Việt Nam") or by
    leaving it to its own law ("… theo quy định của pháp luật về ưu đãi người có công")?"""
    cased = fold(unicodedata.normalize("NFC", text))  # keeps case and length: positions match the lower-cased copy
    lowered = cased.lower()
    if len(lowered) != len(cased):  # a character whose lower case is longer ("İ"): no positions to compare
        return pattern.search(lowered) is not None
    return any(not _in_a_name(cased, m.start()) and not _deferred(lowered, m.start(), m.end(), pattern)
               for m in pattern.finditer(lowered))


def absent_fields(chunks: Iterable[Chunk]) -> frozenset[str]:
    """Fields no in-force passage (or training material) of the library speaks of."""
    remaining = dict(fields())
    for c in chunks:
        if not remaining:
            break
        if not c.speaks_today:
            continue
        for label in [k for k, p in remaining.items() if speaks_of(c.titled_text, p)]:
            del remaining[label]
    return frozenset(remaining)


def handed_over_fields(chunks: Iterable[Chunk]) -> frozenset[str]:
    """Fields an in-force passage hands to another text ("Thủ tướng … quy định chi tiết mẫu, màu sắc …; kích
    thước khung …"): who sets their rules is the library's to say."""
    found: set[str] = set()
    patterns = fields()
    for c in chunks:
        if not c.speaks_today:
            continue
        lowered = fold(unicodedata.normalize("NFC", c.titled_text)).lower()
        for label, pattern in patterns:
            if label not in found and any(_deferred(lowered, m.start(), m.end(), pattern)
                                          for m in pattern.finditer(lowered)):
                found.add(label)
    return frozenset(found)
