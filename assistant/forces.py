"""Which armed force a question or a provision speaks of: the People's Army or the People's Police.

Many rules come in pairs, one clause per force ("1. Bộ trưởng Bộ Quốc phòng quyết định … trong Quân đội
nhân dân. 2. Bộ trưởng Bộ Công an quyết định … trong Công an nhân dân."). Both share almost every word
with a question, so the words that say which force — a battalion, a division, enlistment; the police —
decide which clause answers. The extraction (``assistant.extract``) reads it from here.
"""

from __future__ import annotations

import re

from corpus.text import folded_words

__all__ = ["asked_forces", "named_forces", "other_force"]

# Folded, lower case. A question names a force by its units and ranks as often as by its name; a provision
# names it by its name or its ministry.
_ASKED = {
    "army": re.compile(r"\b(?:quan doi|quan nhan|qncn|bo doi|tieu doan|trung doan|su doan|lu doan|dai doi|"
                       r"quan khu|quan chung|binh chung|bo quoc phong|ha si quan|hai quan|bien phong|nhap ngu|"
                       r"xuat ngu|don vi quan doi|sy quan quan doi|si quan quan doi)\b"),
    "police": re.compile(r"\b(?:cong an|canh sat|cand|bo cong an|an ninh nhan dan)\b"),
}
_NAMED = {
    "army": re.compile(r"\b(?:quan doi nhan dan|bo quoc phong|bo doi bien phong)\b"),
    "police": re.compile(r"\b(?:cong an nhan dan|bo cong an)\b"),
}


def asked_forces(question: str) -> frozenset[str]:
    """The forces a question speaks of, anywhere in its story (a unit's name tells where the asker serves)."""
    words = folded_words(question)
    return frozenset(name for name, pattern in _ASKED.items() if pattern.search(words))


def named_forces(text: str) -> frozenset[str]:
    """The forces a provision names."""
    words = folded_words(text)
    return frozenset(name for name, pattern in _NAMED.items() if pattern.search(words))


def other_force(asked: frozenset[str], named: frozenset[str]) -> bool:
    """The provision is for a force, and not for the one the question speaks of."""
    return bool(asked) and bool(named) and not named & asked
