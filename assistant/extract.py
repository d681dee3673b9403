"""Point-level extraction, no LLM: the point or clause that answers, and the fact it states.

A provision is cut into units (a point, or a clause without points, each with its lead-in as
context). The units are scored against the question by IDF-weighted shared bigrams; the kind of
question decides which fact a unit must state (money: a coefficient; deadline: a number of days;
authority: who decides; dossier: papers and copies; criteria: the list) and how the lead says it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from assistant.awards import (
    Award,
    asked_awards,
    asked_classes,
    award_names,
    awards_in_order,
    named_awards,
    other_class,
    title_awards,
    title_classes,
)
from assistant.enactment import asks_force, enacts
from assistant.enterprises import enterprise_rule, speaks_of_enterprises
from assistant.forces import asked_forces, named_forces, other_force
from assistant.holders import asked_holder, other_holder
from assistant.measures import DECIDES, LISTS_PAPERS, asked_measures, states_measure
from assistant.query import QueryPlan, asking_sentence, marked_asks
from assistant.recipients import addressed, given, other_recipient
from assistant.recipients import asked as asked_for
from corpus.refs import doc_key
from corpus.text import expand_abbreviations, fold, syllables
from indexer import Chunk

__all__ = ["CLAUSE_LINE", "POINT_LINE", "Extraction", "Unit", "any_of", "extract", "lead_kind", "lists_papers",
           "numbered_blocks", "units_of"]

LeadKind = Literal["money", "deadline", "authority", "dossier", "criteria", "yes_no", "rule"]

CLAUSE_LINE = re.compile(r"^(\d{1,2})\.\s")  # "2. …": a clause's first line
POINT_LINE = re.compile(r"^([a-zđ])\)\s")  # "b) …": a point's first line
_NUM = r"\d+(?:[,.]\d+)?"
_FACTS: dict[str, re.Pattern[str]] = {
    "money": re.compile(
        rf"(?:không quá\s+)?{_NUM}\s*lần\s+(?:mức\s+)?lương cơ sở|gấp\s+(?:hai|ba|\d+)\s+lần[^;.:]{{0,80}}"
        rf"|{_NUM}\s*lần mức tiền thưởng[^;.:]{{0,60}}|(?:tối đa|không quá)\s+{_NUM}\s*%[^;.:]{{0,80}}"
        # "20% tổng quỹ tiền lương", "1,0% chi ngân sách": a share of money; "80% tổng số Ủy viên" is a count.
        rf"|{_NUM}\s*%\s+(?:tổng (?:quỹ|chi|thu|kinh phí|số tiền)|chi)[^;.:]{{0,80}}"),
    "deadline": re.compile(
        r"(?:trong\s+(?:thời hạn\s+|vòng\s+)?|chậm nhất\s+(?:là\s+)?|sau\s+|trước\s+|thời hạn\s+(?:là\s+)?)"
        r"(?:\d+|[0-9]{2})\s*(?:\([^)]{1,20}\)\s*)?(?:ngày(?: làm việc)?|tháng|năm)\b[^;.:]{0,80}"
        r"|(?:từ|đủ)\s+\d+\s*(?:ngày|tháng|năm)\s+trở lên[^;.:]{0,60}|\d+\s*năm\s+một lần"),
    "authority": DECIDES,
    "dossier": re.compile(r"hồ sơ|bản chính|bản sao|\b\d{1,2}\s+bộ\b|tờ trình|báo cáo thành tích|biên bản"),
}
_COPIES = re.compile(r"\b(\d{1,2})\s+bộ\b(?:\s*\(([^)]{1,40})\))?|\((bản chính|bản sao)[^)]{0,30}\)")
_YES_NO = re.compile(
    r"\bco\s+(?:duoc|phai|bi|can|the|du|thuoc|tinh|nhan|con|tang|xet|khen)\b.*\b(?:khong|hay khong|hay chua|chua)\b\s*[?.!]*\s*$"
    r"|\bduoc\s+khong\b\s*[?.!]*\s*$|\bphai\s+khong\b\s*[?.!]*\s*$"
    # A claim heard checked ("Giảng viên nói … Điều này có đúng không?", "… nói vậy đúng hay sai?").
    r"|\b(?:co\s+)?dung\s+(?:quy dinh\s+)?(?:khong|hay sai|hay khong)\b\s*[?.!]*\s*$")
# "Như vậy tôi có đủ tiêu chuẩn … không?": whether a person's case meets a standard depends on facts the
# text cannot check, so the answer is the standard itself (the whole list), never a bare Có / Không.
_CASE_Q = re.compile(r"\b(?:du|dat|dap ung)\s+(?:cac\s+|nhung\s+)?(?:dieu kien|tieu chuan|thanh tich)\b")
# A standard met by any one of its points ("… đạt một trong các tiêu chuẩn sau đây:"): a case asked against it
# is answered by the point that fits the case, when one clearly does.
_ANY_OF = re.compile(r"một trong (?:các|những|số các) (?:tiêu chuẩn|điều kiện|trường hợp)", re.IGNORECASE)
_ONE_POINT = 2.0  # the fitting point's own words score this many times the next point's (hand-set margin)
# A list's lead-in that sets a standard: "… đạt các tiêu chuẩn sau đây:", "… khi có đủ các điều kiện sau:".
_STANDARD = re.compile(r"(?:tiêu chuẩn|điều kiện)[^:\n]{0,30}:\s*$")
_AWARDING_STEPS = re.compile(r"\b(?:thu tuc|quy trinh|trinh tu)\b[^?.!]{0,20}\b(?:tang|truy tang|xet tang|khen thuong|de nghi)\b")
_LIST_Q = re.compile(r"\b(?:gom nhung|bao gom|nhung (?:\w+ ){0,4}nao|cac loai|liet ke|nhung truong hop|gom cac)\b")
_SHORT_LIST = 600  # characters: an article this short that asks nothing else is one list (hand-set)
# Whole words: folded, "hồ sơ tiến hành" holds "so tien" and "mục chính" "muc chi".
_AMOUNT_Q = re.compile(r"\b(?:bao nhieu|muc (?:tien|thuong|chi)|so tien(?! (?:hanh|bo|do|trien))|he so|may lan|trieu dong|duoc thuong|tinh tien)\b")
_DEADLINE_Q = re.compile(r"\b(?:bao lau|thoi han|may ngay|bao nhieu ngay|trong vong|han chot|cham nhat|bao nhieu thang)\b")
_CONDITIONS = re.compile(r"\b(?:trừ trường hợp|trường hợp|nếu|trừ)\b", re.IGNORECASE)
_STOP = frozenset(fold(w) for w in (
    "em anh chị tôi mình bạn ạ nhé ơi vậy thế hỏi xin cho cần muốn biết giúp với là gì nào sao thì có không "
    "được của và các những này đó rồi nhưng nếu khi mà ai bao nhiêu như đâu chưa đã sẽ đang lại cũng vì nên "
    "theo quy định").split())
_NEGATIVE = re.compile(r"(?:không|chưa)\s+(?:được|phải|bị|thuộc|tính|xét|khen|tặng|áp dụng|dùng|sử dụng)[^;.]*",
                       re.IGNORECASE)
_POSITIVE = re.compile(r"(?:được|phải|thuộc)[^;.]*")
# "… không thuộc đối tượng quy định tại điểm a khoản này …" names a group by what it is not (the others
# than point a's): no denial of anything asked.
_OTHER_THAN = re.compile(r"không thuộc\s+(?:\w+\s+){0,4}?(?:quy định|nêu|được quy định)\s+tại\b", re.IGNORECASE)
# Whether a case meets what a rule requires ("có đủ tiêu chuẩn / điều kiện / thời gian … không?", "đã đủ … chưa?").
_ASKS_MET = re.compile(r"\b(?:co |da )?du (?:tieu chuan|dieu kien|thoi gian|so nam|nam|tuoi)\b")
# Whether what the story tells was done complies, asked last ("Làm vậy có đúng quy định không?", "… như vậy có hợp
# lệ không?"): the story decides, against the rule; words shared with the rule ("tổ chức" in "Chỉ được tổ chức kết
# hợp …") decide nothing.
_ASKS_COMPLIES = re.compile(r"(?:\b(?:co )?(?:dung|sai|hop le|hop phap|trai|vi pham) (?:quy dinh|luat|phap luat)?\s*"
                            r"(?:khong|hay (?:sai|khong)|chua)|\b(?:nhu vay|the) (?:co )?(?:dung|hop le) (?:khong|chua))"
                            r"\W*$")  # the sentence's last ask: "… có đúng không, thai sản có được tính không?" asks more
_VERDICT_SHARE = 0.5  # of the asking sentence's content words, in the phrase that decides
_MAX_LEAD = 200  # the fact in a lead; with the label the lead stays within a phone screen
# A unit that only hands the matter to another body ("… quy định chi tiết, hướng dẫn cụ thể …") answers
# little unless nothing else does.
_DELEGATES = re.compile(r"quy định chi tiết|hướng dẫn (?:cụ thể|thi hành|chi tiết)|quy định cụ thể")
_DELEGATION_FACTOR = 0.5
# So does a clause that only adds cases to the article's other clauses ("Ngoài các trường hợp quy định tại
# khoản 1 và khoản 2 Điều này, … còn để tặng …"): it repeats their words, the list that answers is theirs.
_BESIDES = re.compile(r"^(?:\d{1,2}\.\s*)?Ngoài (?:các )?trường hợp quy định tại")
_RUNNER_UP = 0.0  # share of the best score another article needs to be quoted too; on the dev splits
# any threshold (0.5, 0.7 tried) lost more governing citations than it saved length
# Share of the asking sentences another clause of the article must add to be quoted beside the first.
# Swept 0.1–0.3 on the dev splits: keypoints on dev.jsonl 0.740 (0.2, 0.3) → 0.743 (0.15) → 0.749 (0.1),
# the median answer 574 → 590 → 617 characters; real-dev's keypoints unchanged, its median 910 → 939.
_COMPLEMENT = 0.1
# "Tập thể lao động xuất sắc do ai tặng?": the award is given at two levels (a ministry, a province), each in
# its own clause; asked with no level, the clauses naming it answer together, at most this many more (hand-set).
_LEVELS_MORE = 2
# Words that name who decides or the level asked about (folded): then the clause for it answers alone. Not a
# bare "sở" or "quận": folded they are "cơ sở", "hồ sơ", "số" and "cơ quan", "quân" ("Cơ quan nào …?").
_NAMES_LEVEL = re.compile(r"\b(?:cap (?:tinh|xa|huyen|bo|co so|trung uong)|uy ban nhan dan|ubnd|bo truong|bo,|"
                          r"thu truong|thu tuong|chinh phu|chu tich|tinh|thanh pho|xa|phuong|huyen|doanh nghiep|"
                          r"cong ty|hop tac xa|giam doc|hieu truong|ban nganh|quan doi|cong an)\b")
_OTHER_AWARD = 0.5  # a unit naming only awards (or recipients) other than those asked weighs this much (hand-set)
# What a sentence asks that a passage states or not, plainly (a standard, a decider or a share named by a
# "%" in the story are read more loosely): a runner-up must state it to stand beside the answer.
_CONCRETE = frozenset({"papers", "copies", "days", "amount"})
# A passage naming who sets the rules, within one sentence however long its list of bodies ("… do Bộ, ban,
# ngành, Hội đồng nhân dân cấp tỉnh, cơ quan trung ương của … quy định").
_NAMES_RULE_MAKER = re.compile(r"\bdo\b[^.;]{1,400}?\b(?:quy dinh|ban hanh)\b|\bquy dinh chi tiet\b|\bphan (?:cap|quyen)\b")
_RANK_PENALTY = 0.2  # a unit of the n-th ranked chunk needs (1 - n·penalty) more overlap to win


@dataclass(frozen=True, slots=True)
class Unit:
    """A point, or a clause without points, of one chunk: the smallest span that can answer."""

    chunk: Chunk
    clause: str | None
    point: str | None
    text: str  # exact text of the span (a substring of the chunk's text)
    context: str  # the clause's lead-in ("1. Đối với cá nhân:") or the article's, for scoring


@dataclass(frozen=True, slots=True)
class Extraction:
    kind: LeadKind
    fact: str  # the fact the lead states ("0,3 lần mức lương cơ sở"), empty for a plain rule
    verdict: str  # "Có" | "Không" | "Tùy trường hợp" | "" (yes/no questions, when the text decides)
    units: tuple[Unit, ...]  # what to quote, best first


def numbered_blocks(lines: list[str], pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """(label, text) blocks of ``lines`` starting at the lines that match ``pattern`` (``CLAUSE_LINE``,
    ``POINT_LINE``); what comes before the first is left out."""
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := pattern.match(line))]
    return [(label, "\n".join(lines[i:(starts[n + 1][0] if n + 1 < len(starts) else len(lines))]))
            for n, (i, label) in enumerate(starts)]


def lists_papers(unit: Unit) -> bool:
    """Whether a unit is (a paper of) a dossier's list of papers ("Hồ sơ đề nghị … gồm:")."""
    return bool(LISTS_PAPERS.search(f"{unit.context}\n{unit.text}"))


