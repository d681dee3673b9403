"""One feature vector per candidate passage: everything the ranking knows about it, as numbers.

The ranking (``assistant.rank``) is a weighted sum of these features with weights fitted on the
dev split of the evaluation questions (``python -m evals.fit_rank``); nothing here is tuned by hand
except the definitions. Each feature is a general property of a (question, passage) pair.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.awards import (
    asked_awards,
    asked_classes,
    counted_awards,
    other_class,
    title_classes,
    titled_awards,
)
from assistant.definitions import asked_term, defines
from assistant.enactment import asks_which_text, transitional
from assistant.forces import force_scoped, speaks_of_forces
from assistant.measures import asked_measures, states_measure
from assistant.offices import asked_offices, by_office, office_match
from assistant.query import (
    INTENT_TITLES,
    QueryPlan,
    asking_sentence,
    asking_sentences,
    marked_asks,
    sentences,
    written_reading,
)
from assistant.recipients import ABROAD, given, names_abroad, other_recipient
from assistant.recipients import asked as asked_for
from assistant.validity import status_on
from corpus import Catalog
from corpus.refs import doc_key
from corpus.text import expand_abbreviations, fold
from indexer import Chunk

__all__ = ["FEATURES", "Candidate", "Scored", "feature_vectors", "province_of"]

FEATURES: tuple[str, ...] = (
    "keyword",  # BM25 score / the best candidate's
    "keyword_article",  # the best keyword score among the chunks of the same article
    "dense",  # cosine to the question minus the best candidate's (0 when no dense model)
    "dense_article",  # the best dense score among the chunks of the same article, same scale
    "title_overlap",  # the article title's content words found in the question, / (their number + 1)
    "title_phrase",  # longest run of title syllables in the question (award names: "chiến sĩ thi đua cơ sở")
    "award_title",  # the article title names an award the asking sentence names (assistant.awards' names)
    "other_award_title",  # … names awards, none of them the one asked about
    "intent_title",  # the article title answers what the question asks (criteria, authority, …)
    "other_intent_title",  # the title answers another kind of question than the one asked
    "other_recipient",  # for collectives and an individual is asked of, or the reverse; for foreigners, not asked of
    "named_doc",  # the question names this document
    "reference",  # the question names this very article, clause or form
    "amendment",  # an in-force amending clause that rewrites a candidate article
    "superseded",  # replaced on the date asked, its successor indexed
    "superseded_alone",  # replaced, but no successor text on hand
    "not_yet",  # not in force yet on the date asked
    "material",  # training material, not law
    "decree",  # hierarchy: Luật (0) > Nghị định > Thông tư > local texts
    "circular",
    "local",  # a province's own text
    "local_other",  # … for a question that names no province or another one, or asks by a national text only
    "other_sector",  # a sector's own rules, for a question from outside that sector
    "lead_in",  # an article's lead-in sentence, not a clause
    "form_unasked",  # an appendix form, for a question not about a form
    "form_asked",  # an appendix form, for a question about a form
    "delegation",  # a clause that only delegates ("Chính phủ quy định chi tiết")
    "elsewhere",  # "Ngoài các trường hợp quy định tại …"
    "defines_asked",  # a definition question ("Thành tích đột xuất là gì?"), and the passage defines that term
    "force_unasked",  # the rule for the Army or the Police only, for a question that speaks of neither
    "asked_unstated",  # the asking sentence asks how long / how many / what share / who sets the rule / who decides /
    # which papers / whether a case meets a standard; the passage does not say
    "keyword_ask",  # a story's asking sentences alone: the article's best BM25 / the best candidate's (0: no story)
    "office_named",  # a question about awards by office: how closely the passage names the office (or rank) named
    "abroad_named",  # the question speaks of foreigners or Vietnamese abroad, and the passage names such people or bodies
    "material_rule_asked",  # training news, for a question asking what the rules allow or require ("có được … không?")
    "own_sector",  # a sector's own text (the education circular) for a question that speaks of that sector
    "scope_unasked",  # a "Phạm vi điều chỉnh" / "Đối tượng áp dụng" article, for a question not asking what a text covers
    "council_above",  # a council above the one asked about: a province's or the centre's for a unit's, the centre's for a province's
    "standard_title",  # criteria asked, and the title says it sets a standard or conditions ("Tiêu chuẩn xét tặng")
    "local_framed",  # a province's own text, for a question asked according to that province's rules ("theo quy định của tỉnh …")
    "other_class_title",  # the title names the order asked about in another class only ("Huân chương Độc lập" hạng Nhì for hạng Ba)
    "transition_asked",  # a text's transitional rule, for a question asking whether an old or a new text governs a case
)

_DELEGATION = re.compile(
    r"^\d+\.\s*(?:Chính phủ|Bộ trưởng|Thủ tướng|Ủy ban nhân dân|Bộ, ban, ngành|Bộ Quốc phòng|Bộ Công an)"
    r"[^.]{0,120}(?:quy định chi tiết|hướng dẫn|quy định cụ thể)"
)
_ELSEWHERE = re.compile(r"^\d+\.\s*Ngoài (?:các )?trường hợp quy định tại")
# Read on ``query.written_reading``: "mẫu" asks for a form, "hiến máu" (blood) and "màu" (colour) do not.
_ASKS_FORM = re.compile(r"\bmau\b")
# What the rules allow, require or say ("… có được truy tặng không?", "… thay thế những luật nào?"): news of a
# training session reports it, the law says it.
_RULE_ASKED = re.compile(r"\bco (?:duoc|the|phai|bat buoc)\b|\bduoc (?:phep )?(?:khong|hay)\b|\bdung quy dinh\b|"
                         r"\b(?:thay the|sua doi|bai bo) (?:nhung|cac)?\b|\bco du (?:tieu chuan|dieu kien)\b")
# A text's own scope ("Phạm vi điều chỉnh", "Đối tượng áp dụng") names every award it covers and answers none of
# their questions, unless the question asks what the text covers or whom it applies to.
_SCOPE_TITLE = re.compile(r"^(?:Phạm vi điều chỉnh|Đối tượng áp dụng)")
_SCOPE_ASKED = re.compile(r"\b(?:pham vi|doi tuong ap dung|ap dung (?:cho|voi|doi voi)|dieu chinh)\b"
                          r"|\bquy dinh (?:ve )?(?:nhung )?(?:viec |noi dung |van de )?gi\b(?! ve)")
# "Theo quy định thi đua, khen thưởng của tỉnh Bắc Ninh …", "theo Quy chế xét tặng của Hà Nội", "theo quy định của
# tỉnh" (named in the story): the rules a question is asked by are a province's own.
_FRAMED = re.compile(r"\btheo (?:cac |nhung )?(?:quy dinh|quy che|quyet dinh|nghi quyet|van ban)\b[^.?]{0,60}")
_PLACE_WORD = re.compile(r"\b(?:tinh|thanh pho|thu do)\b")
# "Xin hỏi theo Luật, tiêu chuẩn chung …": asked by a national text only ("theo Luật và quy định của tỉnh …" is not).
_NATIONAL_FRAMED = re.compile(r"\btheo (?:luat|nghi dinh|thong tu)\b(?![^.?]{0,40}\b(?:tinh|thanh pho|thu do)\b)")
# A council's article names its level in its title: the province's, a ministry's or the centre's own council
# ("Hội đồng Thi đua - Khen thưởng tỉnh") is not the one of a school, a commune or a unit ("Hội đồng TĐKT
# của trường", "… cấp cơ sở"), whose rules another article gives.
_TOP_COUNCIL = re.compile(r"^hoi dong thi dua\W+khen thuong (?:(tinh|bo [\w ]+)|trung uong)$")  # group 1: a province's
_COUNCIL = r"\bhoi dong thi dua\W+khen thuong\W+(?:cua\W+|cap\W+)?"
_UNIT_COUNCIL = re.compile(_COUNCIL + r"(?:(?:uy ban nhan dan\W+)?(?:xa|phuong)|truong|khoa|co so|don vi|co quan|"
                           r"benh vien|cong ty|vien|hoc vien|dai hoc|so)\b")
_NAMED_TOP_COUNCIL = re.compile(_COUNCIL + r"(?:tinh|thanh pho|trung uong|bo)\b")
_NAMED_CENTRAL_COUNCIL = re.compile(_COUNCIL + r"trung uong\b")


def _council_level(folded: str) -> int | None:
    """The level of the council the question asks about: a unit's 0, a province's or a ministry's 1, the
    centre's 2; None when it names none."""
    if _NAMED_CENTRAL_COUNCIL.search(folded):
        return 2
    if _NAMED_TOP_COUNCIL.search(folded):
        return 1
    return 0 if _UNIT_COUNCIL.search(folded) else None


