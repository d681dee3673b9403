"""Procedures the library hands to another body: "Quy định hồ sơ, thủ tục đề nghị xét tặng … gồm:
"Gia đình văn hóa" …" (NĐ 152/2025 Điều 6) gives a ministry or a province the dossier of those
awards. Where no in-force passage of the library then sets out that dossier or procedure itself,
a question asking for it is not answered by the library: the delegating provision says where the
rule lives, and the criteria of the award must not stand in for its dossier.

Read from the passages once per index generation (assistant.reach), like the bodies whose rules
the library holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.awards import award_names
from assistant.extract import units_of
from assistant.provisions import Paragraph
from corpus.text import expand_abbreviations, fold
from indexer import Chunk

__all__ = ["QUOTED", "Delegation", "asked_delegations", "asks_beside_procedure", "asks_procedure", "delegations"]

# A point or clause that hands the dossier or procedure of awarding to someone else
# ("Quy định chi tiết trình tự, thủ tục xét tặng …", "Chính phủ quy định chi tiết hồ sơ, thủ tục xét tặng …").
_HANDS = re.compile(r"^(?:[a-zđ]\)\s*|\d+\.\s*)?[^.;:]{0,60}?\bquy dinh (?:chi tiet )?[^.;:]{0,30}?"
                    r"\b(?:ho so|trinh tu|thu tuc)\b[^.;:]{0,30}?\b(?:xet tang|de nghi)")
# "5. Chính phủ quy định chi tiết Điều này." in an article about named awards ("Danh hiệu “Nghệ nhân nhân
# dân”, “Nghệ nhân ưu tú”"): their details, dossier and procedure included, are another text's.
_DETAILS = re.compile(r"^(?:\d+\.\s*)?[^.;:]{0,60}?\bquy dinh chi tiet dieu nay\b")
# Revoking, stripping or re-issuing an award has its own procedure, not the one for awarding it.
_NOT_AWARDING = re.compile(r"\b(?:huy bo|tuoc|thu hoi|cap doi|cap lai|phuc hoi)\b")
_PROCEDURE = re.compile(r"\b(?:ho so|thu tuc|trinh tu|quy trinh)\b")
# A council that considers the award, its votes and the forms filed are its procedure too ("Hội đồng xét tặng
# cấp cơ sở gồm những ai, phải đạt bao nhiêu % phiếu tín nhiệm …?").
_ASKED_PROCEDURE = re.compile(r"\b(?:ho so|thu tuc|trinh tu|quy trinh|giay to|hoi dong xet(?: tang| chon)?|phieu tin nhiem|"
                              r"ty le phieu|ban khai thanh tich|bieu mau)\b")
# What else a sentence may ask of an award beside its dossier ("Tiêu chuẩn, hồ sơ xét tặng … thế nào?").
# "… có đủ thời gian trực tiếp làm chuyên môn không?" asks whether a case meets the criteria.
_OTHER_ASK = re.compile(r"\b(?:tieu chuan|dieu kien|muc (?:tien )?thuong|tien thuong|tham quyen|doi tuong|thanh tich"
                        r"|ai (?:quyet dinh|xet|cong nhan|tang)|(?:co )?du (?:thoi gian|so nam))\b")
_PAPERS_OF_ACHIEVEMENT = re.compile(r"\b(?:ban khai|bao cao(?: tom tat)?) thanh tich\b")
QUOTED = re.compile(r"[\"“]([^\"”]{3,80})[\"”]")  # a name in quotes
_ORDER = {"Luật": 0, "Nghị định": 1, "Quyết định": 2, "Thông tư": 3}


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", fold(expand_abbreviations(text)).lower()).strip()


@dataclass(frozen=True, slots=True)
class Delegation:
    """An award whose dossier or procedure the library hands to another body and nowhere sets out."""

    name: str  # as the delegating provision writes it ("Gia đình văn hóa")
    pattern: str  # how a text names it, on folded lower-case text ("gia dinh van hoa")
    provision: Paragraph  # the delegating point or clause: the most specific one (a decree's over the law's)
    delegate: str  # who is to set the rule ("bộ, ban, ngành, tỉnh"), "" when the text does not say

    @property
    def label(self) -> str:
        """"Điểm c Khoản 2 Điều 6 Nghị định 152/2025/NĐ-CP"."""
        return self.provision.label


_HANDED_TO = re.compile(r"phân (?:cấp|quyền)(?: cho)? (.{3,60}?) thực hiện")
_SUBJECT = re.compile(r"^(?:\d+\.\s*)?([^.;:]{3,60}?) quy định (?:chi tiết )?")


def _delegate(text: str, context: str) -> str:
    """Who the provision hands the rule to: "… phân cấp cho bộ, ban, ngành, tỉnh thực hiện gồm:" in its
    clause's lead-in, or the subject of "Chính phủ quy định chi tiết …"."""
    m = _HANDED_TO.search(context) or _SUBJECT.search(text)
    return m.group(1).strip() if m else ""


