"""Understanding a question: abbreviations, everyday wording, direct references, time, intent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources

from assistant.awards import HELD
from assistant.coverage import mentions_domain
from assistant.enactment import asks_which_text
from corpus import Catalog, DocumentFacts
from corpus.refs import DocHint, Reference, find_doc_hints, find_references
from corpus.text import expand_abbreviations, fold, normalize_line

__all__ = ["INTENT_TITLES", "LEANING_WORDS", "QueryPlan", "asking_sentence", "asking_sentences", "asks",
           "dense_reading", "law_wording", "plan_query", "sentences", "story_ask", "written_reading"]

# Intent → words in the question (folded) that signal it.
_INTENTS: dict[str, str] = {
    # "… lúc ký quyết định hay lúc chi tiền?", "tính theo ngày ký quyết định": the moment of signing, not who signs.
    "authority": r"\bai\b|tham quyen|cap nao|quyet dinh tang|co quyen|(?<!luc )(?<!khi )(?<!ngay )(?<!diem )ky quyet dinh|"
                 r"nguoi dung dau.*quyet dinh|"
                 r"(?:co quan|don vi|to chuc) nao (?:co |chiu )?(?:trach nhiem|xem xet|quyet dinh|ky|de nghi|trinh)",
    "dossier": r"ho so|giay to|may ban|so ban|bao nhieu ban|bao cao thanh tich|to trinh|can nop",
    # "tiền" folds like "tiến" ("hồ sơ tiến hành", "tiến bộ", "tiên tiến"): not before those words.
    "money": r"tien thuong|bao nhieu tien|muc tien|(?:so )?tien\b(?! (?:tien|hanh|bo|do|si|trien|phong|hoa|len))|"
             r"muc thuong|luong co so|bao nhieu trieu|"
             r"thuong bao nhieu|quy thi dua|kinh phi|trieu dong",
    "criteria": r"tieu chuan|dieu kien|can dat|can co|phai co|duoc (xet )?tang (khi|cho)|doi tuong|ai duoc|nhu the nao thi|"
                r"(?:can|phai dat) (?:nhung )?thanh tich|thanh tich (?:gi|nao|nhu the nao)|"
                r"(?:can|phai|yeu cau|doi hoi)(?: \w+){0,10} bao lau|"  # a duration required, not a deadline
                r"thoi gian (?:giu chuc vu|cong tac|lam viec|hoat dong)|thoi gian (?:\w+ ){0,4}(?:co )?duoc tinh|"
                r"du thoi gian|dieu kien ve thoi gian",
    # Years in office or at work ("thời gian giữ chức vụ", "thời gian công tác"), or leave and study counted
    # toward an award ("thời gian nghỉ thai sản có được tính"), are a criterion, not a step.
    # "… có đủ điều kiện về thời gian không?", "đủ thời gian công tác": a duration required, a criterion.
    "procedure": r"quy trinh|thu tuc|trinh tu|thoi han|bao lau|(?<!dieu kien ve )(?<!du )thoi gian(?! (?:giu chuc vu|cong tac|lam viec|hoat dong|nghi|hoc tap|dao tao|boi duong))|"
                 r"khi nao|thoi diem|lay y kien|cong khai",
    "prohibited": r"\bcam\b|nghiem cam|khong duoc",
    # How an award is handed over: the ceremony, its order, who presides ("lễ đón nhận", "thứ tự trao").
    "ceremony": r"\ble (?:trao|don nhan|cong bo|ky niem|khai giang|tong ket)|buoi le|to chuc le|nghi thuc|"
                r"trao tang|trao thuong|don nhan|le dai|thu tu trao|chu tri",
    "revocation": r"huy bo|thu hoi|tuoc|huy quyet dinh|nop lai (?:bang khen|giay khen|huan chuong|huy chuong|hien vat|tien thuong)",
    "definition": r"la gi\b|khai niem|hieu the nao|hieu la|giai thich|nghia la",
    "transition": r"(?:ap dung|theo|thuc hien theo|tham dinh theo|xu ly theo|giai quyet theo)\s+"
                  r"(?:van ban|nghi dinh|thong tu|luat|quy dinh)\s+nao|chuyen tiep|hieu luc (?:thi hanh|tu|den)|"
                  r"con hieu luc|het hieu luc|co hieu luc|"
                  # "… xét theo Thông tư 07/2026 hay Thông tư cũ?": which of two texts applies.
                  r"theo (?:thong tu|nghi dinh|luat|quyet dinh|van ban)\b[^?.]{0,40}\bhay (?:theo )?"
                  r"(?:thong tu|nghi dinh|luat|quyet dinh|van ban|quy dinh)",
}
# Whole words only: folded, "lại được" holds "ai duoc" and "cần công nhận" holds "can co".
_INTENT_WORDS = {name: re.compile(rf"\b(?:{pattern})\b") for name, pattern in _INTENTS.items()}
# Intent → words in an article title (folded) that answer it.
INTENT_TITLES: dict[str, str] = {
    "authority": r"tham quyen|phan cap|phan quyen",
    "dossier": r"ho so",
    "money": r"tien thuong|muc tien|quy thi dua|nguon|kinh phi|chi thuong",
    # "Quy định chức danh tương đương để xét khen thưởng quá trình cống hiến": which rank qualifies, a criterion.
    "criteria": r"danh hieu|tieu chuan|huan chuong|huy chuong|bang khen|giay khen|co thi dua|ky niem chuong|giai thuong|dieu kien|"
                r"chuc danh tuong duong",
    "procedure": r"thu tuc|trinh tu|thoi gian|thoi han|quy trinh|thoi diem|lay y kien|cong khai",
    "prohibited": r"nghiem cam|hanh vi",
    # Near the title's start: "Thủ tục đề nghị tặng … do nước ngoài … trao tặng" is a procedure.
    "ceremony": r"^(?:\w+ ){0,4}(?:trao tang|nghi thuc|don nhan)",
    "revocation": r"huy bo|tuoc|thu hoi|huy quyet dinh",
    "definition": r"giai thich tu ngu",
    "transition": r"chuyen tiep|hieu luc|thi hanh",
}
# "What changed": compare today's rule with the one it replaced.
_CHANGE = re.compile(
    r"thay doi|diem moi|co gi moi|rut ngan|"
    r"keo dai them|tang len|giam xuong|truoc (?:day|kia)\b.*\b(?:nay|hien nay|bay gio|moi)\b|nay thi sao|bay gio la"
)
# A comparison asks what changed only when one side is a text or a time ("khác gì so với Nghị định 91/2017",
# "so với luật cũ", "khác gì trước đây"); "có gấp đôi so với cá nhân không", "khác gì so với hồ sơ Huân
# chương Lao động" compare two awards or recipients under today's rules.
_COMPARE = re.compile(r"\b(?:khac gi|khac giua|co gi khac|khac nhau|khac (?:so )?voi|so voi)\b")
_THEN = re.compile(r"\b(?:luat|nghi dinh|thong tu|quyet dinh|van ban|cu(?! the)|truoc (?:day|kia|nam|khi)|hien nay|"
                   r"hien hanh|bay gio|nam (?:19|20)\d{2})\b|\b\d{1,3}/(?:19|20)\d{2}\b")
# "Trước đây em đọc Luật 2003 … Cho em hỏi theo luật hiện nay …": then and now told across the story.
_THEN_NOW = re.compile(r"truoc (?:day|kia)\b.*\b(?:hien nay|bay gio|hien hanh|luat moi|quy dinh moi)\b")
# "cũ … mới": folded, "cụ thể" and "mỗi" read the same; typed with diacritics, the words themselves decide.
_OLD_NEW = re.compile(r"\bcu\b(?! the).*\bmoi\b|\bmoi\b.*\bcu\b(?! the)")
_OLD_NEW_MARKED = re.compile(r"\bcũ\b.*\bmới\b|\bmới\b.*\bcũ\b")


def _asks_change(question: str, folded: str, ask: str) -> bool:
    """Does the sentence that asks (``ask``, folded) ask what changed (not a story's "so với …" or "mỗi … cụ
    thể")?"""
    if _CHANGE.search(ask) or _THEN_NOW.search(folded):
        return True
    if _COMPARE.search(ask) and _THEN.search(ask):
        return True
    if fold(question) != question:  # typed with diacritics
        return _OLD_NEW_MARKED.search(asking_sentence(question.lower())) is not None
    return _OLD_NEW.search(ask) is not None


# Folded, "quy định cụ thể" holds "quy dinh cu": not before "thể".
_OLD_RULES = re.compile(r"\b(?:(?:luat|quy dinh|nghi dinh|thong tu) cu(?! the)|truoc day|ngay truoc|thoi truoc|"
                        r"luat nam 2003|luat 2003)\b")
_NOW = re.compile(r"hien nay|hien hanh|bay gio|moi nhat|hien tai|luat moi|quy dinh moi")
_YEAR = re.compile(r"\bnam\s+((?:19|20)\d{2})\b")
_BEFORE_YEAR = re.compile(r"\btruoc\s+(?:nam\s+|ngay\s+)?(?:\d{1,2}/\d{1,2}/)?((?:19|20)\d{2})\b")
# "Luật Thi đua, khen thưởng năm 2022": the year names the law, it is not a time.
_DOC_YEAR = re.compile(r"(?:luat|nghi dinh|thong tu|quyet dinh)(?:\s+[a-z,]+){0,5}\s*$")
_RANGE_YEAR = re.compile(r"\bden\s+(?:nam\s+)?((?:19|20)\d{2})\b")
_THIS_YEAR = re.compile(r"nam nay|nam toi|nam sau")
# "Thời gian 5 năm tính từ năm có quyết định (2020) hay từ năm 2019?": the years are where a count starts,
# asked under today's rules, not the time whose rules are asked for.
_RECKONS = re.compile(r"\btinh (?:tu|den|tron)\b")
# "Ông đã có HCLĐ hạng Ba từ năm 2018, đơn vị muốn đề nghị hạng Nhì …?": the year an award was received, in the
# same clause as the asking, is when something happened, not the time whose rules are asked.
_HELD_SINCE = re.compile(rf"{HELD}[^,;:.?!]{{0,60}}$")
_BEFORE_DATE = re.compile(r"\btruoc\s+(?:ngay\s+)?(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")
_FOLLOW_UP = re.compile(
    r"^(con|vay|the|the con|neu|truong hop|nhu vay|do|cai do|danh hieu do|hinh thuc do)\b|"
    r"\bthi sao\b|\bthe nao\b\s*\??$|\bnua\b|\bdo\b\s*\??$|\bnay\b\s*\??$"
)


@cache
def _synonyms() -> tuple[tuple[re.Pattern[str], str], ...]:
    data = resources.files("assistant").joinpath("data/synonyms.tsv").read_text("utf-8")
    rules = []
    for raw in data.splitlines():
        if raw.strip() and not raw.startswith("#") and "\t" in raw:
            pattern, terms = raw.split("\t", 1)
            rules.append((re.compile(pattern), terms.strip()))
    return tuple(rules)


@dataclass(frozen=True, slots=True)
class QueryPlan:
    question: str  # as asked, NFC
    text: str  # abbreviations expanded
    search_text: str  # text + law wording for everyday phrasing
    folded: str
    intents: frozenset[str]
    references: tuple[Reference, ...]
    doc_numbers: tuple[str, ...]  # documents the question names
    as_of: date
    time_explicit: bool  # the question (or caller) asked about a given time
    content_words: tuple[str, ...] = field(default=())
    dense_text: str = ""  # what the dense model reads: the question as asked, abbreviations expanded
    # Of ``doc_numbers``, those named where the question asks (or pointed back to: "theo nghị định đó"); the
    # others the story names ("Hồi còn Nghị định 91/2017 …") tell its history. None: every one.
    asked_doc_numbers: tuple[str, ...] | None = None

    @property
    def story_doc_numbers(self) -> tuple[str, ...]:
        """The documents only the story names."""
        asked = self.doc_numbers if self.asked_doc_numbers is None else self.asked_doc_numbers
        return tuple(n for n in self.doc_numbers if n not in asked)

    @property
    def dense_query(self) -> str:
        return self.dense_text or self.text


def _first_rules(catalog: Catalog) -> date | None:
    """When the earliest document the catalog knows took effect: before it, no rule of the library governed."""
    return min((f.effective for f in catalog if f.effective), default=None)


def _as_of(folded: str, today: date, catalog: Catalog, doc_numbers: list[str]) -> tuple[date, bool]:
    # "Cán bộ tham gia cách mạng từ năm 1935 về trước …", "trước năm 1945": a date before every rule the library
    # holds tells a person's history (the criteria's own periods), not the time whose rules are asked.
    first = _first_rules(catalog)

    def ruled(day: date) -> bool:
        return first is None or day >= first

    m = _DATE.search(folded)
    if m and ("truoc" not in folded[max(0, m.start() - 12):m.start()]):
        try:
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if ruled(day):
                return day, True
        except ValueError:
            pass
    m = _BEFORE_DATE.search(folded)
    if m:
        try:
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1))) - timedelta(days=1)
            if ruled(day):
                return day, True
        except ValueError:
            pass
    m = _BEFORE_YEAR.search(folded)
    if m and ruled(date(int(m.group(1)) - 1, 12, 31)):
        return date(int(m.group(1)) - 1, 12, 31), True
    if _OLD_RULES.search(folded):
        return date(2023, 12, 31), True
    years = [int(m.group(1)) for m in _YEAR.finditer(folded)
             if not _DOC_YEAR.search(folded[:m.start()]) and not _HELD_SINCE.search(folded[:m.start()])]
    years += [int(y) for y in _RANGE_YEAR.findall(folded)]
    if _RECKONS.search(folded):
        years = []
    years = [y for y in years if ruled(date(y, 12, 31))]
    if years and not _NOW.search(folded) and not _THIS_YEAR.search(folded):
        year = max(years)  # "từ 2020 đến 2025": the rules of the latest year mentioned
        if year < today.year:
            return date(year, 12, 31), True
    for number in doc_numbers:
        facts = catalog.get(number)
        if facts is not None and facts.status_at(today) == "superseded":
            ends = [s.start for s in facts.superseded_by if s.start]
            if ends:
                return min(ends) - timedelta(days=1), True
    return today, False


