"""The offices (chức vụ) and ranks a question names, and how closely a passage names the same one.

Khen thưởng quá trình cống hiến goes by office and years: "12 năm làm Phó Giám đốc Sở", "Chủ tịch Ủy ban
MTTQ tỉnh", "Thượng tướng". The decree's lists of offices (each award's clause, the equivalences of Điều
10 NĐ 152/2025) name them, while the general article on such awards shares the story's every other word
(nghỉ hưu, thời gian giữ chức vụ, chưa được khen thưởng quá trình cống hiến) and outranks them. Only a
question about awards by office reads offices: elsewhere "Chủ tịch UBND tỉnh" is who decides, not a rank.
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.text import expand_abbreviations, fold

__all__ = ["asked_offices", "by_office", "office_match"]

# Heads of offices, folded; "phó" is part of the head (a deputy is another office).
_HEADS = (
    "thu tuong", "chu tich", "tong bi thu", "bi thu", "tong giam doc", "giam doc", "bo truong", "thu truong",
    "tong cuc truong", "cuc truong", "vu truong", "truong ban", "chanh an", "vien truong", "chanh van phong",
    "tong thu ky", "tu lenh", "chinh uy", "tham muu truong", "su doan truong", "lu doan truong",
    "trung doan truong", "hieu truong", "chu nhiem",
)
# Heads that name one office by themselves (a unit's kind is in the word): no qualifier needed.
_WHOLE = frozenset({"thu tuong", "tong bi thu", "bo truong", "thu truong", "tong cuc truong", "cuc truong",
                    "vu truong", "su doan truong", "lu doan truong", "trung doan truong"})
# A general's rank is an office of its own, named without a unit.
_RANKS = re.compile(r"\b(?:dai|thuong|trung|thieu) tuong\b")
_HEAD = re.compile(r"\b((?:pho )?(?:" + "|".join(_HEADS) + r"))\b((?: [a-z]+){0,4})")
# Where a qualifier ends: the story goes on ("… Sở Y tế từ năm 2014", "… tỉnh 2 nhiệm kỳ").
_STOP = frozenset("tu nam va hoac da duoc giu cua thi la co khi tai trong den nhiem hon tron nay do voi".split())
# Awards by office: the question speaks of cống hiến, an office held or its equivalent.
_BY_OFFICE = re.compile(r"cong hien|chuc vu|chuc danh|tuong duong")
_QUALIFIER = 4  # syllables of a qualifier that count ("ủy ban mặt trận tổ quốc tỉnh" → "ủy ban mặt trận")


def _folded(text: str) -> str:
    return fold(expand_abbreviations(text)).lower()


def _qualifier(words: str) -> tuple[str, ...]:
    """The syllables after an office's head up to where the story (or the passage) goes on."""
    out: list[str] = []
    for word in words.split():
        if word in _STOP:
            break
        out.append(word)
    return tuple(out)


def by_office(text: str) -> bool:
    """Does the question ask about an award given by office (cống hiến, an office held, its equivalent)?"""
    return bool(_BY_OFFICE.search(_folded(text)))


def asked_offices(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(head, qualifier syllables) of each office the text names; a rank, or a head naming one office by
    itself ("Sư đoàn trưởng", "Vụ trưởng"), has no qualifier."""
    folded = _folded(text)
    found: list[tuple[str, tuple[str, ...]]] = [(m.group(0), ()) for m in _RANKS.finditer(folded)]
    for m in _HEAD.finditer(folded):
        if m.group(1).removeprefix("pho ") in _WHOLE:
            found.append((m.group(1), ()))
            continue
        if qualifier := _qualifier(m.group(2)):
            found.append((m.group(1), qualifier[:_QUALIFIER]))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=4096)
def _passage(text: str) -> str:
    return re.sub(r"\s+", " ", _folded(text))


def office_match(passage: str, offices: tuple[tuple[str, tuple[str, ...]], ...]) -> float:
    """1 when ``passage`` names an office asked: a rank, or the head with a qualifier that agrees with the
    question's as far as the shorter goes ("Phó Giám đốc sở," for "Phó Giám đốc Sở Y tế"); a head alone,
    another unit, or a deputy for the head, is 0."""
    text = _passage(passage)
    for head, qualifier in offices:
        # "giám đốc" is not "Phó Giám đốc" nor "Tổng Giám đốc".
        pattern = re.compile(rf"(?<!pho )(?<!tong )\b{head}\b((?: [a-z]+){{0,{_QUALIFIER}}})")
        for m in pattern.finditer(text):
            if not qualifier:
                return 1.0
            run = _qualifier(m.group(1))
            # The shorter of the two qualifiers must be all there: "Chủ tịch Hội Nông dân" is not "Chủ tịch
            # Hội đồng nhân dân", nor "Ủy ban MTTQ" "Ủy ban nhân dân".
            # A one-syllable qualifier ("Phó Chủ tịch Hội", the Hội told before) is no unit of a longer one.
            n = min(len(qualifier), len(run))
            if n and run[:n] == qualifier[:n] and (len(qualifier) >= len(run) or n >= 2):
                return 1.0
    return 0.0
