"""Whose fund a clause rules: "9. Quỹ thi đua, khen thưởng của các cơ sở giáo dục tư thục …" answers a private
school, "a) Quỹ thi đua, khen thưởng của sở, ban, ngành cấp tỉnh …" an agency or a public unit.

Điều 46 NĐ 152/2025 gives each kind of body its own clause, and they share nearly every word ("quỹ", "nguồn
ngân sách", "tổng quỹ tiền lương"): the words of a question cannot tell them apart, the kind of body it
speaks of can. Enterprises and cooperatives are told apart in ``assistant.enterprises``; this module adds the
other kinds and the converse (a question from a private school is not answered by the public bodies' clause).
"""

from __future__ import annotations

import re

from assistant.enterprises import speaks_of_enterprises
from corpus.text import folded_words

__all__ = ["OWN_CLAUSE_KINDS", "asked_holder", "fund_holder", "other_holder"]

_FUND = r"^(?:\d{1,2} |[a-z] )?(?:viec (?:\w+ ){0,6}?)?quy thi dua khen thuong cua (?:cac )?"
# kind: (the clause's holder after "Quỹ thi đua, khen thưởng của", what a question says of such a body); folded.
# An enterprise's or a cooperative's question is told by assistant.enterprises.
_KINDS: tuple[tuple[str, str, str | None], ...] = (
    ("private_school", r"co so giao duc tu thuc", r"\b(?:tu thuc|dan lap|ngoai cong lap)\b"),
    ("association", r"to chuc chinh tri xa hoi nghe nghiep", r"\b(?:to chuc xa hoi|xa hoi nghe nghiep)\b"),
    ("political", r"to chuc chinh tri uy ban trung uong mat tran",
     r"\b(?:mat tran to quoc|mttq|cong doan|doan thanh nien|hoi lien hiep phu nu|hoi nong dan|hoi cuu chien binh)\b"),
    ("enterprise", r"(?:doanh nghiep|hop tac xa)\b", None),
)
_CLAUSES = tuple((kind, re.compile(_FUND + clause)) for kind, clause, _ in _KINDS)
_ASKED = tuple((kind, re.compile(asked)) for kind, _, asked in _KINDS if asked is not None)
# Kinds whose fund has one clause of its own that the question's words cannot find among its siblings
# (enterprises have several, and their own rule in assistant.enterprises): it answers, retrieved or not.
OWN_CLAUSE_KINDS = frozenset(kind for kind, _, asked in _KINDS if asked is not None)
_ANY_FUND = re.compile(_FUND)


def fund_holder(text: str) -> str | None:
    """The kind of body whose fund the clause rules ("public": an agency, a locality or a public unit), or None
    when the clause is not about one body's fund."""
    folded = folded_words(text)
    if not _ANY_FUND.match(folded):
        return None
    return next((kind for kind, pattern in _CLAUSES if pattern.match(folded)), "public")


def asked_holder(question: str) -> str | None:
    """The kind of body the question speaks of, when it is not an agency, a locality or a public unit."""
    folded = folded_words(question)
    found = next((kind for kind, pattern in _ASKED if pattern.search(folded)), None)
    return found or ("enterprise" if speaks_of_enterprises(question) else None)


def other_holder(asked: str | None, text: str, context: str = "") -> bool:
    """The clause (or the point, under its clause's ``context``) rules the fund of another kind of body than
    the one asked from (none named: a public one)."""
    holder = fund_holder(text) or (fund_holder(context) if context else None)
    return holder is not None and holder != (asked or "public")