def _named_numbers(text: str, catalog: Catalog, on: date) -> list[str]:
    """The catalog's numbers of the documents the text names, in order."""
    numbers: list[str] = []
    for hint in find_doc_hints(text):
        if hint.serial is None and hint.year is None and hint.number is None:
            continue
        for facts in catalog.resolve(hint, on):
            if facts.number not in numbers:
                numbers.append(facts.number)
    return numbers


# "Theo nghị định đó thì …", "Quyết định này quy định …": an ask about the text the story names (folded).
DOC_BACK = re.compile(r"\b(?:nghi dinh|thong tu|quyet dinh|nghi quyet|luat|van ban|huong dan|quy che|quy dinh) "
                      r"(?:nay|do|tren)\b")


# "Ông Nguyễn Văn A, Phòng Nội vụ huyện X hỏi: …", "Bạn đọc … gửi email đến Báo Y hỏi: …": who asks,
# not what; the newspaper's or the office's name would match provisions by its words.
_ATTRIBUTION = re.compile(r"^[^?!\n]{0,240}?\b(?:hỏi|hỏi rằng|thắc mắc)\s*:\s*", re.IGNORECASE)
# A lead-in that already speaks of the subject ("… giảng về danh hiệu Gia đình văn hóa. Học viên hỏi:") stays.
_SUBJECT = re.compile(r"danh hieu|khen|thi dua|huan chuong|huy chuong|giai thuong|ky niem chuong|chien si|tien tien")


