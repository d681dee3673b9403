"""Quantities a question asks for (how long, how many times, what share, how many days or copies), who
sets a rule or decides a case, a dossier's papers or the standard a case is weighed against, and whether a
passage states one.

"Huân chương Quân công hạng Ba theo quá trình cống hiến yêu cầu công tác bao lâu?" is answered by a
passage that says "từ 35 năm trở lên", not by the law's "có quá trình cống hiến lâu dài": a passage
that states no quantity of the kind asked cannot be the answer, however well its words match.
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.text import folded_words

__all__ = ["DECIDES", "LISTS_PAPERS", "NAMES_PAPERS", "asked_measures", "states_measure"]

# Someone who decides, then the verb ("Chủ tịch nước quyết định việc tước", "do Thủ tướng Chính phủ
# quyết định"), not a decision received or annulled ("kể từ khi nhận được quyết định: Tước …"). On the
# text as written: the commas and marks tell "của Chủ tịch nước, quyết định tặng …" from a decider.
_DECIDER = (r"\b(?:có thẩm quyền|ký quyết định|xét,? (?:quyết định|công nhận)|"
            r"(?:Chủ tịch|Thủ tướng|Bộ trưởng|[Gg]iám đốc|Thủ trưởng|[Nn]gười đứng đầu|Chính phủ|Quốc hội|Hội đồng|"
            r"Ủy ban|Hiệu trưởng|Chánh án|Viện trưởng|Tổng Kiểm toán|[Cc]ấp|[Cc]ơ quan|Bộ|Sở)\b[^;.:\n]{0,60}?"
            r"(?<!nhận được )(?<!hủy bỏ )(?<!thu hồi )(?<!ban hành )(?<!các )(?<!những )(?<!theo )(?<!của )(?<!, )"
            r"\bquyết định)\b")
# The span around it, for a lead ("Chủ tịch nước quyết định việc tước …"); the bare pattern decides whether a
# passage names a decider (scanning every position for the span's start made that 100 times slower).
DECIDES = re.compile(rf"[^;.:\n]{{0,120}}{_DECIDER}[^;.:\n]{{0,120}}")
_NAMES_DECIDER = re.compile(_DECIDER)
# A dossier's list of papers opens so: "Hồ sơ đề nghị tặng … có 01 bộ (bản chính) gồm:"; a passage names its
# papers so, or in one sentence ("Hồ sơ … gồm tờ trình và biên bản …").
LISTS_PAPERS = re.compile(r"[Hh]ồ sơ[^:;.]{0,200}\bgồm(?: có)?\s*:")
NAMES_PAPERS = re.compile(r"[Hh]ồ sơ[^;.]{0,200}\bgồm\b")

# Small numbers as the texts spell them ("hai năm một lần"); "năm" (five) folds like "năm" (year).
_SPELLED = r"mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi"
# Kind → (what asks for it, how a passage states one), both over folded, lower-case text with words
# joined by single spaces; "năm 2024" is a year, not a duration. Who decides is read on the text as
# written (_NAMES_DECIDER above).
_KINDS: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {
    "duration": (
        re.compile(r"\bbao lau\b|\b(?:bao nhieu|may) (?:nam|thang)\b|\btoi thieu (?:la )?bao nhieu\b"),
        re.compile(rf"\b(?:\d{{1,2}}|{_SPELLED}) (?:nam|thang)\b|\bnam (?:thu|lien)\b|\bnhiem ky\b"),
    ),
    "times": (
        re.compile(r"\b(?:bao nhieu|may) lan\b"),
        re.compile(rf"\b(?:\d{{1,2}}|{_SPELLED}) lan\b"),
    ),
    "share": (
        re.compile(r"\bty le\b|\bphan tram\b|%|\b(?:toi da|khong qua) (?:\w+ ){0,2}bao nhieu\b"),
        re.compile(r"\d %|\d%|\bphan tram\b|\bty le\b"),
    ),
    "days": (
        re.compile(r"\bbao lau\b|\b(?:bao nhieu|may) ngay\b|\bthoi han\b|\bhan (?:chot|nop|gui)\b"),
        re.compile(r"\b\d{1,3} (?:ngay|thang)\b|\bngay \d{1,2} thang \d{1,2}\b|\bthoi han\b"),
    ),
    "copies": (
        re.compile(r"\b(?:bao nhieu|may) (?:bo|ban)\b"),
        re.compile(r"\b\d{1,2} (?:bo|ban)\b"),
    ),
    # An amount of money ("… tiền thưởng kèm theo là bao nhiêu?", "được thưởng bao nhiêu tiền?"): stated as a
    # coefficient of the base salary, a sum in đồng or a multiple of another amount.
    "amount": (
        re.compile(r"\b(?:tien thuong|muc thuong|so tien|muc tien|duoc thuong|(?<!khen )thuong)\b(?: \w+){0,8}? bao nhieu\b"
                   r"|\bbao nhieu tien\b"),
        re.compile(r"\bluong co so\b|\d (?:trieu |nghin |ngan )?dong\b|\blan muc tien thuong\b"
                   r"|\bgap (?:hai|ba|\d{1,2}) lan\b"),
    ),
    # Who sets the rules of something ("Giấy khen cho học sinh do ai quy định?"), not who decides a case.
    "rule_maker": (
        re.compile(r"\b(?:do )?(?:ai|co quan nao|cap nao|don vi nao) (?:quy dinh|ban hanh)\b"
                   r"|\bquy dinh (?:cua|boi) (?:ai|co quan nao|cap nao)\b"),
        re.compile(r"\bdo (?:\w+ ){1,20}?(?:quy dinh|ban hanh)\b|\bquy dinh chi tiet\b|\bphan (?:cap|quyen)\b"
                   r"|\btheo quy dinh cua (?:\w+ ){0,3}?(?:uy ban|chinh phu|thu tuong|bo truong|bo|co quan|"
                   r"hoi dong|quoc hoi|to chuc)\b"),
    ),
    # The papers of a dossier ("Hồ sơ … gồm những gì?", "cần chuẩn bị những giấy tờ nào?").
    "papers": (
        re.compile(r"\b(?:ho so|giay to)\b(?: \w+){0,12}? (?:gom|gom co|bao gom|can|phai co|phai|co) (?:nhung )?"
                   r"(?:gi|giay to gi|giay to nao|nhung gi|nao)\b|\b(?:can|phai) (?:chuan bi|nop) (?:nhung )?"
                   r"(?:gi|giay to)\b"),
        re.compile(r"\bho so\b|\bto trinh\b|\bbao cao thanh tich\b|\bbien ban\b|\bban (?:chinh|sao)\b"
                   r"|\bdanh sach\b"),
    ),
    # Whether a case meets a standard ("… có đủ điều kiện đề nghị Bằng khen không?").
    "standard": (
        re.compile(r"\b(?:du|dat|dap ung) (?:cac |nhung )?(?:dieu kien|tieu chuan)\b"),
        re.compile(r"\b(?:tieu chuan|dieu kien)\b"),
    ),
    # Who decides a case ("Cơ quan nào có thẩm quyền tước …?", "Ai ký quyết định tặng …?").
    "decider": (
        re.compile(r"\b(?:ai|co quan nao|cap nao|nguoi nao) (?:co )?(?:tham quyen|quyen|quyet dinh|ky|tuoc)\b"
                   r"|\bthuoc tham quyen (?:cua )?(?:ai|cap nao|co quan nao)\b"),
        None,
    ),
}


def asked_measures(sentence: str) -> frozenset[str]:
    """The kinds of quantity the sentence asks for (none for most questions)."""
    folded = folded_words(sentence, "%")
    return frozenset(kind for kind, (asks, _) in _KINDS.items() if asks.search(folded))


@lru_cache(maxsize=16384)
def _stated(text: str) -> frozenset[str]:
    folded = folded_words(text, "%")
    kinds = {kind for kind, (_, states) in _KINDS.items() if states is not None and states.search(folded)}
    return frozenset(kinds | {"decider"} if _NAMES_DECIDER.search(text) else kinds)


def states_measure(text: str, kinds: frozenset[str]) -> bool:
    """Whether the passage states a quantity of one of the asked kinds."""
    return bool(kinds & _stated(text))
