"""The titles and awards officers ask about, and how the documents name them.

Names are matched on folded, lower-case text ("chien si thi dua co so"), so "CSTĐ cơ sở",
"Chiến sĩ thi đua cơ sở" and "chien si thi dua co so" are one award.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from corpus.text import expand_abbreviations, fold

__all__ = ["AWARDS", "Award", "asked_awards", "asked_classes", "counted_awards", "awards_in_order", "award_for", "award_names", "awards_of_level",
           "custom_award", "first_award", "HELD", "levels_named", "named_awards", "order_classes", "other_class", "title_awards",
           "title_classes", "titled_awards", "without_awards"]


@dataclass(frozen=True, slots=True)
class Award:
    key: str
    name: str
    kind: Literal["danh_hieu", "khen_thuong"]  # danh hiệu thi đua | hình thức khen thưởng (Luật Điều 84 k.1/k.2)
    level: Literal["nha_nuoc", "bo_tinh", "co_so"]
    ministry: bool  # a Bộ, ban, ngành, tỉnh decides it (Luật Điều 79), so their dossier rules apply
    names: tuple[str, ...]  # how the documents write it, folded (regex fragments)
    asks: str  # how a question names it, folded (regex)
    excludes: tuple[str, ...] = ()  # longer names that contain this one ("tap the lao dong tien tien")
    short: str = ""  # how a lead names it beside another award ("Bằng khen cấp bộ, tỉnh"); the name if empty

    @property
    def label(self) -> str:
        return self.short or self.name


# The giver before the award, as people write it ("được Chủ tịch UBND tỉnh tặng Bằng khen", "đề nghị Bộ
# tặng Bằng khen"): the award of that giver. Up to two words between ("Ủy ban nhân dân tỉnh Bắc Ninh tặng").
_PROVINCE = r"(?:bo|nganh|tinh|uy ban nhan dan)"
_GIVES = r"(?: \w+){0,2}? (?:tang|trao tang|tang thuong)(?: \w+){0,1}? "
_CORPS = r"(?:quan khu|quan doan|quan chung|binh chung|tong cuc|dai hoc quoc gia|dhqg)\b"


AWARDS: tuple[Award, ...] = (
    Award("cstd-toan-quoc", "Chiến sĩ thi đua toàn quốc", "danh_hieu", "nha_nuoc", False,
          ("chien si thi dua toan quoc",), r"chien si thi dua toan quoc"),
    Award("cstd-bo-tinh", "Chiến sĩ thi đua Bộ, ban, ngành, tỉnh", "danh_hieu", "bo_tinh", True,
          (r"chien si thi dua (?:cap )?bo\b", r"chien si thi dua cap tinh", r"chien si thi dua bo, ban, nganh, tinh"),
          r"chien si thi dua (?:cap )?(?:bo|nganh|tinh)", short="Chiến sĩ thi đua cấp bộ, tỉnh"),
    Award("cstd-co-so", "Chiến sĩ thi đua cơ sở", "danh_hieu", "co_so", True,
          ("chien si thi dua co so",), r"chien si thi dua co so"),
    Award("co-thi-dua-cp", "Cờ thi đua của Chính phủ", "danh_hieu", "nha_nuoc", False,
          (r"co thi dua (?:cua )?chinh phu",), rf"co thi dua.*chinh phu|\b(?:thu tuong|chinh phu){_GIVES}co thi dua"),
    Award("co-thi-dua-bo-tinh", "Cờ thi đua của Bộ, ban, ngành, tỉnh", "danh_hieu", "bo_tinh", True,
          (r"co thi dua (?:cua |cap )?(?:bo|tinh)\b",), rf"co thi dua.*(?:bo|nganh|tinh)|\b{_PROVINCE}{_GIVES}co thi dua",
          short="Cờ thi đua cấp bộ, tỉnh"),
    Award("tap-the-ldxs", "Tập thể lao động xuất sắc", "danh_hieu", "bo_tinh", True,
          ("tap the lao dong xuat sac",), r"tap the lao dong xuat sac"),
    Award("tap-the-ldtt", "Tập thể lao động tiên tiến", "danh_hieu", "co_so", True,
          ("tap the lao dong tien tien",), r"tap the lao dong tien tien"),
    Award("lao-dong-tien-tien", "Lao động tiên tiến", "danh_hieu", "co_so", True,
          ("lao dong tien tien",), r"lao dong tien tien", excludes=("tap the lao dong tien tien",)),
    Award("bang-khen-ttg", "Bằng khen của Thủ tướng Chính phủ", "khen_thuong", "nha_nuoc", False,
          ("bang khen cua thu tuong chinh phu",),
          rf"bang khen.*(?:thu tuong|ttg|chinh phu)|\b(?:thu tuong|chinh phu){_GIVES}bang khen"),
    Award("bang-khen-bo-tinh", "Bằng khen của Bộ, ban, ngành, tỉnh", "khen_thuong", "bo_tinh", True,
          (r"bang khen (?:cua |cap )?(?:bo|tinh)\b", r"bang khen cua chu tich uy ban nhan dan"),
          rf"bang khen.*(?:\bbo\b|nganh|tinh|uy ban nhan dan)|\b{_PROVINCE}{_GIVES}bang khen",
          short="Bằng khen cấp bộ, tỉnh"),
    # Luật Điều 76's other Bằng khen (an army corps', a national university's …): their rules are the
    # Ministry's or the giver's own, their amount a point of its own (NĐ 152 Điều 54 khoản 1 điểm đ).
    Award("bang-khen-khac", "Bằng khen của quân khu, quân đoàn, quân chủng, binh chủng, tổng cục, Đại học Quốc gia",
          "khen_thuong", "bo_tinh", False, (rf"bang khen cua {_CORPS}",),
          rf"bang khen(?: \w+){{0,4}}? {_CORPS}|\b{_CORPS}(?: \w+){{0,3}}?{_GIVES}bang khen",
          short="Bằng khen của quân khu, quân đoàn, Đại học Quốc gia …"),
    Award("giay-khen", "Giấy khen", "khen_thuong", "co_so", False, ("giay khen",), r"giay khen"),
    Award("ky-niem-chuong", "Kỷ niệm chương", "khen_thuong", "bo_tinh", True, ("ky niem chuong",), r"ky niem chuong"),
    Award("huan-chuong", "Huân chương", "khen_thuong", "nha_nuoc", False, ("huan chuong",), r"huan chuong"),
    Award("huy-chuong", "Huy chương", "khen_thuong", "nha_nuoc", False, ("huy chuong",), r"huy chuong"),
    Award("anh-hung", "Danh hiệu Anh hùng", "khen_thuong", "nha_nuoc", False,
          (r"anh hung (?:lao dong|luc luong vu trang)", r"danh hieu anh hung"), r"anh hung"),
)
_ASKS = tuple((a, re.compile(a.asks)) for a in AWARDS)
_NAMES = tuple((a, re.compile("|".join(a.names))) for a in AWARDS)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", fold(expand_abbreviations(text)).lower()).strip()


def award_for(text: str) -> Award | None:
    """The award a question or a command names ("CSTĐ cơ sở", "bằng khen thủ tướng"), if known."""
    folded = _fold(text)
    for award in AWARDS:
        if folded == award.key or folded == _fold(award.name):
            return award
    for award, pattern in _ASKS:
        if pattern.search(folded):
            return award
    return None


def _matches(folded_text: str, table: tuple[tuple[Award, re.Pattern[str]], ...]) -> list[tuple[Award, re.Match[str]]]:
    """The awards whose pattern matches, with the match, a longer name holding a shorter one blanked first."""
    out = []
    for award, pattern in table:
        text = folded_text
        for longer in award.excludes:
            text = text.replace(longer, " ")
        if m := pattern.search(text):
            out.append((award, m))
    return out


def _keys(folded_text: str, table: tuple[tuple[Award, re.Pattern[str]], ...]) -> set[str]:
    """Keys of the awards whose pattern matches."""
    return {award.key for award, _ in _matches(folded_text, table)}


def asked_awards(folded_text: str) -> frozenset[str]:
    """Keys of the awards a folded, lower-case question names, as people name them ("bằng khen của chủ
    tịch UBND tỉnh" is the province's Bằng khen)."""
    return frozenset(_keys(folded_text, _ASKS))


# A count or share of people before an award's name ("tỷ lệ LĐTT", "9 người đạt LĐTT", "không ai đạt CSTĐCS"), or of
# times ("3 lần CSTĐCS", "2 năm liền đạt CSTĐCS"): the award is a condition of the one asked about.
_COUNT_BEFORE = re.compile(r"(?:\b(?:ty le|so luong|phan tram|bao nhieu|\d+)(?: (?:nguoi|ca nhan|thanh vien|%|dat|duoc|la|"
                           r"lan|nam|lien))*|\b(?:co|khong) (?:ai|nguoi|ca nhan|thanh vien)(?: (?:dat|duoc|la))*"
                           # … or as one already held ("thầy đã có BK tỉnh", "đã được tặng Giấy khen")
                           r"|\b(?:da|tung) (?:co|duoc|dat|nhan)(?: (?:tang|trao|danh hieu))*) $")

_LISTED = re.compile(r"\s*(?:(?:,|va|hoac)\s*)?")


def counted_awards(folded_text: str) -> frozenset[str]:
    """Keys of the awards a folded, lower-case text names only as a count or share of people."""
    counted: set[str] = set()
    named: set[str] = set()
    end = -1  # where the last counted name ends: "tỷ lệ LĐTT, CSTĐCS" counts both
    for award, m in sorted(_matches(folded_text, _ASKS), key=lambda found: found[1].start()):
        if _COUNT_BEFORE.search(folded_text[:m.start()]) or (end >= 0 and _LISTED.fullmatch(folded_text[end:m.start()])):
            counted.add(award.key)
            end = m.end()
        else:
            named.add(award.key)
    return frozenset(counted - named)


def award_names() -> tuple[tuple[str, str], ...]:
    """(name, pattern) of every known award: the pattern matches how the documents write it (folded)."""
    return tuple((a.name, pattern.pattern) for a, pattern in _NAMES)


def custom_award(text: str) -> Award:
    """An award the table does not know, named by the words given (dossier rules of a hình thức khen thưởng)."""
    folded = re.sub(r"^(?:ho so|thu tuc)\s+(?:de nghi\s+)?(?:xet\s+)?(?:tang\s+)?", "", _fold(text))
    return Award("custom", text.strip(), "khen_thuong", "bo_tinh", True, (re.escape(folded),), re.escape(folded))


def awards_in_order(folded_text: str) -> list[Award]:
    """The awards a folded, lower-case question names (as ``asked_awards``), in the order it names them: by
    where each name ends, since a giver after the award ends its name ("bằng khen của … quân khu")."""
    return [a for a, _ in sorted(_matches(folded_text, _ASKS), key=lambda found: found[1].end())]


def named_awards(folded_text: str) -> set[str]:
    """Keys of the awards a folded, lower-case text names."""
    return _keys(folded_text, _NAMES)


# A title naming an award without its giver ("Mức tiền thưởng Bằng khen, Giấy khen …") speaks of every
# award of that name.
_FAMILIES = (("bang khen", ("bang-khen-ttg", "bang-khen-bo-tinh", "bang-khen-khac")),)


def titled_awards(folded_text: str) -> set[str]:
    """Keys of the awards an article title names: by name, and by the bare name of a family of awards."""
    keys = named_awards(folded_text)
    for word, family in _FAMILIES:
        if re.search(rf"\b{word}\b", folded_text) and not keys & set(family):
            keys |= set(family)
    return keys


def title_awards(article_title: str) -> set[str]:
    """``titled_awards`` of an article title as written."""
    return titled_awards(" ".join(fold(article_title).lower().split()))


def first_award(folded_text: str) -> Award | None:
    """The award a folded, lower-case text names first (a sentence's subject, usually)."""
    found: list[tuple[int, int, Award]] = []
    for i, (award, pattern) in enumerate(_NAMES):
        text = folded_text
        for longer in award.excludes:
            text = text.replace(longer, " " * len(longer))  # keep positions
        m = pattern.search(text)
        if m:
            found.append((m.start(), i, award))
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


def without_awards(folded_text: str) -> str:
    """A folded, lower-case text with the award names in it blanked ("ho so, thu tuc xet tang huan
    chuong" → "ho so, thu tuc xet tang")."""
    text = folded_text
    for award in AWARDS:
        text = text.replace(_fold(award.name), " ")
    for _award, pattern in _NAMES:
        text = pattern.sub(" ", text)
    return text


_LEVEL = re.compile(r"\bcap (tinh|bo|nganh|co so|nha nuoc|trung uong)\b")


_LEVEL_OF = {"tinh": "bo_tinh", "bo": "bo_tinh", "nganh": "bo_tinh", "co so": "co_so", "nha nuoc": "nha_nuoc",
             "trung uong": "nha_nuoc"}


def levels_named(text: str) -> set[str]:
    """The award levels a text names as such ("… hình thức khen thưởng cấp Nhà nước" → nha_nuoc)."""
    return {_LEVEL_OF[m.group(1)] for m in _LEVEL.finditer(_fold(text))}


def awards_of_level(text: str) -> tuple[Award, ...]:
    """The awards named after the level a text names: "khen thưởng cấp tỉnh" → the Chiến sĩ thi đua,
    Cờ thi đua and Bằng khen "of the Bộ, ban, ngành, tỉnh" (not the Tập thể lao động xuất sắc a
    province also decides, whose name carries no level)."""
    out: list[Award] = []
    for m in _LEVEL.finditer(_fold(text)):
        word = re.compile(rf"\b{m.group(1)}\b")
        out += [a for a in AWARDS if word.search(_fold(a.name)) and a not in out]
    return tuple(out)


# An order and its class ("“Huân chương Độc lập” hạng Nhì"): the Law gives each class its own article, whose
# title names it; one award key ("huan-chuong") does not tell them apart.
_ORDERS = r"sao vang|ho chi minh|doc lap|quan cong|lao dong|bao ve to quoc|chien cong|dai doan ket dan toc|dung cam|huu nghi"
_CLASS_WORDS = {"nhat": "nhat", "1": "nhat", "i": "nhat", "nhi": "nhi", "2": "nhi", "ii": "nhi", "ba": "ba", "3": "ba",
                "iii": "ba"}
_CLASS = r"hang (nhat|nhi|ba|iii|ii|i|[123])\b"
_CLASSED = re.compile(rf"\bhuan chuong\W+({_ORDERS})\W+{_CLASS}")
_ORDER = re.compile(rf"\bhuan chuong\W+({_ORDERS})\b")
_BARE_CLASS = re.compile(rf"\b{_CLASS}")


def order_classes(folded_text: str) -> frozenset[tuple[str, str]]:
    """(order, class) pairs a folded, lower-case text names: "huan chuong doc lap hang nhi" → ("doc lap", "nhi")."""
    return frozenset((m.group(1), _CLASS_WORDS[m.group(2)]) for m in _CLASSED.finditer(folded_text))


@lru_cache(maxsize=8192)
def title_classes(article_title: str) -> frozenset[tuple[str, str]]:
    """``order_classes`` of an article title as written."""
    return order_classes(_fold(article_title or ""))


# Folded: an award said to be held ("đã có", "đã được tặng …"), not asked for.
HELD = r"\b(?:da|dang) (?:duoc )?(?:co|tang|nhan|dat|trao tang|tang thuong|cong nhan)\b"
# "… đã có Huân chương Lao động hạng Nhì muốn đề nghị hạng Nhất …": the class held, not the one asked.
_HELD = re.compile(rf"{HELD}(?: \w+){{0,2}} $")


def asked_classes(asking: Sequence[str], question: str) -> frozenset[tuple[str, str]]:
    """The order classes the asking sentences ask about — not one said to be held ("đã có … hạng Nhì"); a bare
    class there ("… nay đề nghị hạng Nhì được không?") is of the one order the question names."""
    asking_text, story = _fold(" ".join(asking)), _fold(question)
    named = list(_CLASSED.finditer(asking_text))
    classes = {(m.group(1), _CLASS_WORDS[m.group(2)]) for m in named if not _HELD.search(asking_text[:m.start()])}
    orders = {m.group(1) for m in _ORDER.finditer(story)}
    if len(orders) == 1:
        spans = [m.span() for m in named]
        order = next(iter(orders))
        classes |= {(order, _CLASS_WORDS[m.group(1)]) for m in _BARE_CLASS.finditer(asking_text)
                    if not any(a <= m.start() < b for a, b in spans)}
    return frozenset(classes)


def other_class(titled: frozenset[tuple[str, str]], asked: frozenset[tuple[str, str]]) -> bool:
    """Whether a title's order classes are the order asked about in another class only."""
    return bool(titled) and not titled & asked and any(order in {o for o, _ in asked} for order, _ in titled)
