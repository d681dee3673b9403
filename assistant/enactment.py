"""A text's own enactment — its entry into force, what it repeals, who carries it out — and questions about
when or whether a text applies.

A province's decision enacts its rules in the words a question framed by them repeats ("Ban hành kèm theo
Quyết định này Quy định về công tác thi đua, khen thưởng tỉnh Bắc Ninh" beside "Theo quy định thi đua,
khen thưởng của tỉnh Bắc Ninh, …?"), so word overlap alone puts those articles first. They answer only a
question about when a text applies, what it replaced or who carries it out.
"""

from __future__ import annotations

import re

from corpus.text import fold

__all__ = ["asks_force", "asks_which_text", "enacts", "transitional"]

_TEXT = r"(?:Luật|Nghị định|Thông tư|Quyết định|Nghị quyết)"
# "Quyết định này có hiệu lực kể từ ngày …", "Ban hành kèm theo Quyết định này Quy định …", "… chịu trách
# nhiệm thi hành Quyết định này." — not "trước ngày Thông tư này có hiệu lực thì …" (a transitional rule).
_ENACTS = re.compile(rf"\b{_TEXT} này có hiệu lực(?: thi hành)? (?:kể )?từ\b|^Ban hành kèm theo {_TEXT} này\b"
                     rf"|\bchịu trách nhiệm (?:tổ chức )?thi hành {_TEXT} này\b")
# "Hiệu lực thi hành"; not "Tổ chức thực hiện" (a province's rules assign their tasks there) nor "Điều khoản
# chuyển tiếp" (how pending dossiers are handled).
_ENACTING_TITLE = re.compile(r"^Hiệu lực thi hành\b", re.IGNORECASE)
# Over folded, lower-case text: when a text applies, what it repealed or replaced, which text enacts which.
_ASKS = re.compile(r"\b(?:hieu luc|bai bo|thay the|ap dung (?:tu|den)|het han|tu ngay|con ap dung|ban hanh kem theo"
                   r"|(?:van ban|quyet dinh|nghi quyet|thong tu|nghi dinh) (?:nao|so may)|trach nhiem thi hanh)\b")


_DOC = r"(?:van ban|nghi dinh|thong tu|luat|quyet dinh|nghi quyet|quy dinh|quy che)"
# Over folded, lower-case asking sentences: which of two texts governs a case begun under the old one ("… thẩm
# định theo Nghị định 152/2025 hay theo nghị định cũ?", "… tặng theo luật cũ có còn giá trị không?") — not whether
# a text is in force ("Nghị định 152 có hiệu lực từ khi nào?"), nor which rule governs a matter ("… được công nhận
# theo quy định nào?"), old and new named by neither.
_WHICH_TEXT = re.compile(
    rf"\bchuyen tiep\b"
    rf"|\btheo {_DOC}\b[^?.]{{0,40}}\bhay (?:theo )?{_DOC} (?:cu|moi|truoc day|hien hanh)\b"
    rf"|\b{_DOC} (?:cu|moi) hay (?:theo )?(?:{_DOC} )?(?:cu|moi)\b"
    rf"|\b{_DOC} cu\b[^?.]{{0,20}}\b(?:gia tri|hieu luc|duoc (?:cong nhan|bao ho|ap dung))\b")
_TRANSITIONAL_TITLE = re.compile(r"\bchuyen tiep\b")


def asks_which_text(asks: str) -> bool:
    """Whether the sentences that ask (folded, lower case) ask which of an old and a new text governs a case."""
    return bool(_WHICH_TEXT.search(asks))


def transitional(article_title: str) -> bool:
    """Whether an article is a text's transitional rule ("Điều khoản chuyển tiếp")."""
    return bool(_TRANSITIONAL_TITLE.search(fold(article_title or "").lower()))


def enacts(text: str, article_title: str = "") -> bool:
    """Whether a passage is its text's own enactment: entry into force, repeal, promulgation, execution."""
    return bool(_ENACTING_TITLE.match(article_title or "") or _ENACTS.search(text))


def asks_force(folded: str, intents: frozenset[str] = frozenset()) -> bool:
    """Whether a question (folded, lower case) asks when or whether a text applies, or which text enacts."""
    return bool(intents & {"transition", "change"}) or bool(_ASKS.search(folded))