def lead_kind(plan: QueryPlan) -> LeadKind:
    """Which fact the question asks for, from the asking words."""
    folded = plan.folded
    intents = plan.intents
    # Money words name the topic as often as the ask ("quỹ thi đua … do cấp nào quyết định?", "… chi vào
    # những việc nào?"): the lead states an amount only when one is asked for, or nothing else is.
    asked = asking_sentence(folded)
    if "money" in intents and (_AMOUNT_Q.search(asked) or not (
            intents & {"authority", "dossier", "criteria", "procedure"} or _LIST_Q.search(asked))):
        return "money"
    if _DEADLINE_Q.search(folded):
        return "deadline"
    if "authority" in intents:
        return "authority"
    if "dossier" in intents:
        return "dossier"
    if _AWARDING_STEPS.search(asked) and not _YES_NO.search(folded.strip()):
        return "dossier"  # "Thủ tục tặng … thực hiện như thế nào?": the papers and the steps of awarding
    if _YES_NO.search(folded.strip()):
        return "criteria" if _CASE_Q.search(asking_sentence(folded)) else "yes_no"
    if "criteria" in intents or _LIST_Q.search(folded):
        return "criteria"
    return "rule"


def units_of(chunk: Chunk) -> list[Unit]:
    """The chunk's points (with their clause's lead-in) and its clauses without points."""
    lines = chunk.text.split("\n")
    clause = chunk.clause if chunk.clause not in (None, "0") else None
    out: list[Unit] = []
    intro = chunk.lead or chunk.article_title
    current_clause, clause_intro = clause, intro
    block: list[str] = []
    block_point: str | None = None

    def flush() -> None:
        if block:
            out.append(Unit(chunk, current_clause, block_point, "\n".join(block), clause_intro))

    for line in lines:
        m_clause = CLAUSE_LINE.match(line)
        m_point = POINT_LINE.match(line)
        if m_clause and clause is None:
            flush()
            current_clause, block_point, block = m_clause.group(1), None, [line]
            clause_intro = line if line.rstrip().endswith(":") else intro
        elif m_point:
            if block and block_point is None and (block[-1].rstrip().endswith(":") or len(block) == 1):
                clause_intro = "\n".join(block)  # the lead-in of these points, not a unit of its own
                block = []
            flush()
            block_point, block = m_point.group(1), [line]
        elif not block and not out:
            block = [line]  # the article's or clause's opening sentence
        else:
            block.append(line)
    flush()
    return [u for u in out if u.text.strip()]