# Where the asker is: a province or city ("tỉnh Bắc Ninh", "TP Hải Phòng"), or the place in brackets after a name
# ("Ông Tô Hoài Nam (phường Ba Đình, Hà Nội) hỏi:"). A province's own rules answer its people.
_ASKER_PLACE = re.compile(r"\((?:[^()]*,\s*)?((?:tỉnh|thành phố|TP\.?)?\s*[A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*){0,3})\)"
                          r"|\b((?:tỉnh|thành phố|TP\.?)\s+[A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*){0,3})")


def without_attribution(text: str) -> str:
    """The question without a leading "… hỏi:" that only names who asks — but where the asker is stays."""
    m = _ATTRIBUTION.match(text)
    # Abbreviations expanded: "… kiện toàn lại Hội đồng TĐKT tỉnh … Chuyên viên hỏi:" speaks of the subject.
    if m is None or m.end() >= len(text) or _SUBJECT.search(fold(expand_abbreviations(m.group(0))).lower()):
        return text
    places = list(dict.fromkeys(p.strip() for g in _ASKER_PLACE.findall(m.group(0)) for p in g if p.strip()))
    return f"Ở {', '.join(places)}. {text[m.end():]}" if places else text[m.end():]


def law_wording(text: str) -> str:
    """The law's wording of an everyday phrase ("học sinh" → "người học"), from the synonyms table; "" if none."""
    return " ".join(_law_terms(fold(expand_abbreviations(text)).lower()))


