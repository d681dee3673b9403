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

__all__ = ["absent_fields", "fields", "named_fields", "speaks_of"]


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


def speaks_of(text: str, pattern: re.Pattern[str]) -> bool:
    """Does the text speak of the field, other than by naming a body ("Bảo hiểm xã hội Việt Nam")?"""
    cased = fold(unicodedata.normalize("NFC", text))  # keeps case and length: positions match the lower-cased copy
    lowered = cased.lower()
    if len(lowered) != len(cased):  # a character whose lower case is longer ("İ"): no positions to compare
        return pattern.search(lowered) is not None
    return any(not _in_a_name(cased, m.start()) for m in pattern.finditer(lowered))


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
