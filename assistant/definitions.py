"""Definition questions and the passages that define: "Thành tích đột xuất là gì?" is answered by the line
"3. Thành tích đột xuất là thành tích đạt được ngoài …", not by one defining "Khen thưởng đột xuất".

Both sides are read on folded, lower-case words, so "thanh tich dot xuat duoc hieu the nao" asks the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.query import asking_sentence
from corpus.text import fold, folded_words

__all__ = ["asked_term", "defines"]

# "X là gì", "X được hiểu (như) thế nào", "thế nào là X", "khái niệm X": X is the term asked about.
_AFTER = re.compile(r"^(?P<term>.+?) (?:duoc hieu(?: nhu)?(?: the nao| ra sao| la gi| la)?|la gi|nghia la gi|"
                    r"co nghia la gi|la the nao|la nhu the nao|duoc dinh nghia(?: the nao| ra sao)?)\b")
_BEFORE = re.compile(r"\b(?:the nao la|the nao duoc goi la|khai niem(?: ve)?|dinh nghia(?: ve)?) (?P<term>.+)$")
# Words before the term that ask, not name ("xin hỏi", "cho em hỏi", "theo luật").
_OPENING = re.compile(r"^(?:(?:xin|cho|em|toi|minh|anh|chi|hoi|cho hoi|vay|the|con|ve|nhu|theo luat) )+")
# "… thì “thi đua” được hiểu như thế nào": a term quoted right before the asking words is the term.
_QUOTED = re.compile(r"[“\"']([^”\"']{3,80})[”\"']\s*(?:duoc hieu|la gi|nghia la|co nghia|duoc dinh nghia|la the nao|"
                     r"la nhu the nao)")
_MAX_TERM = 8  # syllables of a term: a longer run is a sentence, not a term
# A defining line: "3. Thành tích đột xuất là …", "a) “Năm tròn” được hiểu là …" (folded: "3 thanh tich …").
_DEFINES = re.compile(r"^(?:\d{1,2} |[a-z] )?(?P<term>(?:\w+ ){1,%d}?)(?:la|duoc hieu la) " % _MAX_TERM)
# Words that may follow a defined term inside the asked one ("năm tròn | để khen thưởng …").
_TAIL = frozenset("de trong theo cua khi o doi dip ve".split())


def asked_term(question: str) -> tuple[str, ...]:
    """The words of the term a definition question asks about; () when it asks no definition."""
    asking = asking_sentence(question)
    quoted = _QUOTED.search(fold(asking).lower())
    if quoted and 2 <= len(words := folded_words(quoted.group(1)).split()) <= _MAX_TERM:
        return tuple(words)
    folded = folded_words(asking)
    match = _AFTER.search(folded) or _BEFORE.search(folded)
    if match is None:
        return ()
    words = _OPENING.sub("", match.group("term")).split()
    return tuple(words[:_MAX_TERM]) if len(words) >= 2 else ()


@lru_cache(maxsize=8192)
def _defined(text: str) -> tuple[tuple[str, ...], ...]:
    out = []
    for line in text.split("\n"):
        match = _DEFINES.match(folded_words(line))
        if match and len(words := tuple(match.group("term").split())) >= 2:
            out.append(words)
    return tuple(out)


def defines(text: str, term: tuple[str, ...]) -> bool:
    """Whether a passage defines the term (or the term's core: "tổ chức kinh tế khác" for "tổ chức kinh tế
    khác trong lĩnh vực thi đua, khen thưởng")."""
    if not term:
        return False
    for defined in _defined(text):
        n = len(defined)
        if term[:n] == defined and (n == len(term) or n >= 3 or term[n] in _TAIL):
            return True
    return False
