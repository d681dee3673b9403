"""Who an award is for — individuals, collectives, households — as a question or a provision says it.

A clause "2. Danh hiệu … để tặng cho tập thể đạt các tiêu chuẩn sau đây:" answers a question about a
collective; for "cá nhân muốn được tặng … cần những điều kiện gì?" it answers another question, however
many words it shares with it. The ranking (``assistant.features``) and the extraction
(``assistant.extract``) read it from here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.query import asking_sentence
from corpus.text import fold

__all__ = ["ABROAD", "addressed", "asked", "given", "names_abroad", "other_recipient"]

# An award's name says whom it is for too: "Tập thể lao động tiên tiến" is a collective's.
_RECIPIENT = re.compile(r"\b(ca nhan|tap the|ho gia dinh)\b")
# "… tặng Giấy khen cho hộ ông", "BK cho hộ thì …": a household named short (not "hộ nghèo", "làm hộ").
_HOUSEHOLD = re.compile(r"\b(?:cho|tang|cua|doi voi) ho\b(?= (?:ong|ba|anh|chi|nay|do|thi|duoc|co)\b|$)")
# A rule for foreigners or Vietnamese living abroad ("Hồ sơ đề nghị khen thưởng cho cá nhân, tập thể người
# nước ngoài …") is for them only: it answers a question that speaks of them anywhere, and no other.
ABROAD = "nuoc ngoai"
_ABROAD_PEOPLE = re.compile(r"\bnguoi (?:viet nam )?(?:(?:dinh cu|lam viec|dang o) )?o nuoc ngoai\b|\bnguoi nuoc ngoai\b")
# In a question; a foreigner is also named by a nationality ("kỹ sư người Nhật", "quốc tịch Hàn Quốc").
_ABROAD_WORDS = re.compile(
    r"\b(?:nuoc ngoai|ngoai quoc|kieu bao|viet kieu|quoc tich (?!viet nam)\w+)\b"
    r"|\bnguoi (?:nhat|nhat ban|han quoc|trung quoc|dai loan|my|hoa ky|phap(?! che| ly| luat)|duc(?! do)|nga(?! benh)|"
    r"lao(?! dong)|campuchia|thai lan|"
    r"uc|singapore|an do|canada|ha lan|thuy dien|ba lan|cuba|israel|hungary|sec|belarus|ukraine|mong co|philippines|"
    r"indonesia|malaysia|myanmar)\b")
# In a passage, anywhere: people, bodies or organisations from abroad ("Cục Hợp tác quốc tế chủ trì tổng hợp hồ sơ đề
# nghị khen thưởng … người nước ngoài", "Tổ chức phi chính phủ nước ngoài có hoạt động tại Việt Nam").
# (A company "có vốn đầu tư nước ngoài" is Vietnamese.)
_ABROAD_NAMED = re.compile(r"\b(?:nguoi|ca nhan|tap the|co quan|to chuc(?: phi chinh phu)?|chuyen gia) (?:viet nam )?"
                           r"(?:(?:dinh cu|lam viec|dang song) )?(?:o )?nuoc ngoai\b|\bcua nuoc ngoai\b|\bto chuc quoc te\b")
# Awards for collectives whose names do not say "tập thể": "Đơn vị quyết thắng", "Đơn vị tiên tiến" (the
# forces' collective titles) and every "Cờ thi đua". A question about one asks about a collective, however
# it speaks of persons ("… không có cá nhân bị kỷ luật").
_COLLECTIVE_AWARD = re.compile(r"\bdon vi (?:quyet thang|tien tien)\b|\bco thi dua\b")
_NUMBER = re.compile(r"^(?:\d+[.)]|[a-zđ]\))\s*")


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text).lower()))


def _found(text: str) -> frozenset[str]:
    words = _words(text)
    found = set(_RECIPIENT.findall(words)) | ({"tap the"} if _COLLECTIVE_AWARD.search(words) else set()) \
        | ({"ho gia dinh"} if _HOUSEHOLD.search(words) else set())
    return frozenset(found) | ({ABROAD} if _ABROAD_PEOPLE.search(words) else set())


def asked(question: str) -> frozenset[str]:
    """Whom the asking sentence asks about. A story's other sentences name many people and units
    ("… Giấy khen cho tập thể …, tôi được …") and do not say whom the question is about; foreigners
    named anywhere in it are asked about."""
    abroad = {ABROAD} if _ABROAD_WORDS.search(_words(question)) else set()
    return _found(asking_sentence(question)) | abroad


@lru_cache(maxsize=16384)
def given(text: str, article_title: str = "", own_opening: bool = True) -> frozenset[str]:
    """Whom a passage is for, as its own words say: its opening sentence up to the list it opens
    ("2. Danh hiệu … để tặng cho tập thể đạt các tiêu chuẩn sau đây:") when ``own_opening``, else
    (or when that names no one) the article's title ("Danh hiệu thi đua đối với cá nhân")."""
    if own_opening:
        opening = _NUMBER.sub("", text.lstrip().split("\n", 1)[0])
        found = _found(re.split(r"[:;]|\.\s", opening, maxsplit=1)[0])
        if found:
            return found
    return _found(article_title)


# A point of a list that is for someone: "c) Đối với hộ gia đình: …", "d) Bằng khen … để tặng cho hộ gia đình …".
_ADDRESSED = re.compile(r"^(?:doi voi|ve) (ca nhan|tap the|ho gia dinh)\b|\btang cho (ca nhan|tap the|ho gia dinh)\b")


@lru_cache(maxsize=16384)
def addressed(point: str) -> frozenset[str]:
    """For whom a point of a list is, when its opening says so in so many words ("Đối với tập thể: …", "… để
    tặng cho hộ gia đình …"); a point that names people otherwise ("… được tập thể suy tôn") is for no one."""
    opening = _words(_NUMBER.sub("", point.lstrip().split("\n", 1)[0]).split(":", 1)[0])
    return frozenset(g for m in _ADDRESSED.finditer(opening) for g in m.groups() if g)


@lru_cache(maxsize=16384)
def names_abroad(text: str, article_title: str = "") -> bool:
    """Does a passage (or its article's title) speak of people or bodies from abroad anywhere in it?"""
    return bool(_ABROAD_NAMED.search(_words(f"{article_title}\n{text}")))


def other_recipient(asked_for: frozenset[str], for_whom: frozenset[str]) -> bool:
    """The passage is for someone, and not for whom the question asks; or for foreigners only, and the
    question does not speak of them."""
    if ABROAD in for_whom and ABROAD not in asked_for:
        return True
    kinds, wanted = for_whom - {ABROAD}, asked_for - {ABROAD}
    return bool(wanted) and bool(kinds) and not wanted & kinds