def _above(title: str, level: int | None, text: str = "") -> bool:
    """Is the article (or, under a title naming every council, the clause's opening) about a council above the
    level asked ("Hội đồng Thi đua - Khen thưởng Trung ương" for a question about the province's own; "Điều 90. Hội
    đồng Thi đua - Khen thưởng | 2. Thành phần Hội đồng Thi đua - Khen thưởng Trung ương …" for a commune's)?"""
    if level is None:
        return False
    folded_title = fold(title).lower()
    m = _TOP_COUNCIL.match(folded_title)
    if m is not None:
        return (1 if m.group(1) else 2) > level
    if not _ANY_COUNCIL.match(folded_title):
        return False
    opening = fold(text[:_OPENING]).lower()
    named = 2 if _NAMED_CENTRAL_COUNCIL.search(opening) else 1 if _NAMED_TOP_COUNCIL.search(opening) else None
    return named is not None and named > level


_ANY_COUNCIL = re.compile(r"^hoi dong thi dua\W+khen thuong(?: cac cap)?$")  # a title naming no level
_OPENING = 120  # characters of a clause that say whose council it is about


_GENERIC = frozenset(
    "danh hieu thi dua khen thuong quy dinh ve cua va cho cac duoc theo nhung trong doi voi hinh thuc "
    "nay do tai dieu khoan diem luat nghi dinh thong tu".split()
)
_PROVINCE = re.compile(r"\b(?:tinh|thanh pho)\s+([a-z ]+?)(?:\s*$|,|\.|\()")
_CRITERIA_WORDS = r"tieu chuan|dieu kien"  # a title's own words for criteria (not an award's name)
_STANDARD_TITLE = re.compile(rf"\b(?:{_CRITERIA_WORDS})\b")  # a title that sets a standard ("Tiêu chuẩn xét tặng")
_LOCAL_TYPES = re.compile(r"ubnd|hdnd|uy ban nhan dan|hoi dong nhan dan")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage found for a question, with the retrieval scores that found it."""

    chunk: Chunk
    keyword: float = 0.0  # raw BM25 (0 when the passage shares no word with the question)
    dense: float | None = None  # cosine similarity, None without a dense model
    reference: bool = False  # named by the question itself
    amendment: bool = False  # rewrites a candidate article, in force on the date asked
    keyword_ask: float = 0.0  # raw BM25 of a story's asking sentences alone (0: not a story, or no shared word)


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate with its feature vector and validity on the date asked."""

    candidate: Candidate
    values: tuple[float, ...]  # in the order of FEATURES
    status: str

    def breakdown(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.values, strict=True))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text).lower())