def _law_terms(folded: str) -> list[str]:
    """The synonyms table's law wording for a folded, lower-case text."""
    return [terms for pattern, terms in _synonyms() if pattern.search(folded)]


def plan_query(question: str, *, catalog: Catalog, today: date, at: date | None = None) -> QueryPlan:
    """Everything the retriever and the composer need to know about a question."""
    # One ask plans the same text several times (the whole, its parts, its spelling): planned once. The
    # catalog's size is in the key, so a catalog grown in place is planned afresh.
    return _planned(question, catalog, len(catalog), today, at)


# Folded asking words that stand for one written word: "cam" asks what is forbidden only as "cấm" (or typed
# bare, but not the "cam on" of a closing thanks), "mau" asks for a form only as "mẫu"; "cảm ơn", "cầm Bằng",
# "hiến máu" and "màu" ask neither.
_WRITTEN = {"cam": "cấm", "mau": "mẫu"}
_THANKS = re.compile(r"\bcam on\b")


@lru_cache(maxsize=512)
def written_reading(text: str) -> str:
    """``text`` folded and lower case, as the asking-word patterns read it, with each word that folds to one of
    ``_WRITTEN`` but is written as another word kept apart ("cảm" → "cam_", "máu" → "mau_")."""
    def word(m: re.Match[str]) -> str:
        written = m.group(0)
        folded = fold(written).lower()
        meant = _WRITTEN.get(folded)
        return f"{folded}_" if meant and written.lower() not in (meant, folded) else folded

    return _THANKS.sub("cam_ on", re.sub(r"\w+", word, text))