# Passages recur from question to question: their syllables are folded once, not on every question.
@lru_cache(maxsize=16384)
def _grams(text: str) -> frozenset[str]:
    words = [fold(w) for w in syllables(text)]
    return frozenset(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if a not in _STOP or b not in _STOP)


@lru_cache(maxsize=16384)
def _words(text: str) -> frozenset[str]:
    return frozenset(f for f in (fold(w) for w in syllables(text) if len(w) > 1) if f not in _STOP)


def _score(unit: Unit, q_grams: frozenset[str], q_words: frozenset[str], df: dict[str, int], n: int,
           rule_maker: bool = False) -> float:
    own = _grams(_OTHER_THAN.sub(" ", unit.text))  # "không thuộc đối tượng quy định tại …" is not its subject
    ctx = _grams(unit.context)

    def idf(g: str) -> float:
        return math.log((n - df.get(g, 0) + 0.5) / (df.get(g, 0) + 0.5) + 1)

    text_words = _words(unit.text) | _words(unit.context)
    factor = _DELEGATION_FACTOR if _DELEGATES.search(unit.text) or _BESIDES.match(unit.text) else 1.0
    if rule_maker:
        # "Tiêu chuẩn … do cấp nào quy định?": the clause handing the rules to a body is the answer.
        factor = 1 / _DELEGATION_FACTOR if _NAMES_RULE_MAKER.search(fold(unit.text).lower()) else 1.0
    return factor * (sum(idf(g) for g in q_grams & own) + 0.5 * sum(idf(g) for g in (q_grams & ctx) - own)
            + 0.3 * len(q_words & text_words)) / (1 + 0.15 * math.log1p(len(unit.text) / 80))