@dataclass(frozen=True, slots=True)
class _Title:
    """What the features read of an article's title, the same for every question: worked out once."""

    words: tuple[str, ...]  # folded syllables
    content: frozenset[str]  # … without the generic ones
    intents: frozenset[str]  # the kinds of question (INTENT_TITLES) the title answers
    awards: frozenset[str]  # keys of the awards the title names
    classes: frozenset[tuple[str, str]]  # the orders and classes it names ("doc lap", "nhi")


@lru_cache(maxsize=8192)
def _title_facts(title: str, article_title: str) -> _Title:
    words = tuple(_words(title))
    folded = fold(article_title).lower()
    intents = frozenset(i for i, pattern in INTENT_TITLES.items() if re.search(pattern, folded))
    # "Hồ sơ, thủ tục xét tặng “Cờ thi đua của Chính phủ”": the award is the subject, the dossier the
    # kind; an award's name makes a criteria title only when the title says no other kind.
    if len(intents) > 1 and not re.search(_CRITERIA_WORDS, folded):
        intents -= {"criteria"}
    return _Title(words, frozenset(w for w in words if w not in _GENERIC and len(w) > 1), intents,
                  frozenset(titled_awards(" ".join(_words(article_title)))), title_classes(article_title))


@lru_cache(maxsize=8192)
def _text_flags(text: str) -> tuple[bool, bool]:
    """(only delegates, "Ngoài các trường hợp quy định tại …") of a passage's text."""
    return bool(_DELEGATION.match(text)), bool(_ELSEWHERE.match(text))