# "Theo Luật Thi đua, khen thưởng …", "Luật TĐKT" with no number or year: the law in force on the date asked.
_DOMAIN_LAW = re.compile(r"\bluat (?:tdkt|thi dua,? khen thuong)\b(?!,? (?:nam )?(?:19|20)\d{2})")
_AMENDING_LAW = re.compile(r"\bluat sua doi\b")  # "Luật sửa đổi … Luật Thi đua, khen thưởng" names another law


def _domain_law(catalog: Catalog, on: date) -> list[DocumentFacts]:
    """The law on emulation and commendation in force on a date (not the laws amending it)."""
    return [f for f in catalog.resolve(DocHint(doc_type="Luật"), on)
            if f.title.startswith("Luật Thi đua") and f.status_at(on) == "in_force"]


@lru_cache(maxsize=512)
def _planned(question: str, catalog: Catalog, _size: int, today: date, at: date | None) -> QueryPlan:
    q = without_attribution(normalize_line(question))
    expanded = expand_abbreviations(q)
    folded = fold(expanded).lower()
    extra = _law_terms(folded)
    # In a long story the sentence that asks decides what is asked; the whole story still feeds retrieval.
    # "tiên tiến" folds to "tien tien", which must not read as money ("tiền").
    intents: frozenset[str] = frozenset()
    folded_ask = asking_sentence(folded)
    read = written_reading(expanded)
    for text in (asking_sentence(read), read):
        intent_text = text.replace("tien tien", "tientien")
        intents = frozenset(name for name, pattern in _INTENT_WORDS.items() if pattern.search(intent_text))
        if intents:
            break
    if "definition" in intents and intents & {"criteria", "authority", "dossier", "money", "procedure"}:
        intents = intents - {"definition"}  # "tiêu chuẩn … là gì" asks for criteria, not a definition
    # "Trong Điều 68 mục 2 có ghi: …": a bare article number in a story quotes some text the person read,
    # in no document we can tell; only where the question asks ("Điều 24 quy định gì?") does it name one.
    asking = asking_sentence(q)
    asked_refs = set(find_references(asking)) if asking != q else set()
    refs = tuple(r for r in find_references(q) if r.doc is not None or asking == q or r in asked_refs)
    numbers = _named_numbers(q, catalog, at or today)
    pointed = asking == q or DOC_BACK.search(folded_ask)
    asked_numbers = numbers if pointed else [n for n in _named_numbers(asking, catalog, at or today) if n in numbers]
    if _DOMAIN_LAW.search(folded) and not _AMENDING_LAW.search(folded):
        numbers += [f.number for f in _domain_law(catalog, at or today) if f.number not in numbers]
    if _asks_change(q, folded, folded_ask):
        intents = intents | {"change"}
    if asks_which_text(folded_ask):  # "… tặng theo luật cũ có còn giá trị không?": today's transitional rule
        intents = intents | {"transition"}
    if at is not None:
        as_of, explicit = at, True
    elif intents & {"change", "transition"}:
        # A comparison starts from today's rule; transition rules live in today's documents.
        as_of, explicit = today, False
    else:
        # The time asked about is read where the question asks: a story's "năm 2019 tôi được tặng …"
        # tells when something happened, not which year's rules are wanted.
        # So is a text it names: "Hồi còn Nghị định 91/2017 cơ quan chưa làm hồ sơ … Xin hỏi theo quy định hiện
        # hành …?" asks today's rules.
        as_of, explicit = _as_of(asking_sentence(folded), today, catalog, asked_numbers)
    content = tuple(w for w in re.findall(r"\w+", folded) if len(w) > 1)
    return QueryPlan(
        question=q,
        text=expanded,
        search_text=" ".join([expanded, *extra]),
        folded=folded,
        intents=intents,
        references=refs,
        doc_numbers=tuple(numbers),
        as_of=as_of,
        time_explicit=explicit,
        content_words=content,
        dense_text=dense_reading(expanded),
        asked_doc_numbers=tuple(asked_numbers),
    )