def _named(text: str) -> list[tuple[str, str]]:
    """(name, pattern) of the awards a delegating provision lists: its quoted names, then the awards
    known by name (assistant.awards) in what is left."""
    out = [(q.strip(), rf"\b{re.escape(_folded(q))}\b") for q in QUOTED.findall(text)]
    rest = _folded(QUOTED.sub(" ", text))
    out += [(name, rf"\b(?:{pattern})") for name, pattern in award_names() if re.search(rf"\b(?:{pattern})", rest)]
    return out


def delegations(chunks: Iterable[Chunk]) -> tuple[Delegation, ...]:
    """The awards whose dossier or procedure an in-force provision hands elsewhere and no other
    in-force provision about dossiers or procedures (by its article's title or its clause's lead-in) names."""
    handed: dict[str, Delegation] = {}
    detailed: dict[str, Delegation] = {}  # from "… quy định chi tiết Điều này" in an article about the award
    procedural: list[str] = []  # folded units of the articles and clauses about dossiers or procedures
    heads: list[str] = []  # … and their titles and lead-ins, which name the award a dossier is for
    for c in chunks:
        if not c.speaks_today or c.doc_kind != "legal":
            continue
        for u in units_of(c):
            folded = _folded(u.text)
            if _HANDS.search(folded) and not _NOT_AWARDING.search(folded):
                for name, pattern in _named(u.text):
                    d = Delegation(name, pattern, Paragraph(c, u.clause, u.point, u.text, u.text),
                                   _delegate(u.text, u.context))
                    old = handed.get(pattern)
                    if old is None or _ORDER.get(c.doc_type, 9) > _ORDER.get(old.provision.chunk.doc_type, 9):
                        handed[pattern] = d
            elif _PROCEDURE.search(head := _folded(f"{c.article_title}\n{u.context}")):
                procedural.append(folded)
                heads.append(head)
            if _DETAILS.search(folded):
                for name, pattern in _named(c.article_title):
                    detailed.setdefault(pattern, Delegation(name, pattern, Paragraph(c, u.clause, u.point, u.text,
                                                                                     u.text), _delegate(u.text, "")))
    # A dossier handed off in so many words is set out where any procedural passage names the award; one
    # left to "the details" only where a dossier or procedure article or clause is headed by its name
    # ("Thủ tục xét tặng hoặc truy tặng “Huân chương Đại đoàn kết dân tộc”"), not where a general step
    # lists it among others ("… có ý kiến trước khi trình: … “Nghệ nhân nhân dân” …").
    out = {p: d for p, d in handed.items() if not any(re.search(p, text) for text in procedural)}
    out |= {p: d for p, d in detailed.items() if p not in handed and not any(re.search(p, h) for h in heads)}
    return tuple(d for _, d in sorted(out.items()))


def asks_procedure(asking: str) -> bool:
    """Do the asking sentences ask for the dossier or procedure of awarding (not of revoking)?"""
    folded = _folded(asking)
    return bool(_ASKED_PROCEDURE.search(folded)) and not _NOT_AWARDING.search(folded)


def asks_beside_procedure(asking: str) -> bool:
    """Do the asking sentences also ask the award's criteria, money, authority …, which the library may cover?"""
    # "bản khai thành tích", "báo cáo thành tích" are papers of the dossier, not an ask about achievements.
    return bool(_OTHER_ASK.search(_PAPERS_OF_ACHIEVEMENT.sub(" ", _folded(asking))))


def asked_delegations(asking: str, handed: Iterable[Delegation]) -> tuple[Delegation, ...]:
    """The handed-off awards whose dossier or procedure the asking sentences ask for: the longest name
    each mention matches ("Huy chương Thanh niên xung phong vẻ vang", not a shorter name inside it)."""
    if not asks_procedure(asking):
        return ()
    folded = _folded(asking)
    spans = [(d, m.span()) for d in handed for m in re.finditer(d.pattern, folded)]
    inside = {id(d) for d, (a, b) in spans
              if any(o is not d and x <= a and b <= y and y - x > b - a for o, (x, y) in spans)}
    return tuple(dict.fromkeys(d for d, _ in spans if id(d) not in inside))