@lru_cache(maxsize=8192)
def _force_scoped(title: str, text: str, whole: bool) -> bool:
    # A whole article's text holds its clauses for the forces beside the general ones: only its title says.
    return force_scoped(title) or (not whole and force_scoped(text))


@lru_cache(maxsize=1024)
def _is_local(issuer: str, doc_number: str) -> bool:
    return province_of(issuer) is not None or bool(_LOCAL_TYPES.search(fold(doc_number).lower()))


def _title_of(chunk: Chunk) -> str:
    # Articles of the 2003 law have no titles: their opening words name the subject instead.
    return chunk.article_title or " ".join(chunk.text.split()[:14])


@lru_cache(maxsize=8192)
def _phrase(query: str, title_words: tuple[str, ...]) -> float:
    """Longest run of consecutive title syllables found in the (folded) question, 0–1 (5 syllables = 1).

    Kept: an answer ranks twice (with and without the dense model), and the same titles come back."""
    best = 0
    padded = f" {query} "
    n = len(title_words)
    for i in range(n):
        for j in range(i + max(best, 1) + 1, n + 1):
            if f" {' '.join(title_words[i:j])} " in padded:
                best = j - i
            else:
                break
    return min(best, 5) / 5 if best >= 2 else 0.0


@lru_cache(maxsize=256)
def province_of(issuer: str) -> str | None:
    """The province or city a local text comes from ("Ủy ban nhân dân tỉnh Bắc Ninh" → "bac ninh")."""
    folded = fold(issuer).lower()
    if not _LOCAL_TYPES.search(folded):
        return None
    m = _PROVINCE.search(folded + " ")
    return m.group(1).strip() if m else None


# Names a question gives a province or city other than its own: the capital's titles ("Công dân danh dự Thủ
# đô") and the city's old name. Folded, lower case.
_PROVINCE_ALIASES = {"ha noi": ("thu do",), "ho chi minh": ("sai gon", "tp hcm", "tphcm")}


def _names_province(folded: str, province: str | None) -> bool:
    """Does the question name the province ("… (Hà Nội)", "… Thủ đô")?"""
    if province is None:
        return False
    return any(re.search(rf"\b{name}\b", folded) for name in (province, *_PROVINCE_ALIASES.get(province, ())))


def _successor_on_hand(number: str, catalog: Catalog) -> bool:
    return any(f.text_available for f in catalog.successors(number))


def _awards_asked(text: str) -> frozenset[str]:
    """The awards the asking sentence names; one that names none ("Cô có đủ tiêu chuẩn không?") leans on
    the nearest sentence before it that names one ("Trường muốn đề nghị Chủ tịch UBND tỉnh tặng bằng khen
    cho cô."; "Báo cáo thành tích đề nghị tặng HCLĐ … Do vướng … Bộ Nội vụ có tiếp nhận hồ sơ này không?")."""
    ask = asking_sentence(text)
    found = asked_awards(" ".join(_words(ask)))
    parts = [p for p in sentences(text) if len(p.split()) >= 3]
    # "… đề nghị danh hiệu TTLĐXS cho phòng. … thì tỷ lệ LĐTT trong phòng tối thiểu là bao nhiêu?": awards the ask
    # names only as a count of people are criteria of the one the story proposes.
    counted = counted_awards(" ".join(_words(ask))) if found else frozenset()
    if (found and found != counted) or ask not in parts:
        return found
    for before in reversed(parts[:parts.index(ask)]):
        if story := asked_awards(" ".join(_words(before))) - counted_awards(" ".join(_words(before))):
            return story
    return found