# What the dense model reads of a long question: its asking sentence first, then the story, cut here. Swept
# on the dev splits (2026-12-05): 160 / 192 / 224 / 256 / 288 / 320 / 384 / 512 characters gave real-style
# probes' recall@1 0.778 / 0.741 / 0.815 / 0.852 / 0.852 / 0.852 / 0.778 / 0.778 and real-dev's MRR 0.926 /
# 0.944 / 0.944 / 0.944 / 0.944 / 0.944 / 0.944 / 0.938, dev.jsonl unchanged from 192 up. Swept again after
# later changes (a later run), MRR dev.jsonl / real-dev / real-style: 160 0.891 / 0.926 / 0.954, 192 0.893 /
# 0.944 / 0.933, 224 0.893 / 0.944 / 0.951, 256 0.893 / 0.944 / 0.949, 288 0.893 / 0.944 / 0.950; the answers
# at 256 cited less precisely on real-dev (0.829 vs 0.853). 288 stays: the middle of the plateau. The
# embedding's cost grows with its tokens (about 0.6 ms a token on two cores): 256 would save about 5 ms.
_DENSE_CHARS = 288


def dense_reading(text: str) -> str:
    """The question as the dense model reads it: whole when short; a long story with the sentence that asks
    first (a story's opening would otherwise fill the model's reading), then the rest, to a word's end."""
    if len(text) <= _DENSE_CHARS:
        return text
    ask = asking_sentence(text)
    rest = text.replace(ask, " ", 1).strip() if ask != text else ""
    reading = f"{ask} {rest}".strip()
    if len(reading) <= _DENSE_CHARS:
        return reading
    cut = reading[:_DENSE_CHARS]
    return cut[: cut.rfind(" ")] if " " in cut else cut


