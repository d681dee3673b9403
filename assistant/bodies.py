"""Whose rules a question asks about: a ministry's, a mass organisation's or the Party's own awards.

The laws set the State's awards; each ministry, organisation and the Party set their own (a
ministry's Bằng khen criteria, its Kỷ niệm chương, a union's prize). A question about such an award
("Bằng khen của Bộ Khoa học và Công nghệ", "Kỷ niệm chương Vì sự nghiệp Khoa học và Công nghệ",
"giải thưởng … ngành Công Thương") is answered by the library only when it holds that body's rules:
a document the body issued, or an in-force passage that names the same body's award. The bodies are
data (``assistant/data/bodies.tsv``); the same detector reads questions and passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from assistant.datafiles import tsv_rows
from corpus.text import expand_abbreviations, fold
from indexer import Chunk

__all__ = ["Body", "addressed_bodies", "asks_who", "bodies", "in_a_body_name", "owned_bodies", "ruling_bodies"]


@dataclass(frozen=True, slots=True)
class Body:
    name: str
    full: re.Pattern[str]  # the body's own name, anywhere ("bo khoa hoc va cong nghe")
    named: re.Pattern[str]  # the body by name, or its sector after "bộ", "ngành", "sự nghiệp" (cheap pre-check)
    owned: re.Pattern[str]  # an award or rule phrase that belongs to the body
    rules: re.Pattern[str]  # the body's own rule text ("thông tư của Bộ Công an"), as a question names it
    within: re.Pattern[str]  # a practice within the body's sector ("… trong ngành Công Thương")


# An award that belongs to whoever follows it ("Bằng khen của Bộ …", "Giấy khen cấp Bộ …").
_AWARD = r"(?:bang khen|giay khen|co thi dua|ky niem chuong|huy hieu|giai thuong|chien si thi dua|danh hieu)"
# A named award of the kind a body creates for itself, whose name carries the body's sector. The
# State's own prizes are excluded: "Giải thưởng Nhà nước về khoa học và công nghệ" is the law's.
_NAMED = r"(?:ky niem chuong|huy hieu|giai thuong)(?!\W+(?:ho chi minh|nha nuoc))"
# A text of rules a body issues for itself; read in questions only (a passage that refers to "hướng
# dẫn của Bộ Tài chính" does not hold that ministry's rules).
_RULES = r"(?:thong tu|quyet dinh|quy dinh|huong dan|quy che|cong van|ke hoach)"
# A question about how something is regulated ("… được quy định như thế nào? Văn bản nào quy định?").
_HOW_RULED = re.compile(r"\b(?:quy dinh (?:nhu the nao|ra sao|the nao)|van ban nao (?:quy dinh|huong dan|dieu chinh)"
                        r"|theo (?:van ban|quy dinh) nao)\b")
_WHO = re.compile(r"\b(?:do ai|ai (?:co )?(?:tham quyen|quyet dinh|quy dinh|ban hanh)|(?:co quan|cap) nao (?:quy dinh|ban hanh))\b")


@cache
def bodies() -> tuple[Body, ...]:
    out = []
    for row in tsv_rows("bodies.tsv"):
        name, full, sector = (row + ["", ""])[:3]
        alternatives = [f"(?:{full})"] if full else []
        if sector:
            alternatives.append(rf"(?:(?:bo|nganh|su nghiep)\W+(?:{sector}))")
        body = "|".join(alternatives)
        owned = (rf"\b{_AWARD}\W+(?:cua\W+)?(?:(?:bo truong|thu truong|chu tich|cap|ban chap hanh|ban thuong vu)\W+)?(?:{body})\b"
                 rf"|\b{_NAMED}(?:\W+\w+){{0,8}}?\W+(?:{body})\b"
                 # "Tỉnh đoàn tặng Bằng khen", "Liên đoàn Lao động tỉnh tặng Bằng khen"
                 rf"|\b(?:{body})(?:\W+\w+){{0,2}}?\W+(?:tang|trao tang|khen thuong bang)\W+{_AWARD}\b")
        # "thông tư số 12/2019/TT-BCA của Bộ Công an", "quy chế thi đua, khen thưởng của Bộ Tài chính", "thông tư
        # về công tác thi đua, khen thưởng của Bộ Dân tộc và Tôn giáo"
        # ("… do Bộ Công an đề nghị" is the ministry proposing a State award, not its own rules)
        rules = (rf"\b{_RULES}(?:\W+[\w/.-]+){{0,6}}?\W+(?:cua|do)\W+(?:{body})\b"
                 rf"(?!\W+(?:de nghi|trinh|tham dinh|lay y kien|xin y kien|xac nhan)\b)"
                 # "… thì Tổng LĐLĐ quy định mức thưởng bao nhiêu?": the body as the one that rules
                 # (not "… do Bộ GD&ĐT hay Bộ Y tế quy định?", which asks who rules)
                 rf"|(?:^|\bthi|,)\W*(?:{body})\W+(?:quy dinh|huong dan|ban hanh)\b")
        within = rf"\b(?:trong|cua|thuoc|tai)\W+(?:{body})\b"
        out.append(Body(name.strip(), re.compile(rf"\b(?:{full or sector})\b"), re.compile(rf"\b(?:{body})\b"),
                        re.compile(owned), re.compile(rules), re.compile(within)))
    return tuple(out)


def _folded(text: str) -> str:
    return fold(expand_abbreviations(text)).lower()


_ANY_AWARD = re.compile(rf"\b(?:{_AWARD})\b")
_DOMAIN = re.compile(r"\b(?:thi dua|khen thuong)\b")


def _owned(folded: str, skip: frozenset[str] | set[str] = frozenset()) -> list[str]:
    if not _ANY_AWARD.search(folded):
        return []
    found = [b for b in bodies() if b.name not in skip and b.named.search(folded) and b.owned.search(folded)]
    # A body named in full outweighs one guessed from a sector word ("… sự nghiệp xây dựng tổ chức công đoàn").
    by_name = [b for b in found if b.full.search(folded)]
    return [b.name for b in by_name or found]


def owned_bodies(text: str) -> tuple[str, ...]:
    """The bodies whose own award the text speaks of."""
    return tuple(_owned(_folded(text)))


def ruling_bodies(text: str) -> tuple[str, ...]:
    """The bodies whose own text of rules on emulation and commendation a question names ("… theo thông
    tư của Bộ Công an"): only a document the body issued answers it."""
    folded = _folded(text)
    if not (_ANY_AWARD.search(folded) or _DOMAIN.search(folded)):
        return ()
    # "Thông báo kết quả khen thưởng trong ngành Công Thương được quy định như thế nào?" asks for the
    # sector's own rules; naming an award ("Chiến sĩ thi đua toàn quốc trong ngành Y tế") asks the law's.
    sector = bool(_HOW_RULED.search(folded)) and not _ANY_AWARD.search(folded)
    return tuple(b.name for b in bodies() if b.rules.search(folded) or sector and b.within.search(folded))


def in_a_body_name(word: str, text: str) -> bool:
    """Is ``word`` part of a body's name in ``text`` ("phụ nữ" in "hội phụ nữ tỉnh")? Such a body is
    judged as a body (its own awards, its own rules), not as a topic the library never speaks of."""
    folded, w = _folded(text), fold(word).lower()
    return any(w in m.group(0) for b in bodies() for m in b.full.finditer(folded))


def asks_who(text: str) -> bool:
    """"… do ai quy định?": who sets a body's award is the law's to say, even when the award is not."""
    return bool(_WHO.search(_folded(text)))


def addressed_bodies(chunks: Iterable[Chunk]) -> tuple[frozenset[str], frozenset[str]]:
    """Bodies whose own rules the library holds: (the issuers of its documents, the issuers of its
    in-force documents and the bodies whose award an in-force passage or a training material names)."""
    out: set[str] = set()
    issuers: set[tuple[str, bool]] = set()
    issuing: set[str] = set()
    for c in chunks:
        key = (c.issuer, c.speaks_today)
        if key not in issuers:
            issuers.add(key)
            issuer = fold(c.issuer).lower()
            found = {b.name for b in bodies() if b.full.search(issuer)}
            issuing.update(found)  # a replaced text of the body still shows whose rules they are
            if c.speaks_today:
                out.update(found)
        if not c.speaks_today:
            continue
        # Passages use the law's words, not officers' abbreviations: folding is enough.
        out.update(_owned(fold(c.titled_text).lower(), out))
    return frozenset(issuing), frozenset(out)
