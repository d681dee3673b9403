"""Which armed force a question or a provision speaks of: the People's Army or the People's Police.

Many rules come in pairs, one clause per force ("1. Bộ trưởng Bộ Quốc phòng quyết định … trong Quân đội
nhân dân. 2. Bộ trưởng Bộ Công an quyết định … trong Công an nhân dân."). Both share almost every word
with a question, so the words that say which force — a battalion, a division, enlistment; the police —
decide which clause answers. The extraction (``assistant.extract``) reads it from here.
"""

from __future__ import annotations

import re

from corpus.text import folded_words

__all__ = ["asked_forces", "force_scoped", "named_forces", "other_force", "speaks_of_forces"]

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


# A provision whose scope is a force: the rule for the Army or the Police only ("… trong Quân đội nhân dân,
# Công an nhân dân"), beside the general rule for everyone else.
_SCOPED = re.compile(r"\btrong (?:quan doi nhan dan|cong an nhan dan)\b")
# Besides a force's name or units: an officer's rank, or an award only the forces give.
_FORCE_WORDS = re.compile(r"\b(?:(?:thieu|trung|thuong|dai) (?:uy|ta|tuong)|don vi quyet thang|don vi tien tien|"
                          r"chien si tien tien|quan cong|quan ky quyet thang|chien si ve vang|vi an ninh to quoc|bao ve to quoc|chien cong|"
                          r"dan quan|tu ve|luc luong vu trang)\b")


def force_scoped(text: str) -> bool:
    """The provision is the rule for the Army or the Police only."""
    return bool(_SCOPED.search(folded_words(text)))


def speaks_of_forces(question: str) -> bool:
    """The question speaks of the Army or the Police: by name, unit, rank, or an award only they give."""
    return bool(asked_forces(question)) or bool(_FORCE_WORDS.search(folded_words(question)))