# A name's initial ("anh C.", "ông Nguyễn Văn H.") ends no sentence: stories name people that way.
# … nor a degree before a name ("PGS. TS. Nguyễn Thu Trang").
_SENTENCES = re.compile(r"(?<!\b[A-ZĐÂĂÊÔƠƯ]\.)(?<!\bTS\.)(?<!\bThS\.)(?<!\bPGS\.)(?<!\bGS\.)(?<!\bBS\.)(?<!\bKS\.)"
                        r"(?<=[.?!;:])\s+|\n+")


# "Cô Hương, hiệu trưởng …, được tặng Bằng khen, hỏi trẻ mẫu giáo … được hỗ trợ bao nhiêu?": a story and its ask
# in one sentence, joined by a comma before the asking word ("hỏi", "xin hỏi", "cho em hỏi"; typed bare only with
# who asks, as bare "hoi" is also "hội"). Not "hỏi ý kiến" (consulting someone is part of a story), nor ", vậy …?",
# which draws its ask from what the sentence told ("Em đọc Quy định … thấy hình như khác, vậy cơ quan nào …?").
_ASK_INSIDE = re.compile(r",\s+(?=(?:(?:xin|cho (?:em|tôi|mình|cháu|tui))\s+)?hỏi\b(?!\s+ý\s+kiến)"
                         r"|(?:xin|cho (?:em|toi|minh|chau|tui))\s+hoi\b(?!\s+y\s+kien))", re.IGNORECASE)


def _split_ask(sentence: str) -> list[str]:
    """The story and the ask of one sentence, when a comma joins them and a question mark ends the ask."""
    m = _ASK_INSIDE.search(sentence)
    if m is None or "?" not in sentence[m.end():] or "?" in sentence[:m.start()]:
        return [sentence]
    return [sentence[:m.start()].strip(), sentence[m.end():].strip()]


def sentences(text: str) -> list[str]:
    """The sentences of a message, in order (after . ? ! ; : or a line break; a story told before ", xin hỏi …?"
    apart from its ask), stripped, none empty."""
    return [part for s in _SENTENCES.split(text) if s.strip() for part in _split_ask(s.strip()) if part]


# "… Bà con hỏi danh hiệu này có kèm tiền thưởng không. Tôi nên trả lời thế nào?": asking how to answer
# relays the question told just before it.
_WHERE_TO_READ = re.compile(r"\b(?:tham khao|tim hieu|tim doc|doc)(?: them)?(?: \w+){0,3} (?:o|tai) (?:dau|nguon nao)\b")
_RELAY = re.compile(r"\b(?:tra loi|giai thich|giai dap|tu van|phan hoi)\b(?: \w+){0,3} (?:the nao|ra sao|sao)\W*$")


# A sentence that asks: a question mark, a closing question word, or an asking lead-in.
ASKS = re.compile(
    r"\?|\b(?:khong|chua|gi|nao|bao nhieu|bao lau|ai|sao|the nao|ra sao|hay khong|duoc khong|the nao)\s*[.!]?\s*$"
    r"|\b(?:muon (?:tim hieu|biet|hoi)|xin hoi|cho (?:em|toi|minh) hoi|hoi ve)\b"
    # "xin được hướng dẫn" asks; a story's "Sở đang hướng dẫn gia đình …", "hướng dẫn 30 hộ trồng chè" tells.
    r"|\b(?:(?:xin|mong|nho|can|muon|de nghi)(?: duoc)? huong dan|huong dan (?:giup|cho) (?:em|toi|minh|chung toi))\b"
)
# "Anh chưa có huân chương nào.", "Quy chế cũ không loại trừ ai.", "Ông chưa được khen gì.": "nào", "ai", "gì"
# after a negation, closed by a full stop, tell; they do not ask.
_NONE_TOLD = re.compile(r"\b(?:chua|khong|chang)\b(?:\s\w+){1,6}\s(?:nao|ai|gi)\s*\.\s*$")


def asks(folded: str) -> bool:
    """Does the sentence (folded, lower case) ask?"""
    return bool(ASKS.search(folded)) and not (_NONE_TOLD.search(folded) and "?" not in folded)


_QUESTION_WORD = re.compile(r"\b(?:bao nhieu|bao lau|the nao|ra sao|gi|nao|co phai|hay khong|duoc khong)\b")
_ASKING_LEAD_IN = re.compile(r"\b(?:hoi|thac mac|giai dap|xin y kien)\s*:\s*$")
LEANING_WORDS = 8  # an asking sentence shorter than this leans on the one before ("Như vậy có đủ không?")