def _segment(text: str, match: re.Match[str], in_view: bool = False) -> str:
    """The sentence part around a match: from the previous ';', '.', ':' or line start to the next.
    ``in_view``: a part too long for the lead keeps the match in view, for a deadline ("… trình cấp có thẩm
    quyền trong thời hạn 25 ngày làm việc", not its opening words cut before the number); who decides
    opens the sentence, so an authority keeps its start."""
    start = _part_start(text, match.start())
    ends = [i for i in (text.find(sep, match.end()) for sep in (";", ". ", "\n")) if i >= 0]
    end = min(ends) if ends else len(text)
    seg = re.sub(r"^\s*(?:[a-zđ]\)|\d{1,2}\.)\s*", "", text[start:end].strip()).rstrip(" ;,.:")
    found = match.group(0).strip()
    at = seg.find(found)
    if in_view and len(seg) > _MAX_LEAD and at + len(found) > _MAX_LEAD - 2:
        # Begin after the last comma before the match (its own phrase), else at a space a third of the room
        # before it (a syllable: Vietnamese words span spaces) ("… " takes two characters).
        room = _MAX_LEAD - 4
        commas = [m.end() for m in re.finditer(r",\s+", seg[:at]) if at + len(found) - m.end() <= room]
        begin = commas[-1] if commas else seg.rfind(" ", 0, max(at - (room - len(found)) // 3, 0) + 1) + 1
        seg = "… " + seg[begin:] if begin > 0 else seg
    return _shorten(seg)


def _whole_words(text: str, match: re.Match[str]) -> str:
    """The match, not cut inside a word: a pattern's bounded tail ("… các tỉnh đồng bằng, thàn") ends at
    the last whole word, marked "…"."""
    fact = match.group(0).strip()
    if match.end() < len(text) and text[match.end()].isalnum() and text[match.end() - 1].isalnum():
        fact = fact[: fact.rfind(" ")].rstrip(" ,;") + " …" if " " in fact else fact
    return fact


def _shorten(text: str, limit: int = _MAX_LEAD) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: cut.rfind(" ")] + " …"


# "(trừ lực lượng vũ trang)", "ngoại trừ …": a group the question sets aside.
_EXCLUDED = re.compile(r"\(\s*(?:trừ|ngoại trừ|không kể|không tính|không bao gồm)\b[^)]*\)"
                       r"|\b(?:ngoại trừ|không kể|không bao gồm)\b[^,;.?!]*", re.IGNORECASE)
_GENERIC = frozenset(fold(w) for w in "cá nhân tập thể xét tặng danh hiệu khen thưởng đề nghị".split())


def _award_words(sentence: str) -> list[str]:
    """The award names a sentence holds, as it writes them ("Lao động tiên tiến", "Bằng khen")."""
    folded = fold(expand_abbreviations(sentence)).lower()
    out = []
    for _name, pattern in award_names():
        out += [m.group(0) for m in re.finditer(pattern, folded)]
    return out


def _verdict(unit: Unit, plan: QueryPlan) -> str:
    """Có / Không / Tùy trường hợp when the unit's wording decides the yes/no question, else "".

    The sentence that asks is what the verdict answers (a story's words prove nothing), and the
    unit's deciding phrase must say most of what it asks: a shared award name alone decides nothing.
    """
    text = _OTHER_THAN.sub(" ", unit.text)
    sentence = _EXCLUDED.sub(" ", asking_sentence(plan.question))  # what it sets aside is not the case asked
    # Who and what award are shared by every rule about that award; the case asked is in the other words
    # ("đi học dài hạn 2 năm" in "Cá nhân đi học dài hạn 2 năm có được xét Lao động tiên tiến không?").
    asked = _words(sentence) - _words(" ".join(_award_words(sentence))) - _GENERIC
    if not asked or _ASKS_COMPLIES.search(fold(sentence).lower()):
        return ""

    def says(phrase: str) -> bool:
        shared = _words(phrase) & asked
        return len(shared) >= 2 and len(shared) >= _VERDICT_SHARE * len(asked)

    # The deciding phrase is the sentence part that holds the wording, with its subject.
    def shared(phrase: str) -> int:
        return len(_words(phrase) & asked)

    no = max((shared(_sentence_of(text, m)) for m in _NEGATIVE.finditer(text) if says(_sentence_of(text, m))),
             default=0)
    yes = max((shared(_sentence_of(text, m)) for m in _POSITIVE.finditer(text) if says(_sentence_of(text, m))
               and not _NEGATIVE.search(_sentence_of(text, m))), default=0)
    # Both ways, as closely, for the case asked ("… thuộc đối tượng … phải có …; … không thuộc đối tượng
    # …"): it depends. The phrase saying more of the case decides otherwise.
    if no and yes and abs(no - yes) <= 1:
        return "Tùy trường hợp"
    if no > yes:
        return "Không"
    if _CONDITIONS.search(text) and says(text):
        return "Tùy trường hợp"
    # "… có đủ thời gian trực tiếp làm chuyên môn không?": a rule that requires ("phải có … từ 10 năm trở lên")
    # is met or not by the case's own figures, which the text does not know; the rule is the answer.
    if any(says(_sentence_of(text, m)) for m in _POSITIVE.finditer(text)) \
            and not _ASKS_MET.search(fold(sentence).lower()):
        return "Có"
    return ""


def _sentence_of(text: str, match: re.Match[str]) -> str:
    return text[_part_start(text, match.start()):match.end()]


def _part_start(text: str, at: int) -> int:
    """Where the sentence part holding position ``at`` starts: after the previous ';', '. ', ':' or line break."""
    return max(text.rfind(sep, 0, at) for sep in (";", ". ", ":", "\n")) + 1


def extract(plan: QueryPlan, chunks: Sequence[Chunk], bigram_df: dict[str, int], n_chunks: int,
            asked: str = "", adds: Callable[[str, str], float] | None = None) -> Extraction:
    """The units that answer (best first) and the fact the lead states; ``chunks`` best first.

    ``asked`` is the question as asked when ``plan`` also carries the previous turn (a follow-up):
    its own words count twice, so "còn hạng Nhì thì sao?" picks hạng Nhì, not the hạng Ba asked before.
    ``adds(said, other)``: the share of the asking sentences ``other`` holds and ``said`` does not
    (``assistant.gate.coverage_gain``); with it, a second clause of the article answers the rest.
    """
    kind = lead_kind(plan)
    n = max(n_chunks, 1)
    q_grams = _grams(plan.text) | _grams(plan.search_text)
    q_words = _words(plan.text)
    own_grams = _grams(asked) if asked and asked != plan.question else frozenset()
    own_words = _words(asked) if own_grams else frozenset()
    scored: list[tuple[float, int, Unit]] = []
    asking_folded = fold(expand_abbreviations(asking_sentence(asked or plan.question))).lower()
    awards = asked_awards(asking_folded)
    if not awards:
        # "… tiền thưởng Bằng khen của trưởng khoa là bao nhiêu?" names no giver: the story's award is asked.
        awards = asked_awards(fold(expand_abbreviations(asked or plan.question)).lower())
    # A concrete fact asked (papers, copies, days, an amount): a runner-up quoted beside the answer states it too.
    measures = asked_measures(asking_sentence(asked or plan.question))
    wanted = measures & _CONCRETE
    rule_maker = "rule_maker" in measures
    recipients = asked_for(asked or plan.question)
    forces = asked_forces(plan.question)
    enterprises = speaks_of_enterprises(plan.question)
    force_asked = asks_force(plan.folded, plan.intents)
    holder = asked_holder(asked or plan.question)
    classes = asked_classes(marked_asks(asked or plan.question), plan.question)
    aside: set[int] = set()  # units set aside as answering another question (another award, recipient, …)
    enacting: set[int] = set()  # a text's entry into force, for a question not asking when a text applies
    for rank, chunk in enumerate(chunks):
        titled = title_awards(chunk.article_title) if awards else set()
        # "“Huân chương Độc lập” hạng Nhì" for a question about hạng Ba: its criteria name hạng Ba as a condition.
        another_class = other_class(title_classes(chunk.article_title), classes) if classes else False
        for u in units_of(chunk):
            # A later chunk must earn its place: the ranking already preferred the first.
            score = _score(u, q_grams, q_words, bigram_df, n, rule_maker)
            if own_grams:
                score += _score(u, own_grams, own_words, bigram_df, n, rule_maker)
            unpenalised = score
            # An article about other awards only ("Giấy khen" for a Bằng khen question), or an amount for
            # other awards only ("Tập thể lao động tiên tiến" for "LĐTT"), answers another question,
            # however many words it shares. In a list of amounts each point's award is its subject;
            # elsewhere an award may be a condition ("… đã được tặng Cờ thi đua …").
            names = named_awards(fold(u.text).lower()) if awards and kind == "money" else set()
            if (titled and not titled & awards) or (names and not names & awards) or another_class:
                score *= _OTHER_AWARD
            # A clause or list for collectives answers another question than one about an individual.
            if other_recipient(recipients, given(u.context if u.point else u.text, chunk.article_title)):
                score *= _OTHER_AWARD
            # "Tiểu đoàn của tôi …": the clause for the police answers another question than the army's.
            if forces and other_force(forces, named_forces(f"{u.context} {u.text}" if u.point else u.text)):
                score *= _OTHER_AWARD
            # "Giám đốc doanh nghiệp … quyết định tặng giấy khen" answers a question asked from an enterprise only.
            if not enterprises and enterprise_rule(u.text):
                score *= _OTHER_AWARD
            # "9. Quỹ … của các cơ sở giáo dục tư thục" answers a private school; the public bodies' clause does not.
            if other_holder(holder, u.text, u.context if u.point else ""):
                score *= _OTHER_AWARD
            if not force_asked and enacts(u.text, chunk.article_title):  # the text's own entry into force
                enacting.add(id(u))
            if score < unpenalised:
                aside.add(id(u))
            scored.append((score * (1.0 - _RANK_PENALTY * rank), len(scored), u))
    if len(enacting) < len(scored):
        scored = [x for x in scored if id(x[2]) not in enacting]
    if not scored:
        return Extraction("rule", "", "", ())
    # A training report sharing a story's words never leads over a provision chosen beside it: an answer
    # rests on the rule (a report leads only where no provision was chosen).
    legal_first = any(u.chunk.doc_kind == "legal" for _, _, u in scored)
    scored.sort(key=lambda x: (legal_first and x[2].chunk.doc_kind != "legal", -x[0], x[1]))
    best_score = scored[0][0]
    pattern = _FACTS.get(kind)
    whole = [r for r in plan.references if r.article is not None and r.point is None]
    if whole:
        # "Điều 50 quy định gì", "Khoản 2 Điều 93 gồm những trường hợp nào": the provision named, whole.
        named = [u for _, _, u in sorted(scored, key=lambda x: x[1])
                 if any(u.chunk.article == str(r.article) and (r.clause is None or u.clause == str(r.clause))
                        for r in whole)]
        if named:
            return Extraction("criteria", "", "", tuple(named))
    pointed = [r for r in plan.references if r.article is not None and r.point is not None]
    if pointed:
        # "… có đáp ứng tiêu chuẩn theo Điểm b Khoản 1 Điều 73 Luật … không?": the point named is what is
        # asked about, not the whole list it stands in.
        named = [u for _, _, u in sorted(scored, key=lambda x: x[1]) if u.point and any(
            u.chunk.article == str(r.article) and u.point == r.point
            and (r.clause is None or u.clause == str(r.clause))
            and (r.doc is None or not r.doc.number or doc_key(u.chunk.doc_number) == doc_key(r.doc.number))
            for r in pointed)]
        if named:
            return Extraction("rule", "", "", tuple(named))
    if kind in ("criteria", "dossier"):
        asking = asking_sentence(plan.folded)
        # The whole enumeration answers: every criterion, every paper of the best chunk's list.
        first = scored[0][2]
        if kind == "dossier" and not lists_papers(first):
            # The best span of a dossier-and-procedure article is a step ("Bộ Nội vụ thẩm định …"): the
            # papers are the clause of the same chunk that lists them ("Hồ sơ đề nghị … gồm:").
            # Failing that, when the papers are what is asked, the best list of papers among the chosen
            # passages ("Hồ sơ … Huân chương các loại" beside the award's own criteria article).
            same_chunk = next((u for _, _, u in sorted(scored, key=lambda x: x[1]) if u.chunk.id == first.chunk.id
                               and lists_papers(u)), None)
            papers = "papers" in asked_measures(asking)
            first = same_chunk or (next((u for _, _, u in scored if lists_papers(u)), first) if papers else first)
        # A list opened by its lead-in ("… gồm:"), or a short article that is nothing but the list
        # ("Điều 19. Danh hiệu thi đua đối với cá nhân" and its four clauses).
        lines = first.chunk.text.strip().split("\n")
        whole_list = first.chunk.clause in (None, "0") and (
            lines[0].rstrip().endswith(":") or (len(lines) > 1 and len(first.chunk.text) <= _SHORT_LIST))
        same = [u for _, _, u in sorted(scored, key=lambda x: x[1])
                if u.chunk.id == first.chunk.id and (whole_list or u.clause == first.clause)]
        if kind == "criteria" and _CASE_Q.search(asking) and _YES_NO.search(asking.strip()):
            fitting = _fitting_point(same, plan)
            same = [fitting] if fitting is not None else same
        elif kind == "criteria" and recipients:
            # "Giấy khen cho hộ gia đình xét theo tiêu chuẩn gì?": of a list whose points are each for someone
            # ("a) Đối với cá nhân: …", "c) Đối với hộ gia đình: …"), the points for whom the question asks.
            kept = [u for u in same if not u.point or not other_recipient(recipients, addressed(u.text))]
            same = kept if len(kept) < len(same) and any(u.point for u in kept) else same
        fact = ""
        if kind == "dossier":
            copies = next((m for u in same if (m := _COPIES.search(f"{u.context}\n{u.text}"))), None)
            fact = copies.group(0) if copies else ""
        extra = _runner_up(wanted, scored, first, aside)
        return Extraction("criteria" if kind not in ("criteria", "dossier") else kind, fact, "", (*same, *extra))
    if pattern is not None:
        with_fact = [(s, u, m) for s, _, u in scored if (m := pattern.search(u.text)) and s >= 0.75 * best_score]
        if with_fact:
            s0, unit, match = with_fact[0]
            fact = _whole_words(unit.text, match) if kind == "money" else \
                _segment(unit.text, match, in_view=kind == "deadline")
            if kind == "money":
                amounts = _amount_per_award(scored, pattern, asking_folded)
                if amounts:
                    # "Giấy khen và Bằng khen … thưởng bao nhiêu?": each award asked, its own amount.
                    units = tuple(u for _, u, _ in amounts)
                    fact = "; ".join(f"{award.label} {amount} ({_place(u, units)})" if u.point else
                                     f"{award.label} {amount}" for award, u, amount in amounts)
                    return Extraction(kind, fact, "", (*units, *_runner_up(wanted, scored, units[0], aside)))
                doubled = _collective_amount(scored, unit, recipients, awards, asking_folded,
                                             fold(asked or plan.question).lower())
                if doubled is not None:
                    fact, pair = doubled
                    return Extraction(kind, fact, "", (*pair, *_runner_up(wanted, scored, pair[0], aside)))
            # An award's deciders asked with no level: the clauses naming it, not one that adds other words.
            levels = level_clauses(plan)
            more = _twin(scored, unit, forces) or (_levels(scored, unit, levels) if levels is not None
                                                   else _complement(scored, unit, adds, aside))
            return Extraction(kind, fact, "", (unit, *more, *_runner_up(wanted, scored, unit, aside)))
    unit = scored[0][2]
    more = _twin(scored, unit, forces) or _complement(scored, unit, adds, aside)
    if kind == "yes_no":
        verdict = _verdict(unit, plan)
        if not verdict and unit.point and _STANDARD.search(unit.context):
            # "Đơn vị dẫn đầu khối thi đua thì có được tặng Cờ thi đua không?": one criterion of a standard
            # does not decide it; the answer is the whole standard, as for a case asked against it.
            same = [u for _, _, u in sorted(scored, key=lambda x: x[1])
                    if u.chunk.id == unit.chunk.id and u.clause == unit.clause]
            return Extraction("criteria", "", "", (*same, *_runner_up(wanted, scored, unit, aside)))
        return Extraction(kind, "", verdict, (unit, *more, *_runner_up(wanted, scored, unit, aside)))
    return Extraction("rule", "", "", (unit, *more, *_runner_up(wanted, scored, unit, aside)))


def _amount_per_award(scored: Sequence[tuple[float, int, Unit]], pattern: re.Pattern[str],
                      asking: str) -> list[tuple[Award, Unit, str]]:
    """For an amount asked of two awards or more (``asking``: the asking sentence, folded), each award's
    best-scored unit that states one and names that award alone; empty unless two awards get their own."""
    awards = awards_in_order(asking)
    if len(awards) < 2 or not _AMOUNT_Q.search(asking):  # "… nhận tiền thưởng cả hai hay chỉ một?" asks a rule
        return []
    out: list[tuple[Award, Unit, str]] = []
    for award in awards:
        for _, _, u in scored:
            m = pattern.search(u.text)
            names = named_awards(fold(u.text).lower())  # the award's own amount, not one shared with others
            if m and names == {award.key} and all(u is not v for _, v, _ in out):
                out.append((award, u, _whole_words(u.text, m)))
                break
    return out if len(out) >= 2 else []


# "2. Tập thể được tặng … kèm theo mức tiền thưởng gấp hai lần mức tiền thưởng đối với cá nhân quy định tại khoản 1"
_MULTIPLE = re.compile(r"gấp\s+(hai|ba|\d+)\s+lần\s+(?:mức\s+)?tiền thưởng\s+(?:đối với|của)\s+cá nhân")
_TIMES = {"hai": 2, "ba": 3}
_BASE = re.compile(rf"({_NUM})\s*lần\s+(?:mức\s+)?lương cơ sở")


def _collective_amount(scored: Sequence[tuple[float, int, Unit]], first: Unit, recipients: frozenset[str],
                       awards: frozenset[str], asking: str, question: str) -> tuple[str, tuple[Unit, Unit]] | None:
    """An amount asked for a collective, where the decree gives a collective a multiple of the individual's amount
    ("Tập thể … gấp hai lần mức tiền thưởng đối với cá nhân"): the amount worked out ("3,0 lần mức lương cơ sở"),
    with the multiple and the individual's amount of the award asked, both quoted. Only when the sentence that
    asks (``asking``, folded) says a collective and the question (folded) names no individual ("… cá nhân tôi được
    Bằng khen …, tiền thưởng kèm cờ và kèm bằng khen …?" asks of both). None otherwise."""
    if "tap the" not in recipients or "ca nhan" in recipients or not re.search(r"\btap the\b", asking) \
            or re.search(r"\bca nhan\b", question):
        return None
    key = (first.chunk.doc_number, first.chunk.article)
    same = [u for _, _, u in scored if (u.chunk.doc_number, u.chunk.article) == key]

    def for_collectives(u: Unit) -> bool:
        return not other_recipient(recipients, given(u.context if u.point else u.text, u.chunk.article_title))

    found = next(((u, m) for u in same if for_collectives(u) and (m := _MULTIPLE.search(u.text))), None)
    if found is None:
        return None
    multiple, m = found
    # The individual's amount of the award asked: the unit chosen, if it states one, else the best naming the award.
    individual = next(((u, a) for u in [first, *same] if u is not multiple and not for_collectives(u)
                       and (a := _BASE.search(u.text)) and (u is first or named_awards(fold(u.text).lower()) & awards)),
                      None)
    if individual is None:
        return None
    base, amount = individual
    factor = _TIMES.get(m.group(1)) or int(m.group(1))
    value = float(amount.group(1).replace(",", ".")) * factor
    shown = f"{value:.1f}".replace(".", ",")
    return (f"{shown} lần mức lương cơ sở cho tập thể, {m.group(0)} ({amount.group(0)})", (multiple, base))


def _place(unit: Unit, units: Sequence[Unit]) -> str:
    """Where an amount stands among ``units`` of one lead: its point when all share its clause ("điểm c"),
    else point, clause and article ("điểm e khoản 1 Điều 54"): Giấy khen's amount beside Chiến sĩ thi đua
    cơ sở's is in another article, and a lead that named one place for both cited Giấy khen wrongly."""
    if len({(u.chunk.doc_number, u.chunk.article, u.clause) for u in units}) == 1:
        return f"điểm {unit.point}"
    clause = f" khoản {unit.clause}" if unit.clause not in (None, "0") else ""
    doc = (f" {unit.chunk.doc_type} {unit.chunk.doc_number}"
           if len({u.chunk.doc_number for u in units}) > 1 else "")
    return f"điểm {unit.point}{clause} Điều {unit.chunk.article}{doc}"


def any_of(unit: Unit) -> bool:
    """Whether the unit is a point of a standard met by any one of its points."""
    return bool(unit.point and _ANY_OF.search(unit.context))


def _fitting_point(units: Sequence[Unit], plan: QueryPlan) -> Unit | None:
    """The one point of an any-of standard that fits the case told ("… 02 lần liên tục Chiến sĩ thi đua cơ
    sở …" → point d), judged on the points' own words (their shared lead-in decides nothing): ``None``
    unless every unit is a point of one such standard and the best scores ``_ONE_POINT`` times the next."""
    points = [u for u in units if u.point]
    if len(points) < 3 or len(points) != len(units) or len({(u.chunk.id, u.clause) for u in points}) != 1 \
            or not any_of(points[0]):
        return None
    q_words = _words(plan.text)
    own = sorted(((len(q_words & _words(u.text)), n) for n, u in enumerate(points)), reverse=True)
    (best, at), (second, _) = own[0], own[1]
    return points[at] if best >= _ONE_POINT * max(second, 1) else None


def _complement(scored: Sequence[tuple[float, int, Unit]], first: Unit,
                adds: Callable[[str, str], float] | None, aside: set[int] | frozenset[int] = frozenset()
                ) -> tuple[Unit, ...]:
    """Another clause or point of the first unit's article that says what the first leaves out of the
    question ("… tại thời điểm nào và làm tròn ra sao?": the date of one clause, the rounding of the
    next): ``adds(first, other)`` (the share of the asking sentences only the other holds) of at least
    _COMPLEMENT. A unit ``aside`` (its id: it answers another award, recipient, force or an enterprise's
    question) adds nothing: the cooperatives' fund clause is no complement to a question on the fund."""
    if adds is None:
        return ()
    key = (first.chunk.doc_number, first.chunk.article)
    said = f"{first.context}\n{first.text}"
    best, gain = None, 0.0
    for _, _, u in scored:
        if (u.chunk.doc_number, u.chunk.article) != key or (u.chunk.id, u.clause, u.point) == \
                (first.chunk.id, first.clause, first.point) or id(u) in aside:
            continue
        g = adds(said, f"{u.context}\n{u.text}")
        if g > gain:
            best, gain = u, g
    return (best,) if best is not None and gain >= _COMPLEMENT else ()


def _twin(scored: Sequence[tuple[float, int, Unit]], first: Unit, forces: frozenset[str]) -> tuple[Unit, ...]:
    """For a question that names no force, the other force's clause of a pair ("1. Bộ trưởng Bộ Quốc phòng
    quyết định … trong Quân đội nhân dân. 2. Bộ trưởng Bộ Công an quyết định … trong Công an nhân dân."):
    the rule of one force alone would answer for both."""
    own = named_forces(first.text)
    if forces or len(own) != 1:
        return ()
    key = (first.chunk.doc_number, first.chunk.article)
    return tuple(u for _, _, u in scored if (u.chunk.doc_number, u.chunk.article) == key
                 and u.point == first.point and named_forces(u.text) not in (own, frozenset()))[:1]


def level_clauses(plan: QueryPlan) -> Callable[[Chunk], bool] | None:
    """Who decides an award given at several levels, asked with none named ("Tập thể lao động xuất sắc do ai
    tặng?"): the clauses that name the award asked each answer for their level ("2. Bộ trưởng … quyết định
    tặng … “Tập thể lao động xuất sắc”" beside "4. Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định tặng …"),
    whatever their score (a long list of deciders dilutes a clause's words). None for any other question."""
    if lead_kind(plan) != "authority":
        return None
    asked = fold(expand_abbreviations(asking_sentence(plan.question))).lower()
    awards = asked_awards(asked)
    # "… do ai quy định?" asks who sets the rules, not who awards.
    if not awards or "rule_maker" in asked_measures(asked) \
            or _NAMES_LEVEL.search(fold(expand_abbreviations(plan.question)).lower()):
        return None
    return lambda chunk: bool(DECIDES.search(chunk.text) and named_awards(fold(chunk.text).lower()) & awards)


def _levels(scored: Sequence[tuple[float, int, Unit]], first: Unit,
            wanted: Callable[[Chunk], bool]) -> tuple[Unit, ...]:
    """The other clauses of the first unit's article that ``wanted`` (``level_clauses``) names, best first."""
    key = (first.chunk.doc_number, first.chunk.article)
    return tuple(u for _, _, u in scored
                 if (u.chunk.doc_number, u.chunk.article) == key and (u.chunk.id, u.clause) != (first.chunk.id, first.clause)
                 and wanted(u.chunk))[:_LEVELS_MORE]


def _runner_up(wanted: frozenset[str], scored: Sequence[tuple[float, int, Unit]], first: Unit,
               aside: set[int]) -> tuple[Unit, ...]:
    """The best unit of another article among the chosen chunks (they passed the runner-up ratio); when the
    asking sentence asks for papers, copies, days or an amount (``wanted``), one that states it: the award's
    criteria do not stand beside the papers of its dossier. A unit ``aside`` answers another question (another
    award or class, recipient, force): it stands beside none."""
    key = (first.chunk.doc_number, first.chunk.article)
    best = scored[0][0]
    top = min(scored, key=lambda x: x[1])[2].chunk  # the ranking's first chunk: always quoted
    # A training report does not stand beside a provision that answers: the rule is the answer.
    reports = first.chunk.doc_kind != "legal"
    others = [u for s, _, u in scored if (u.chunk.doc_number, u.chunk.article) != key
              and (reports or u.chunk.doc_kind == "legal") and (s >= _RUNNER_UP * best or u.chunk.id == top.id)
              and (not wanted or states_measure(f"{u.context}\n{u.text}", wanted)) and id(u) not in aside]
    if (top.doc_number, top.article) != key:
        others = [u for u in others if u.chunk.id == top.id] or others
    return tuple(others[:1])