def feature_vectors(plan: QueryPlan, candidates: Sequence[Candidate], catalog: Catalog) -> list[Scored]:
    """Features of every candidate; relative scores are taken against the best candidate of this question."""
    if not candidates:
        return []
    top_kw = max(x.keyword for x in candidates) or 1.0
    dense_values = [x.dense for x in candidates if x.dense is not None]
    top_dense = max(dense_values) if dense_values else 0.0
    top_ask = max(x.keyword_ask for x in candidates) or 1.0
    by_article: dict[tuple[str, str], tuple[float, float]] = {}
    ask_by_article: dict[tuple[str, str], float] = {}
    for other in candidates:
        key = (other.chunk.doc_number, other.chunk.article or other.chunk.id)
        kw, dn = by_article.get(key, (0.0, -1.0))
        by_article[key] = (max(kw, other.keyword), max(dn, other.dense if other.dense is not None else -1.0))
        ask_by_article[key] = max(ask_by_article.get(key, 0.0), other.keyword_ask)
    query_words = set(plan.content_words) | set(_words(plan.search_text))
    query_folded = " ".join(_words(plan.text))
    # A replaced text only the story names ("Hồi còn Nghị định 91/2017 …") is history, not what is asked.
    named = {doc_key(n) for n in plan.doc_numbers
             if n not in plan.story_doc_numbers or catalog.status_at(n, plan.as_of) != "superseded"}
    # Asked where the question asks: a story's "trong tờ trình vẫn trích dẫn Nghị quyết 32/2024" tells what the
    # asker holds, not that a form is wanted.
    asks_form = bool(_ASKS_FORM.search(written_reading(" ".join(asking_sentences(plan.text)))))
    asked = frozenset(i for i in plan.intents if i in INTENT_TITLES)
    awards = _awards_asked(plan.text)
    recipients = asked_for(plan.text)
    ask = asking_sentence(plan.text)
    measures = asked_measures(ask)
    # The class asked where a question mark asks, not the one the story says is held.
    classes = asked_classes(marked_asks(plan.text), plan.text)
    forces = speaks_of_forces(plan.text)
    term = asked_term(plan.text)
    offices = asked_offices(plan.text) if by_office(plan.text) else ()
    rule_asked = bool(_RULE_ASKED.search(" ".join(_words(ask))))
    which_text = asks_which_text(" ".join(_words(" ".join(asking_sentences(plan.text)))))
    scope_asked = bool(_SCOPE_ASKED.search(" ".join(_words(ask))))
    framed = " ".join(m.group(0) for m in _FRAMED.finditer(plan.folded))
    national = bool(_NATIONAL_FRAMED.search(" ".join(_words(ask))))
    # The council asked about, named where the question asks or, failing that, in its story ("… phải kiện toàn
    # lại Hội đồng TĐKT tỉnh … ai có quyền quyết định cơ cấu …?").
    council = _council_level(plan.folded)
    council = council if council is not None else _council_level(fold(expand_abbreviations(plan.question)).lower())
    # Per question, what depends on the title or the document alone (many candidates share them).
    by_title: dict[tuple[str, str], tuple[_Title, float, float]] = {}
    by_doc: dict[str, tuple[bool, bool, bool]] = {}
    out = []
    for cand in candidates:
        c = cand.chunk
        key = (c.doc_number, c.article or c.id)
        art_kw, art_dense = by_article[key]
        title_key = (_title_of(c), c.article_title)
        if title_key not in by_title:
            facts_t = _title_facts(*title_key)
            # Smoothed: a one-word title ("Giấy khen") matched is weaker evidence than a long one matched.
            by_title[title_key] = (facts_t, len(facts_t.content & query_words) / (len(facts_t.content) + 1),
                                   _phrase(query_folded, facts_t.words))
        title, overlap, phrase = by_title[title_key]
        status = status_on(c, plan.as_of, catalog)
        if c.doc_number not in by_doc:
            facts = catalog.get(c.doc_number)
            terms = facts.sector_terms if facts is not None else ()
            speaks = any(re.search(rf"\b{t}\b", plan.folded) for t in terms)
            by_doc[c.doc_number] = (_successor_on_hand(c.doc_number, catalog), bool(terms) and not speaks, speaks)
        successor_on_hand, other_sector, own_sector = by_doc[c.doc_number]
        province = province_of(c.issuer)
        local = c.doc_kind == "legal" and _is_local(c.issuer, c.doc_number)
        replaced = c.doc_kind != "material" and status in ("superseded", "expired")
        delegates, elsewhere = _text_flags(c.text)
        values = {
            "keyword": cand.keyword / top_kw,
            "keyword_article": art_kw / top_kw,
            "dense": (cand.dense - top_dense) if cand.dense is not None else 0.0,
            "dense_article": (art_dense - top_dense) if cand.dense is not None else 0.0,
            "title_overlap": overlap,
            "title_phrase": phrase,
            "award_title": float(bool(title.awards & awards)),
            "other_award_title": float(bool(awards) and bool(title.awards) and not title.awards & awards),
            "intent_title": float(bool(title.intents & asked)),
            "other_intent_title": float(bool(plan.intents) and not title.intents & asked
                                        and bool(title.intents - plan.intents)),
            "other_recipient": float(other_recipient(recipients, given(c.text, c.article_title,
                                                                       c.clause not in (None, "0")))),
            "named_doc": float(doc_key(c.doc_number) in named),
            "reference": float(cand.reference),
            "amendment": float(cand.amendment),
            "superseded": float(replaced and successor_on_hand),
            "superseded_alone": float(replaced and not successor_on_hand),
            "not_yet": float(status == "not_yet"),
            "material": float(c.doc_kind == "material"),
            "decree": float(c.doc_type == "Nghị định"),
            "circular": float(c.doc_type == "Thông tư"),
            "local": float(local),
            "local_other": float(local and (not _names_province(plan.folded, province) or national)),
            "local_framed": float(local and _names_province(plan.folded, province)
                                  and bool(_PLACE_WORD.search(framed) or _names_province(framed, province))),
            "other_sector": float(other_sector),
            "own_sector": float(own_sector),
            "scope_unasked": float(not scope_asked and bool(_SCOPE_TITLE.match(c.article_title or ""))),
            "council_above": float(_above(c.article_title or "", council, c.text)),
            "standard_title": float("criteria" in asked and bool(_STANDARD_TITLE.search(fold(c.article_title or "").lower()))),
            "lead_in": float(c.clause == "0"),
            "form_unasked": float(bool(c.form) and not asks_form),
            "form_asked": float(bool(c.form) and asks_form),
            "delegation": float(delegates and "authority" not in plan.intents),
            "elsewhere": float(elsewhere),
            "defines_asked": float(defines(c.text, term)),
            "force_unasked": float(not forces and _force_scoped(c.article_title, c.text, c.clause in (None, "0"))),
            "asked_unstated": float(bool(measures) and not states_measure(c.text, measures)),
            "keyword_ask": ask_by_article[key] / top_ask,
            "office_named": office_match(c.text, offices) if offices else 0.0,
            "abroad_named": float(ABROAD in recipients and names_abroad(c.text, c.article_title)),
            "material_rule_asked": float(rule_asked and c.doc_kind == "material"),
            "other_class_title": float(other_class(title.classes, classes)),
            "transition_asked": float(which_text and transitional(c.article_title)),
        }
        out.append(Scored(cand, tuple(values[f] for f in FEATURES), status))
    return out