def marked_asks(text: str) -> list[str]:
    """The sentences a question mark ends, or (none) the asking sentences: what a short ask leaning on the story
    ("Nay đề nghị hạng Nhì được không?") itself names, without the sentence before it."""
    return [s for s in sentences(text) if "?" in s] or asking_sentences(text)


def asking_sentences(text: str) -> list[str]:
    """The sentences that ask; a short one leaning on the previous ("Văn bản nào quy định?") keeps it."""
    parts = sentences(text)
    if len(parts) <= 1:
        return parts or [text]
    out: list[str] = []
    for i, s in enumerate(parts):
        if s.rstrip().endswith(":") and i + 1 < len(parts):
            continue  # "Gia đình tôi muốn hỏi:" opens the question that follows; it leans on nothing before
        # "Kế toán hỏi: theo Luật … phải trích tối thiểu bao nhiêu phần trăm thu nhập; …": a sentence after a
        # lead-in that asks, with a question word in it, is asked whatever mark ends it (a story told after
        # "Cho em hỏi:" is not).
        after_lead_in = i > 0 and _ASKING_LEAD_IN.search(fold(parts[i - 1]).lower()) is not None \
            and _QUESTION_WORD.search(fold(s).lower()) is not None
        if after_lead_in or asks(fold(s).lower()):
            if len(s.split()) < LEANING_WORDS and i > 0 and parts[i - 1] not in out and not after_lead_in:
                out.append(parts[i - 1])
            out.append(s)
    return out or parts[-1:]


def story_ask(text: str) -> str:
    """The sentences of a story that ask, when they are not all of it (else ""): searched on their own, they
    find the rule a long story's many other words drown ("… thứ tự trao thế nào?" after a school's awards)."""
    parts = sentences(text)
    asks = asking_sentences(text)
    return " ".join(asks) if len(parts) > 1 and len(asks) < len(parts) else ""


def asking_sentence(text: str) -> str:
    """The sentence of a story that asks: the last one with a question mark, else the last one; one that
    only asks how to answer ("Tôi nên trả lời thế nào?") gives way to the sentence before it."""
    parts = [p for p in sentences(text) if len(p.split()) >= 3]
    if len(parts) <= 1:
        return text
    asking = [p for p in parts if "?" in p]
    ask = asking[-1] if asking else parts[-1]
    at = parts.index(ask)
    folded = fold(ask).lower()
    if at > 0 and _WHERE_TO_READ.search(folded):
        # "Nội dung này em có thể tham khảo thêm tại đâu?" closes a letter: the ask is the question before it.
        return asking[-2] if len(asking) > 1 else parts[at - 1]
    return parts[at - 1] if at > 0 and _RELAY.search(folded) else ask


def looks_like_follow_up(question: str) -> bool:
    """Questions that lean on the previous turn: short ones ("còn hồ sơ thì sao?"), ones that go on from it ("mà
    anh Tuấn đang bị xét kỷ luật thì thế nào?"), and ones that name nothing of the domain and no document ("phòng
    chưa có văn bản xếp loại của cấp trên thì dùng kết quả gì?"), which cannot be asked on their own."""
    folded = fold(normalize_line(question)).lower()
    words = re.findall(r"\w+", folded)
    if len(words) <= 4 or len(words) <= 9 and _FOLLOW_UP.search(folded):
        return True
    return len(words) <= _LEANING_MESSAGE and not _names_a_document(question) and bool(
        _GOES_ON.search(folded) or not mentions_domain(question))


def _names_a_document(text: str) -> bool:
    return any(h.serial is not None or h.number is not None for h in find_doc_hints(text))


# A message this short (in words) may lean on the conversation; a longer one tells its own story.
_LEANING_MESSAGE = 20
# "Mà …", "Thế …", "Vậy thì …": a message that goes on from the one before.
_GOES_ON = re.compile(r"^(?:ma|the|the thi|vay|vay thi|nhu vay|con nhu|con neu|neu vay)\b")

