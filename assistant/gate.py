"""The scope gate: does any passage address what the question asks?

The gate judges the sentences that ask (a story around them names people, places and dates no
law mentions), finds the asked-about terms that the library never addresses — runs of question
words of two syllables or more that occur in no passage of the whole library — and the documents the
question names that the library lacks. It says *answered*, *partly* (one asked part is covered,
another is not) or *not_covered*, with the reasons in Vietnamese.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from assistant.awards import asked_awards
from assistant.bodies import asks_who, in_a_body_name, owned_bodies, ruling_bodies
from assistant.coverage import mentions_domain
from assistant.datafiles import data_lines
from assistant.delegation import Delegation, asked_delegations, asks_beside_procedure, asks_procedure
from assistant.neighbours import fields as field_patterns
from assistant.neighbours import named_fields, speaks_of
from assistant.query import DOC_BACK as _DOC_BACK
from assistant.query import LEANING_WORDS as _LEANING_WORDS
from assistant.query import asking_sentences, law_wording, sentences
from assistant.query import asks as _is_asking
from assistant.reach import Reach
from assistant.recipients import ABROAD
from assistant.recipients import asked as asked_for
from corpus import Catalog
from corpus.refs import DocHint, find_doc_hints, find_other_documents, find_references
from corpus.text import abbreviations, expand_abbreviations, fold, syllables

__all__ = ["Gate", "GateThresholds", "MissingDocument", "asking_sentences", "coverage_gain", "judge"]

Status = Literal["answered", "partly", "not_covered"]

# Words of conversation, not of content: a bigram with one says nothing about the topic.
_CHAT_WORDS = (
    "em anh chị tôi mình bạn ạ nhé ơi vậy thế hỏi xin cho cần muốn biết giúp với là gì nào sao "
    "thì có không được của và các những này đó rồi nhưng nếu khi mà thưa dạ ai bao nhiêu như thế "
    "nào đâu hả chưa đã sẽ đang lại cũng vì nên thôi vâng ok hay ra cảm ơn rất nhiều để tìm hiểu "
    "trường hợp vấn đề văn bản quy định theo lâu bao giờ mấy thế nào phải lên qua thẳng"
).split()
_CHAT = frozenset(fold(w) for w in _CHAT_WORDS)  # folded: for words typed without diacritics
# As written: folding merges "thì"/"thi", "có"/"cơ", "thôi"/"thời", "vì"/"vị", "thế"/"thể" — so "thi
# đua", "cơ sở", "thời điểm", "đơn vị", "tập thể" are content when typed with their marks.
_CHAT_MARKED = frozenset(_CHAT_WORDS)


# Words about the asking itself ("Hai khái niệm này khác nhau ở đâu?"): what is asked about is named elsewhere.
_ASKING_WORDS = frozenset({"khai niem", "dinh nghia", "giong nhau", "khac biet", "thac mac", "cau hoi",
                           # … and words that qualify what is asked ("quy trình thông thường"), naming nothing
                           "thong thuong", "binh thuong"})


@cache
def _expansions() -> re.Pattern[str]:
    """The law's terms that officers' abbreviations are expanded to ("LDTT" → "lao động tiên tiến")."""
    longs = sorted({long for _, long in abbreviations()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in longs), re.IGNORECASE)


def _typed_bare(sentence: str) -> bool:
    """Was the sentence typed without diacritics? The terms its abbreviations were expanded to aside: "… tieu
    chuan gi ve ty le LDTT?" reaches the gate as "… ve ty le lao động tiên tiến?"."""
    rest = _expansions().sub(" ", sentence)
    return fold(rest) == rest


def _chat(word: str, folded: str) -> bool:
    """Is a syllable (lower case, as written, and folded) a word of conversation?"""
    return word in _CHAT_MARKED if word != folded else folded in _CHAT


# "… danh hiệu “Sinh viên 5 tốt” cấp Trung ương. Xin hỏi tiêu chuẩn của danh hiệu này là gì?": the title
# asked about is named in the sentence the asking one points back to, and so is its field.
_REFERS_BACK = re.compile(r"\b(?:danh hieu|hinh thuc(?: khen thuong)?|giai thuong|giai|chuong trinh|phong trao|cuoc thi|"
                          r"hoi thi|huan chuong|huy chuong|ky niem chuong|huy hieu|bang khen) nay\b"
                          # "… có thuộc đề tài của giải không?": the prize the story names ("giải quyết", "giải
                          # thích" … are other words)
                          r"|\b(?:cua|ve|du) giai\b(?! (?:quyet|thich|doan|trinh|the|ngan|phap|thuong|dap|toa))")
# Whether a text still applies, from when, or what replaced it (folded).
_ASKS_VALIDITY = re.compile(r"\b(?:con|het|co) hieu luc\b|\bhieu luc (?:thi hanh|tu|den)\b|\bcon (?:ap dung|gia tri)\b|"
                            r"\bchuyen tiep\b|\bthay the\b|\bvan ban (?:moi|nao)\b"
                            # "NĐ 98/2023 bị thay, …": the asker knows it was replaced and asks today's rule
                            r"|\bbi thay\b(?! doi)")
# "Quy chế 35/2024": a document's number and year without its type, as a message names again one it named before.
_SHORT_NUMBER = re.compile(r"\b(\d{1,4})/((?:19|20)\d{2})\b(?!/)")

@dataclass(frozen=True, slots=True)
class GateThresholds:
    """Fitted on the dev split of the question sets (see evals/answers.py and the README)."""

    coverage: float = 0.0  # IDF share of the asking sentences' bigrams the best passages hold
    coverage_offtopic: float = 0.74  # … when the question names no concept of the domain
    coverage_story: float = 0.29  # … when only the story around the asking sentences names one
    coverage_leaning: float = 0.09  # … when the asking sentences ask in the library's words about the story
    gap: float = 1.0  # bigrams of one asked-about word that occur nowhere in the library
    # A question with such a word is declined (not partly answered) when the best passages cover less
    # than this share of its asking sentences. Fitted 2026-12-06 on the dev splits of every set (python -m
    # evals.answers … --split dev --fit-gate): best range 0.09–0.10, its lower end (fewer refusals).
    unaddressed_coverage: float = 0.09


@dataclass(frozen=True, slots=True)
class MissingDocument:
    name: str  # as the question names it ("Nghị định 73", "Thông tư 15/2025/TT-BNV")
    known: bool  # the catalog knows it (its text is not on hand) vs. never heard of
    replaced: bool = False  # the catalog says another text has replaced it


@dataclass(frozen=True, slots=True)
class Gate:
    status: Status
    coverage: float  # of the asking sentences by the best passages
    missing_topics: tuple[str, ...] = ()
    missing_documents: tuple[MissingDocument, ...] = ()
    gap: float = 0.0  # bigrams of the longest asked-about word the library never uses
    unsupported: tuple[str, ...] = ()  # asked-about words no retrieved passage contains, rarest first
    on_topic: bool = True  # the asking sentences name a concept of the domain (or a document)
    in_story: bool = False  # they do not, but the story around them does
    leaning: bool = False  # they do not, but they ask in the library's words about what the story names
    # (then ``coverage`` is of the asking sentences with the sentence before each)
    outside_bodies: tuple[str, ...] = ()  # bodies whose own award is asked about and whose rules the library lacks
    handed_off: tuple[Delegation, ...] = ()  # awards whose asked-for dossier the library hands to another body

    @property
    def handed_off_by(self) -> tuple[str, ...]:
        """The provisions that hand the asked-for dossier to another body, by label."""
        return tuple(dict.fromkeys(h.label for h in self.handed_off))

    @property
    def covered(self) -> bool:
        return self.status != "not_covered"


def _position(sentence: str, parts: Sequence[str]) -> int:
    """Where an asking sentence stands among the question's sentences (the one holding it, else the first)."""
    return parts.index(sentence) if sentence in parts else next((k for k, p in enumerate(parts) if sentence in p), 0)


def _with_previous(sentence: str, parts: Sequence[str]) -> str:
    """An asking sentence with the one before it (its referent, for one that leans on the story)."""
    i = _position(sentence, parts)
    return f"{parts[i - 1]} {sentence}" if i > 0 else sentence


def _with_referent(sentence: str, parts: Sequence[str]) -> str:
    """An asking sentence with the one before it when it points back to a title: the nearest sentence before
    that names one ("… có chương trình tôn vinh “Nhà giáo …”. Trường muốn giới thiệu thầy Nam. Chương trình
    này có tiêu chí gì?"), else the one right before."""
    if sentence in parts and _REFERS_BACK.search(fold(sentence).lower()):
        named = next((p for p in reversed(parts[:parts.index(sentence)]) if _award_names(p) or _quoted_titles(p)),
                     None)
        return f"{named} {sentence}" if named is not None else _with_previous(sentence, parts)
    return sentence


def _named_before(sentence: str, parts: Sequence[str]) -> str:
    """The nearest sentence before this one that names a document by its number ("" when none does)."""
    return next((p for p in reversed(parts[:_position(sentence, parts)])
                 if any(h.serial is not None or h.number is not None for h in find_doc_hints(p))), "")


def _with_named_document(sentence: str, parts: Sequence[str]) -> str:
    """An asking sentence with the nearest sentence before it that names a document, when it points back to
    one ("Theo Quyết định này, …"), or to one named there by its number alone ("… theo Quy chế ban hành kèm
    Quyết định 35/2024/QĐ-UBND. Xin hỏi Quy chế 35/2024 yêu cầu …")."""
    if not _DOC_BACK.search(fold(sentence).lower()):
        short = {(int(a), int(b)) for a, b in _SHORT_NUMBER.findall(sentence)}
        short -= {(h.serial, h.year) for h in find_doc_hints(sentence) if h.serial is not None} if short else set()
        if not short:
            return sentence
        named = next((p for p in reversed(parts[:_position(sentence, parts)])
                      if any((h.serial, h.year) in short for h in find_doc_hints(p))), "")
        return f"{named} {sentence}".strip()
    return f"{_named_before(sentence, parts)} {sentence}".strip()


# "Theo Nghị định 98/2023 thì …", "Theo Quyết định của UBND tỉnh Nghệ An ban hành Quy định …, các xã …": what is
# asked is the content of the text named after "theo", up to where the ask itself starts.
_TEXTS = r"(?:nghi dinh|thong tu|quyet dinh|nghi quyet|luat|quy dinh|quy che|ke hoach|huong dan|chi thi|cong van|van ban)"
_FRAME = re.compile(rf"\btheo ({_TEXTS}\b.*?)(?:\bthi\b(?! dua| hanh)|,(?! khen thuong)|\?|$)")
# "Quy định đó có giới hạn tỷ lệ … không?": an ask about the text the sentence before framed.
_FRAME_BACK = re.compile(rf"^(?:(?:con|va) )?{_TEXTS} (?:nay|do|tren)\b")
_PLACE_HEAD = re.compile(r"\b(?:tinh|thanh pho|tp)\b")


# The one city named for a person, after its head: not in provinces.txt, where a name is a place wherever it
# stands (the law names "Huân chương Hồ Chí Minh").
_HO_CHI_MINH = "ho chi minh"


def _unheld_places(phrase: str, df: dict[str, int], issued_in: Callable[[str], bool] | None = None) -> tuple[str, ...]:
    """The provinces or cities the phrase names ("của UBND tỉnh Lâm Đồng") whose rules the library lacks. A name
    is the capitalised words after "tỉnh" / "thành phố". A province's name (``provinces.txt``) is judged by
    ``issued_in`` (does an indexed text's issuer name it? "Thành phố Hồ Chí Minh" is written all over the law,
    in the names of awards); other names by whether any text names them, and a one-word one cannot be told from
    a word of the sentence and counts as held."""
    out = []
    for m in _PLACE_HEAD.finditer(fold(phrase).lower()):
        name: list[str] = []
        for t in _TOKEN.findall(phrase[m.end():])[:4]:
            if t == "." and not name:
                continue  # "TP. Huế"
            if not _titled(t):
                break
            name.append(t)
        folded = [fold(w).lower() for w in name]
        key = " ".join(folded)
        if issued_in is not None and name and (key == _HO_CHI_MINH or _provinces().fullmatch(key)):
            unheld = not issued_in(key)
        else:
            unheld = len(name) >= 2 and all(df.get(f"{a}_{b}", 0) == 0 for a, b in zip(folded, folded[1:], strict=False))
        if unheld:
            out.append(f"{phrase[m.start():m.end()]} {' '.join(name)}")
    return tuple(out)


def _framed(sentence: str, parts: Sequence[str], catalog: Catalog, indexed: Sequence[tuple[str, str]],
            df: dict[str, int], issued_in: Callable[[str], bool] | None = None) -> bool:
    """Is the sentence asked *according to* a text whose content is not on hand: a document it names (or points
    back to) that has since been replaced and whose text the library lacks, or the rules of a province whose
    name no passage holds? (A text in force that the library lacks is answered in part from the rules on hand,
    with that said.)"""
    m = _FRAME.search(fold(sentence).lower())
    if m is None:
        return False
    phrase = m.group(1)
    named = _with_named_document(sentence, parts) if _DOC_BACK.search(phrase) else sentence[m.start(1):m.end(1)]
    if any(d.replaced or not d.known for d in _documents(named, catalog, indexed)[0]):
        return True
    return bool(_unheld_places(sentence[m.start(1):m.end(1)], df, issued_in))


def _quotes_missing(sentence: str, parts: Sequence[str], catalog: Catalog, indexed: Sequence[tuple[str, str]]) -> bool:
    """Does the sentence ask about an article of a text the library lacks ("khoản 5 Điều 2 Thông tư
    15/2025/TT-BNV quy định thế nào …?", or "… Thông tư đó" after a sentence naming it)? Only that text can
    say what its article says."""
    docs = [r.doc for r in find_references(sentence) if r.article is not None and r.doc is not None]
    if any(_missing(d, catalog, indexed) is not None for d in docs):
        return True
    pointed = {d.doc_type for d in docs if d.serial is None and d.number is None}
    if not pointed or not _DOC_BACK.search(fold(sentence).lower()):
        return False
    return any(_missing(h, catalog, indexed) is not None for h in find_doc_hints(_named_before(sentence, parts))
               if h.doc_type in pointed)


def _all_framed(asks: Sequence[str], parts: Sequence[str], catalog: Catalog, indexed: Sequence[tuple[str, str]],
                df: dict[str, int], issued_in: Callable[[str], bool] | None = None) -> bool:
    """Is every asking sentence asked according to a text the library lacks, or about one of its articles (a
    sentence pointing back to "quy định đó" asks about the one the sentence before framed)?"""
    framed = False
    for s in asks:
        framed = _framed(s, parts, catalog, indexed, df, issued_in) or _quotes_missing(s, parts, catalog, indexed) \
            or (framed and bool(_FRAME_BACK.search(fold(s).lower())))
        if not framed:
            return False
    return bool(asks)


def _idf(df: int, n: int) -> float:
    return math.log((n - df + 0.5) / (df + 0.5) + 1)


@lru_cache(maxsize=2048)
def _bigrams(text: str) -> tuple[tuple[int, str], ...]:
    """(position, folded bigram) of the content bigrams of ``text``, position = first syllable. Cached: each
    candidate's coverage gain reads the same asking sentences again."""
    written = [unicodedata.normalize("NFC", w).lower() for w in syllables(expand_abbreviations(text))]
    words = [fold(w) for w in written]
    chat = [_chat(w, f) for w, f in zip(written, words, strict=True)]
    out = []
    for i, (a, b) in enumerate(zip(words, words[1:], strict=False)):
        if chat[i] or chat[i + 1] or a.isdigit() or b.isdigit() or len(a) < 2 and len(b) < 2:
            continue
        out.append((i, f"{a}_{b}"))
    return tuple(out)


def _passage_bigrams(texts: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for text in texts:
        out.update(_text_bigrams(text))
    return out


@lru_cache(maxsize=4096)
def _text_bigrams(text: str) -> frozenset[str]:
    """A passage's folded bigrams: the same for every question, worked out once."""
    words = [fold(w) for w in syllables(text)]
    return frozenset(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))


def _coverage(sentences: Sequence[str], seen: set[str], df: dict[str, int], n: int) -> float:
    grams = {g for s in sentences for _, g in _bigrams(s)}
    if not grams:
        return 0.0
    total = sum(_idf(df.get(g, 0), n) for g in grams)
    return sum(_idf(df.get(g, 0), n) for g in grams if g in seen) / max(total, 1e-9)


def coverage_gain(sentences: Sequence[str], best: str, other: str, df: dict[str, int], n: int) -> float:
    """The share of the asking sentences (IDF-weighted bigrams) ``other`` holds and ``best`` does not."""
    alone = _coverage(sentences, set(_text_bigrams(best)), df, n)
    return _coverage(sentences, set(_text_bigrams(best) | _text_bigrams(other)), df, n) - alone


@cache
def _pyvi() -> tuple[Any, Any]:
    """pyvi's word segmenter and part-of-speech tagger, loaded on first use.

    pyvi unpickles a sklearn-crfsuite CRF, whose module subclasses scikit-learn's ``BaseEstimator``
    when scikit-learn is importable and a plain class otherwise (``sklearn_crfsuite/compat.py``);
    tagging calls python-crfsuite only. Importing scikit-learn took ≈2.5 s of a cold ``tdkt ask``, so
    while no one has imported it, it is hidden for the moment pyvi loads.
    """
    hide = "sklearn" not in sys.modules
    if hide:
        sys.modules["sklearn"] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        from pyvi import ViPosTagger, ViTokenizer  # noqa: PLC0415 - loads its model on first use
    finally:
        if hide and sys.modules.get("sklearn", 0) is None:
            del sys.modules["sklearn"]
    return ViTokenizer, ViPosTagger


def _unaddressed(sentence: str, df: dict[str, int], n: int, known: set[str],
                 seen: set[str]) -> list[tuple[str, float]]:
    """Words of the sentence (pyvi's segmentation) that no passage of the library contains, with their
    number of bigrams.

    Only nouns of two or more syllables, each syllable known to the library: a typo or an unknown
    abbreviation is not a topic, a known pair the law never uses ("thu nhập", "chuyên gia") is; a verb
    ("thay đổi", "chuẩn bị", "kết án") says what happens, not what the question is about.
    """
    out: list[tuple[str, float]] = []
    if _typed_bare(sentence):
        # Written without diacritics, words and parts of speech are guesses ("tren duong di lam ve" gave
        # the nouns "ve tren", "di lam"): the coverage and the named fields still judge such a sentence.
        return out
    tokenizer, tagger = _pyvi()
    tokens, tags = tagger.postagging(tokenizer.tokenize(expand_abbreviations(sentence)))
    for token, tag in zip(tokens, tags, strict=True):
        if not tag.startswith("N"):
            continue
        parts = token.split("_")
        if len(parts) < 2 or not all(re.fullmatch(r"\w+", p) for p in parts):
            continue
        folded = [fold(p).lower() for p in parts]
        if any(f not in known or f.isdigit() or f in _CHAT for f in folded) or _people(parts) \
                or " ".join(folded) in _ASKING_WORDS:
            continue
        grams = [f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)]
        if all(df.get(g, 0) == 0 and g not in seen for g in grams):
            out.append((" ".join(parts), float(len(grams))))
    return out


# Pairs of known syllables the library never writes together that make the asking sentence's own subject
# ("cộng điểm", "vào lớp"); one such pair is often two words side by side ("đề nghị | gồm"). Hand-set.
_OWN_SUBJECT = 2
# An asking sentence that points back at the story ("Như vậy đã đủ tiêu chuẩn chưa?", "Trường hợp này …")
# asks about the case told: the story is its subject.
_ON_THE_CASE = re.compile(r"\b(?:nhu vay|nhu the|nhu tren|vay thi|truong hop (?:nay|tren|do|nhu vay|nhu tren)|"
                          r"voi (?:thanh tich|qua trinh) (?:nhu )?(?:vay|tren|nay)"
                          # "Hai khái niệm này khác nhau ở đâu?": the things the story named
                          r"|(?:hai|ba|cac|nhung) (?:\w+ ){1,2}(?:nay|tren))\b")


_WORD_DF = 5  # passages holding a pair for it to count as a word of the library (hand-set)


def _unseen_pairs(sentences: Sequence[str], df: dict[str, int], known: set[str]) -> list[str]:
    """The content bigrams of the sentences that no text of the library holds, of syllables it knows, and
    that do not straddle a pair it writes: in "gửi hồ sơ thẳng lên Bộ", "sơ thẳng" leans on "hồ sơ" (two
    words side by side), in "đủ hình thức" "đủ hình" on "hình thức"; "ăn trưa", "nghỉ bù" stand alone."""
    out = []
    for s in sentences:
        at = dict(_bigrams(s))
        for i, g in at.items():
            if df.get(g, 0) or not all(w in known for w in g.split("_")):
                continue
            if any(df.get(at.get(j, ""), 0) >= _WORD_DF for j in (i - 1, i + 1)):
                continue
            out.append(g)
    return out


def _unsupported(sentences: Sequence[str], seen: set[str], df: dict[str, int], n: int) -> tuple[str, ...]:
    """The asked-about words (two syllables or more) that no passage of the library contains, rarest
    first. The reason says "the library does not regulate X": a word the library uses elsewhere ("điều
    kiện", "chất lượng") merely missed by this question's passages is not named."""
    found: dict[str, float] = {}
    folded_seen: set[str] = set()
    for sentence in sentences:
        if _typed_bare(sentence):  # pyvi's words are guesses ("ve nhan", "di som"): none named
            continue
        for token in _pyvi()[0].tokenize(expand_abbreviations(sentence)).split():
            parts = token.split("_")
            folded = [fold(p).lower() for p in parts]
            if len(parts) < 2 or any(not re.fullmatch(r"\w+", p) or p.isdigit() for p in folded) \
                    or any(f in _CHAT for f in folded) or _people(parts) or " ".join(folded) in _ASKING_WORDS:
                continue
            grams = [f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)]
            key = "_".join(folded)
            if key not in folded_seen and not any(g in seen or df.get(g, 0) for g in grams):
                folded_seen.add(key)
                found[_spelled(" ".join(parts))] = max(_idf(df.get(g, 0), n) for g in grams)
    return tuple(sorted(found, key=lambda w: -found[w])[:3])


_PERSON_TITLES = frozenset(fold(w) for w in "ông bà anh chị em cô chú bác đồng chí thầy TS ThS PGS GS BS KS".lower().split())
# … and, as written (folded, "cũ", "bộ", "ủy", "tượng" would read as these), kin and the last word of a rank or a
# profession: "cụ Hồ Thị Lý", "mẹ Nguyễn Thị M.", "Thượng tá Lê Văn A", "liệt sĩ Nguyễn Văn Tám".
_PERSON_TITLES_MARKED = frozenset("cụ bé bố mẹ cháu vợ chồng sĩ tá úy tướng".split())
# Words of kin and address: a word made only of them ("bà con", "anh em", "cô chú") names people around
# the asker, not a topic. As written when marked: folding merges "chú"/"chủ", "cô"/"cơ", "bà"/"ba".
_KIN_MARKED = frozenset("ông bà anh chị em cô chú bác đồng chí con cháu".split())
_KIN = frozenset(fold(w) for w in _KIN_MARKED)


def _people(parts: Sequence[str]) -> bool:
    def kin(word: str) -> bool:
        written = unicodedata.normalize("NFC", word).lower()
        folded = fold(written).lower()
        return written in _KIN_MARKED if written != folded else folded in _KIN

    return all(kin(p) for p in parts)
# Heads of a place's or an organisation's name ("tỉnh Quảng Nam", "Trường THCS Lê Lợi", "Công ty Sông Đà"):
# the asker's own unit, of a kind the law speaks of (localities, schools, enterprises), not a topic.
# Not the bodies with award systems of their own (Bộ, Cục, Hội …): assistant.bodies judges those.
_PLACE_HEAD_WORDS = (
    "tỉnh huyện quận xã phường thị trấn thôn ấp bản làng xóm phố khu đặc khu TP Tp TX tổ khóm trường THPT THCS TH MN "
    "mầm non tiểu học ty cty tập đoàn doanh nghiệp hợp tác xã HTX bệnh viện trạm nhà máy xí nghiệp "
    "ngân hàng chi nhánh sở phòng UBND HĐND hạn").lower().split()  # "Công ty TNHH" is spelled out: "… trách nhiệm hữu hạn"
_PLACE_HEADS = frozenset(fold(w) for w in _PLACE_HEAD_WORDS)
# A head that opens the name itself ("Phòng Kinh tế"), as written: folded, "Trần" would read "trấn".
_OPENING_HEADS = frozenset(w for w in _PLACE_HEAD_WORDS if w not in ("thị", "trấn"))
_HEAD_WINDOW = 3  # tokens before a name where its head may stand ("Trường THPT Nguyễn Du")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _titled(word: str) -> bool:
    """A capitalised word ("Sinh"), not an abbreviation ("BNV", "TT") or a number."""
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def _titled_runs(sentence: str) -> Iterator[tuple[list[str], int, int, bool, bool]]:
    """Runs of capitalised words not opening the sentence: (the sentence's tokens, the run's start and end,
    after a person's title, after a place's or an organisation's head)."""
    tokens = _TOKEN.findall(sentence)
    i = 0
    while i < len(tokens):
        # "1) Tổ Toán - Tin …": a list's number opens a sentence too.
        opening = i == 0 or tokens[i - 1] in ".:!?;\"“(" or (
            tokens[i - 1] == ")" and i > 1 and (tokens[i - 2].isdigit() or len(tokens[i - 2]) == 1))
        if not _titled(tokens[i]):
            i += 1
            continue
        j = i
        while j < len(tokens) and _titled(tokens[j]):
            j += 1
        if opening:  # "Vũ Quang Huy, Phó Viện trưởng …": a name opening the sentence is no name of the ask
            i = j
            continue
        words = tokens[i:j]
        # "ông Nguyễn Văn Nam", "PGS. TS. Nguyễn Thu Trang"
        before = tokens[i - 2] if i > 1 and tokens[i - 1] == "." else tokens[i - 1] if i > 0 else ""
        person = fold(before).lower() in _PERSON_TITLES \
            or unicodedata.normalize("NFC", before).lower() in _PERSON_TITLES_MARKED
        # The head may open the name itself: "Phòng Kinh tế", "Phòng Tham mưu" (the asker's own unit).
        opening_head = unicodedata.normalize("NFC", words[0]).lower()
        place = any(fold(t).lower() in _PLACE_HEADS for t in tokens[max(0, i - _HEAD_WINDOW):i]) \
            or opening_head in _OPENING_HEADS
        yield tokens, i, j, person, place
        i = j


_LAW_TITLE_WORDS = 6  # lower-case words a law's title may run on with


def _unknown_names(sentences: Sequence[str], df: dict[str, int]) -> tuple[str, ...]:
    """Proper names (two or more capitalised words, not opening a sentence) that occur nowhere in the
    library: another ministry, a union's own prize, a foreign country. A person's name after "ông",
    "bà" …, a locality's, a school's or an enterprise's after its head ("tỉnh", "Trường THCS" …) is the
    asker's story, not a topic."""
    out: list[str] = []
    for sentence in sentences:
        for tokens, i, j, person, place in _titled_runs(sentence):
            words = tokens[i:j]
            folded = [fold(w).lower() for w in words]
            grams = [f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)]
            if len(words) >= 2 and not person and not place and any(g not in df for g in grams):
                tail: list[str] = []
                prev = folded[-1]
                # A law's title runs on in lower case ("Luật Tiếp công dân", "Luật An toàn thông tin mạng") up to a
                # word that ends a name.
                law = folded[0] == "luat"
                for w in tokens[j:j + (_LAW_TITLE_WORDS if law else 3)]:  # "Cục Sở" + "hữu trí tuệ": the words
                    f = fold(w).lower()                                   # the name runs on with
                    title_word = law and not _ends_name(w, f)
                    chat = f in _CHAT and not (title_word and fold(w) != w)  # "cơ" of "cơ sở" is no "có"
                    if not w.isalpha() or chat or not (f"{prev}_{f}" in df or title_word):
                        break
                    tail.append(w)
                    prev = f
                out.append(" ".join(words + tail))
    return tuple(dict.fromkeys(out))


@cache
def _provinces() -> re.Pattern[str]:
    """The provinces' and cities' names (``assistant/data/provinces.txt``), folded, as one pattern."""
    names = sorted({" ".join(re.findall(r"\w+", fold(n).lower())) for n in data_lines("provinces.txt")}, key=len,
                   reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def _story_places(question: str) -> frozenset[str]:
    """The names the message gives places and units after their heads ("đặc khu Vân Đồn, tỉnh Quảng Ninh"),
    and the provinces it names without a head ("xã Si Pa Phìn (Điện Biên)"), folded: where the asker is, not
    what is asked about, wherever else they stand ("… cho Quảng Ninh?")."""
    headed = {" ".join(fold(w).lower() for w in tokens[i:j]) for s in sentences(question)
              for tokens, i, j, _, place in _titled_runs(s) if place}
    return frozenset(headed | set(_provinces().findall(" ".join(re.findall(r"\w+", fold(question).lower())))))


# Heads of an award's name (folded): "Giải thưởng Phụ nữ Việt Nam", "Huy hiệu Tuổi trẻ sáng tạo".
_AWARD_HEAD = re.compile(
    r"^(?:giai thuong|huy chuong|ky niem chuong|huy hieu|huan chuong|danh hieu|co thi dua|bang khen|giay khen|giai)$")
# Words that end an award's name in a question ("… Vì sự nghiệp Cựu chiến binh | cho hội viên thì …"): as written,
# for a word typed with diacritics ("thế" of "như thế" ends a name, "thể" of "Gia đình thể thao" does not), and
# folded, for one typed bare.
_NAME_ENDS_WRITTEN = frozenset((
    "cho của thì được có là do theo tại trong khi để cần gồm xét tặng truy trao đề nghị hạng mức năm lần "
    "và hoặc hay với những các đã sẽ đang không chưa nào gì ai bao như thế sau trước từ đến vào nữa phải "
    "mới nhất dành số").split())
_NAME_ENDS = frozenset(fold(w) for w in _NAME_ENDS_WRITTEN)
_NAME_WORDS = 8  # at most, after the head
_THREE_SYLLABLE_HEADS = frozenset({"ky niem chuong", "co thi dua"})
_QUOTES = "\"“”'‘’"


def _ends_name(token: str, folded: str) -> bool:
    """A lower-case function word ends an award's name; one typed bare is read by its folded form."""
    if _titled(token):
        return False
    return folded in _NAME_ENDS if fold(token) == token else token.lower() in _NAME_ENDS_WRITTEN


def _award_names(sentence: str) -> list[tuple[list[str], int, int]]:
    """(tokens, start, end) of each award the sentence names by a proper name: the head ("Giải thưởng",
    "Kỷ niệm chương" …), then a capitalised word, through the following words of the name (to the
    closing quote when quoted, else to a word that ends it)."""
    tokens = _TOKEN.findall(sentence)
    folded = [fold(t).lower() for t in tokens]
    out = []
    for i in range(len(tokens)):
        for width in (3, 2, 1):  # heads of three, two syllables, and "Giải" ("Giải Búa liềm vàng")
            if i + width > len(tokens) or not _AWARD_HEAD.match(" ".join(folded[i:i + width])):
                continue
            j = i + width
            quoted = j < len(tokens) and tokens[j] in _QUOTES
            j += quoted
            if j >= len(tokens) or not _titled(tokens[j]):
                break
            k = j
            while k < len(tokens) and k - j < _NAME_WORDS + (_NAME_WORDS if quoted else 0):
                t = tokens[k]
                if (quoted and t in _QUOTES) or (not quoted and (not t.isalpha() or _ends_name(t, folded[k]))):
                    break
                k += 1
            out.append((tokens, i, k))
            break
    return out


# Words after which a quoted name is a title one is awarded or recognised with ("tiêu chí công nhận “Gia đình
# học tập”", "đăng ký danh hiệu “Doanh nghiệp đạt chuẩn văn hóa”" is caught by its head above).
_CONFERS = re.compile(r"^(?:cong nhan|xet tang|xet chon|binh xet|binh chon|dang ky|de nghi|trao tang|tang|dat|"
                      r"bieu duong|ton vinh|vinh danh)$")


_NAMED_AS_WINDOW = 7  # tokens before "là" where the conferring word may stand ("công nhận cây đa là “…”")


def _quoted_titles(sentence: str) -> list[tuple[list[str], int, int]]:
    """(tokens, start, end) of each quoted title the sentence confers or recognises without an award's
    head: the quote opens on a capitalised word, right after "công nhận", "xét tặng", "đạt" …"""
    tokens = _TOKEN.findall(sentence)
    out = []
    for i, t in enumerate(tokens):
        if t not in _QUOTES or i + 1 >= len(tokens) or not _titled(tokens[i + 1]):
            continue
        one, two = (" ".join(fold(w).lower() for w in tokens[max(0, i - n):i]) for n in (1, 2))
        # "công nhận cây đa là “Cây Di sản Việt Nam”": the title follows "là" after what is recognised.
        before = [fold(w).lower() for w in tokens[max(0, i - _NAMED_AS_WINDOW):i - 1]]
        named_as = one == "la" and any(_CONFERS.match(" ".join(before[j:j + n]))
                                       for n in (1, 2) for j in range(len(before)))
        if not (_CONFERS.match(one) or _CONFERS.match(two) or named_as):
            continue
        k = i + 1
        while k < len(tokens) and tokens[k] not in _QUOTES and k - i <= 2 * _NAME_WORDS:
            k += 1
        out.append((tokens, i + 1, k))
    return out


# "… hình thức khen thưởng riêng (vd danh hiệu 'Nhân viên xuất sắc của tháng') …": an example, not the ask.
_EXAMPLE = re.compile(r"\b(?:vd|vi du|chang han|thi du|nhu la)\b")  # folded
_EXAMPLE_WINDOW = 4  # tokens before a name where "vd" may stand
_BRACKETED = re.compile(r"\(([^()]*)\)")


def _without_examples(sentence: str) -> str:
    """The sentence without the examples it gives in brackets ("(vd …, cúp …)")."""
    return _BRACKETED.sub(lambda m: " " if _EXAMPLE.match(fold(m.group(1)).lower().lstrip()) else m.group(0),
                          sentence)


_WHOLE_NAME = 4  # syllables after the head: a name this long the library would write whole if it were its


def _unknown_awards(sentences: Sequence[str], topics: Sequence[str], df: dict[str, int],
                    known: set[str], reach: Reach | None = None) -> tuple[str, ...]:
    """Awards the asking sentences name by words the library never uses, or never uses together
    ("Giải thưởng Phụ nữ Việt Nam", "danh hiệu Nông dân sản xuất, kinh doanh giỏi"), or, for a name of
    ``_WHOLE_NAME`` words or more that names no award the library knows, never writes in a row
    ("Giải thưởng Sáng tạo Khoa học Công nghệ Việt Nam"): another body's award, not the library's. A
    pair with a syllable the library lacks is a typo, not a name; a name given as an example ("vd",
    "ví dụ", "chẳng hạn") is not what is asked about."""
    out: list[str] = []
    wanted = [[fold(w).lower() for w in t.split()] for t in topics]
    for sentence in sentences:
        named = [(tokens, i, k, True) for tokens, i, k in _award_names(sentence)]
        named += [(tokens, i, k, False) for tokens, i, k in _quoted_titles(sentence)]
        for tokens, i, k, headed in named:
            if _EXAMPLE.search(" ".join(fold(t).lower() for t in tokens[max(0, i - _EXAMPLE_WINDOW):i])):
                continue
            kept = [t for t in tokens[i:k] if t not in _QUOTES]
            name = [fold(t).lower() for t in kept]
            if not headed:
                head = 0
            elif " ".join(name[:3]) in _THREE_SYLLABLE_HEADS:
                head = 3
            elif name[0] == "giai" and name[1:2] != ["thuong"]:
                head = 1  # "Giải Búa liềm vàng"
            else:
                head = 2
            # "Giải thưởng Hồ Chí Minh yêu cầu công trình …": a capitalised name the library writes whole ends
            # where the capitals end; the words after it go on with the sentence.
            caps = next((m for m in range(head, len(kept)) if not _titled(kept[m])), len(kept))
            # Not when the capitals are only the start of a name ("Danh hiệu Gia đình thể thao tiêu biểu": the
            # library writes "danh hiệu Gia đình văn hóa", never this whole title).
            if reach is not None and headed and head + 2 <= caps < len(kept) \
                    and reach.writes(" ".join(name[:caps])) \
                    and (reach.confers(" ".join(name[:caps])) or reach.titles(" ".join(name[:caps]))):
                kept, name = kept[:caps], name[:caps]
            elif reach is not None and headed and len(kept) == k - i and not reach.titles(" ".join(name)):
                # "Huy chương Quân kỳ quyết thắng đòi hỏi bao nhiêu năm …", unquoted: the name an article of the
                # library is titled with (two words or more after the head), then lower-case words that go on
                # with the sentence.
                cut = next((m for m in range(len(kept) - 1, head + 1, -1)
                            if not _titled(kept[m]) and reach.titles(" ".join(name[:m]))), None)
                if cut is not None:
                    kept, name = kept[:cut], name[:cut]
            words = name[head:]
            # "Giải thưởng Kovalevskaia": a capitalised word of the name the library never writes is a name the
            # library lacks (a foreign award the question says is from abroad is the library's to receive).
            unheard = headed and any(_titled(w) and n not in known for w, n in zip(kept[head:], words, strict=False)) \
                and ABROAD not in asked_for(sentence) and not asked_awards(" ".join(name)) \
                and not named_fields(" ".join(name))
            never_together = any(a in known and b in known and df.get(f"{a}_{b}", 0) == 0
                                 for a, b in zip(words, words[1:], strict=False))
            # (A name in a neighbouring field, "danh hiệu Sinh viên 5 tốt", is said to be that field's.)
            never_written = (reach is not None and headed and len(words) >= _WHOLE_NAME
                             and not asked_awards(" ".join(name)) and not named_fields(" ".join(name))
                             and not reach.writes(" ".join(words)))
            if unheard or never_together or never_written or any(name[m:m + len(w)] == w for w in wanted
                                                      for m in range(len(name) - len(w) + 1)):
                out.append(re.sub(r" ([,.;:!?)])", r"\1", " ".join(kept)))  # "tâm huyết, sáng tạo"
    return tuple(dict.fromkeys(out))


# What a document changed or brought: "sửa những điều nào", "có điểm gì mới", "thay đổi những gì".
_ASKS_CHANGES = re.compile(r"\b(?:sua(?: doi)?|thay doi|bo sung|bai bo) (?:nhung|cac) (?:dieu|noi dung|diem|quy dinh)\b"
                           r"|\b(?:sua(?: doi)?|thay doi|bo sung) (?:nhung )?gi\b|\b(?:dieu|noi dung|diem) nao (?:duoc|bi) "
                           r"(?:sua|thay doi|bo sung)\b|\bdiem (?:gi )?moi\b|\bco gi moi\b"
                           # "Quyết định này quy định những nội dung gì, có thay đổi tiêu chuẩn … không?"
                           r"|\bquy dinh (?:nhung )?(?:noi dung |van de |diem )?gi\b|\bco (?:thay doi|sua doi|dieu chinh)\b")


def _held(hint: DocHint, indexed: Sequence[tuple[str, str]]) -> bool:
    """Does the index hold a document the hint names (one a deployer added, unknown to the catalog)?"""
    for number, doc_type in indexed:
        if hint.number and hint.number.lower() == number.lower():
            return True
        serial, _, rest = number.partition("/")
        if hint.doc_type and not doc_type.startswith(hint.doc_type):
            continue
        if hint.serial is not None and serial == str(hint.serial) and (
                hint.year is None or rest.split("/")[0] == str(hint.year)):
            return True
    return False


def _missing(hint: DocHint, catalog: Catalog, indexed: Sequence[tuple[str, str]]) -> MissingDocument | None:
    """The document a hint names, when the library lacks its text (None: held, or named by no number)."""
    if hint.serial is None and hint.number is None or _held(hint, indexed):
        return None
    found = catalog.resolve(hint)
    if found and any(f.text_available for f in found):
        return None
    if found:
        replaced = any(f.superseded_by or f.status == "superseded" for f in found)
        return MissingDocument(found[0].short_title or found[0].number, True, replaced)
    kind = hint.doc_type or "Văn bản"
    number = re.sub(r"\b([QN])D\b", r"\1Đ", hint.number.upper()) if hint.number else \
        f"{hint.serial}/{hint.year}" if hint.year else str(hint.serial)  # "QD-UBND" typed bare is "QĐ-UBND"
    return MissingDocument(f"{kind} {number}", False)


def _documents(text: str, catalog: Catalog,
               indexed: Sequence[tuple[str, str]] = ()) -> tuple[list[MissingDocument], bool]:
    """The documents the text names that the library lacks, and whether it names one the library holds."""
    out = []
    holds = False
    for hint in find_doc_hints(text):
        if hint.serial is None and hint.number is None:
            continue
        missing = _missing(hint, catalog, indexed)
        if missing is None:
            holds = True
        else:
            out.append(missing)
    for hint in find_other_documents(text):
        if hint.title is not None:
            name = fold(expand_abbreviations(hint.title)).lower()
            if any(f.doc_type.startswith(hint.doc_type or "") and name in fold(f.title).lower() for f in catalog):
                holds = True
            else:
                out.append(MissingDocument(f"{hint.doc_type} {hint.title} {hint.year}", False))
        elif hint.number is not None and not _held(hint, indexed) and catalog.get(hint.number) is None:
            out.append(MissingDocument(f"{hint.doc_type} {hint.number}", False))
    return list({d.name: d for d in out}.values()), holds


def _missing_forms(asked: str, held_forms: Callable[[str], Sequence[str]], catalog: Catalog,
                   indexed: Sequence[tuple[str, str]]) -> list[MissingDocument]:
    """The appendix forms the asking sentences name ("Mẫu số 13 kèm NĐ 152") that no indexed document holds, or
    not the document named: a text loaded without its appendix answers nothing of its forms."""
    hints = [h for h in find_doc_hints(asked) if h.serial is not None or h.number is not None]
    out = []
    for ref in find_references(asked):
        if not ref.form:
            continue
        hint = ref.doc or (hints[0] if len(hints) == 1 else None)
        holders = set(held_forms(ref.form))
        if holders and (hint is None or _held(hint, [(d, t) for d, t in indexed if d in holders])):
            continue
        named = catalog.resolve(hint) if hint is not None else []
        where = f" kèm theo {named[0].short_title or named[0].number}" if named else ""
        out.append(MissingDocument(f"Mẫu số {ref.form}{where}", True))
    return list({d.name: d for d in out}.values())


def _spelled(word: str) -> str:
    """A word as a reason names it: "Học sinh" opening a sentence is "học sinh"; a name capitalises every
    syllable ("Công Thương", "Quảng Nam") and stays as written."""
    first, _, rest = word.partition(" ")
    if rest and rest == rest.lower() and first[1:] == first[1:].lower():
        return f"{first[:1].lower()}{first[1:]} {rest}"
    return word


def _distinct(words: Sequence[str]) -> tuple[str, ...]:
    """Each word once, as a reason names it: "Học sinh" and "học sinh" are one topic."""
    out: dict[str, str] = {}
    for w in words:
        out.setdefault(fold(w).lower(), _spelled(w))
    return tuple(out.values())


def _known_syllables(df: dict[str, int]) -> set[str]:
    out: set[str] = set()
    for g in df:
        a, _, b = g.partition("_")
        out.add(a)
        out.add(b)
    return out


# The syllables of an index's bigram table, worked out once per table. Keyed by id() with the table kept beside
# them: a table freed (a test's, a rebuilt index's) may leave its id to a new one, which must not get its syllables.
_KNOWN_CACHE: dict[int, tuple[dict[str, int], set[str]]] = {}


def _known_of(bigram_df: dict[str, int]) -> set[str]:
    kept = _KNOWN_CACHE.get(id(bigram_df))
    if kept is None or kept[0] is not bigram_df:
        kept = _KNOWN_CACHE[id(bigram_df)] = (bigram_df, _known_syllables(bigram_df))
    return kept[1]


def _asks_on_its_own(sentence: str) -> bool:
    """An asking sentence long enough not to lean on the one before, about a concept of the domain: beside an
    ask the library leaves to others, it is answered (the message is partly covered)."""
    return _is_asking(fold(sentence).lower()) and len(sentence.split()) >= _LEANING_WORDS \
        and mentions_domain(sentence)


def _outside_bodies(text: str, reach: Reach) -> tuple[str, ...]:
    """Bodies whose own awards or rules the text asks about and the library does not hold."""
    return tuple(dict.fromkeys([b for b in owned_bodies(text) if not reach.holds_rules_of(b)]
                               + [b for b in ruling_bodies(text) if not reach.holds_text_of(b)]))


def judge(question: str, passages: Sequence[str], bigram_df: dict[str, int], n_chunks: int, catalog: Catalog,
          thresholds: GateThresholds | None = None, *, referenced: bool = False,
          indexed: Sequence[tuple[str, str]] = (), reach: Reach | None = None,
          field_passages: Sequence[str] = (), held_forms: Callable[[str], Sequence[str]] | None = None) -> Gate:
    """Is the question covered by ``passages`` (the best retrieved, keyword-ranked)? ``indexed``: the
    (number, type) of every indexed document, which the question may name though the catalog does not.
    ``reach``: whose own rules the library holds and which neighbouring fields of law (tax, salary …)
    it speaks of (``assistant.reach``); None skips both checks. ``field_passages``: more of the passages
    found for the question (the ranked list), where a neighbouring field it names may be spoken of.
    ``held_forms``: the numbers of the indexed documents holding an appendix form ("13" → ["86/2025/QĐ-UBND"]).
    A question about another body's own award or rules is not covered; one asking only about an
    unaddressed field is not covered, one asking about another thing as well is partly covered."""
    t = thresholds or GateThresholds()
    n = max(n_chunks, 1)
    # Examples in brackets ("(vd danh hiệu 'Nhân viên xuất sắc của tháng', cúp 'Ngọn lửa Bình Minh')") show
    # what is meant; they are not what is asked about.
    asks = [_without_examples(s) for s in asking_sentences(question)]
    seen = _passage_bigrams(passages)
    cov = _coverage(asks, seen, bigram_df, n)
    known = _known_of(bigram_df)
    parts = sentences(question)
    asked = " ".join(asks)
    # Documents the asking sentences name, or point back to.
    docs, names_held = _documents(" ".join(_with_named_document(s, parts) for s in asks), catalog, indexed)
    # A body's name ("Bộ Công Thương") is judged as a body below (its own awards, its own rules), not as a topic.
    # A place the story names ("tỉnh Quảng Ninh") is where the rules are asked for, not a topic, wherever else
    # it stands ("… cho Quảng Ninh?"): the law holds everywhere; asked *according to* that place's own rules,
    # the question is judged framed below.
    story_places = _story_places(question)
    names = tuple(n for n in _unknown_names(asks, bigram_df)
                  if not in_a_body_name(n, asked) and fold(n).lower() not in story_places)
    per_sentence = [(s, _unaddressed(s, bigram_df, n, known, seen)) for s in asks]
    topics = [(p, w) for _, found in per_sentence for p, w in found]
    gap = max((w for _, w in topics), default=0.0)
    # A body's name ("Hội Liên hiệp Phụ nữ") is judged as a body below, not as a topic.
    # A word the law writes otherwise ("học sinh": "người học") is addressed where a passage holds that wording.
    heavy = [p for p, w in topics if w >= t.gap and not in_a_body_name(p, asked)
             and not (_text_bigrams(law_wording(p)) & seen) and fold(p).lower() not in story_places]
    # Naming a document of the library ("Nghị định 152/2025 có hiệu lực đến khi nào?") is on topic too.
    # The sentence that asks decides: "… tập huấn thi đua, khen thưởng vào thứ Bảy. Người đi tập huấn có
    # được nghỉ bù không?" asks about working time, and only the story is on topic. One asked in words the
    # library writes ("Xin hỏi hồ sơ gồm mấy bộ?") leans on the story, which names what it is about.
    on_topic = mentions_domain(asked) or bool(docs) or names_held or (
        reach is not None and reach.quotes(" ".join(re.findall(r"\w+", fold(expand_abbreviations(asked)).lower()))))
    in_story = not on_topic and mentions_domain(question)
    leaning = in_story and (len(_unseen_pairs(asks, bigram_df, known)) < _OWN_SUBJECT
                            or bool(_ON_THE_CASE.search(" ".join(fold(a).lower() for a in asks))))
    if leaning:
        on_topic, in_story = True, False
        # Its subject is in the story: it is judged with the sentence it leans on ("Xã định tổ chức lễ riêng đón
        # nhận Cờ … Làm vậy có đúng quy định không?" is about the ceremony; "… phải có giấy chứng nhận an toàn
        # thực phẩm. Giấy này xin ở cơ quan nào?" about the certificate).
        cov = _coverage([_with_previous(s, parts) for s in asks], seen, bigram_df, n)
    # "Mẫu số 13 kèm NĐ 152 gồm những mục gì?": a form whose appendix the library lacks is named as missing,
    # never answered from the article about the report it is for.
    forms = _missing_forms(asked, held_forms, catalog, indexed) if held_forms is not None else []
    if forms:
        return Gate("not_covered", cov, (), (*forms, *(d for d in docs if d.name not in {f.name for f in forms})),
                    gap, on_topic=on_topic, in_story=in_story, leaning=leaning)
    if referenced and not heavy and not docs and not names:
        return Gate("answered", cov, (), (), gap, on_topic=on_topic, in_story=in_story, leaning=leaning)
    # A replaced text whose own words the library lacks answers nothing of what it said (today's rule is shown
    # as related); only whether it still applies is the library's to tell ("… còn áp dụng không?").
    unknown_docs = [d for d in docs if not d.known or (d.replaced and not _ASKS_VALIDITY.search(fold(asked).lower()))]
    heavy_t = _distinct(heavy)
    # "Trung ương Hội … có kỷ niệm chương … Xin hỏi kỷ niệm chương này …": the award asked about is the one
    # named in the sentence the asking one points back to, and so is its body.
    referred = " ".join(_with_referent(s, parts) for s in asks)
    outside = () if reach is None or asks_who(asked) else _outside_bodies(referred, reach)
    if outside and reach is not None:
        # "1) … có đủ tiêu chuẩn Huân chương Dũng cảm không? 2) tiêu chuẩn Huy hiệu … của Trung ương Đoàn …?": an
        # ask of its own about the library's domain, naming no such body, is still answered.
        own = [s for s in asks if _asks_on_its_own(s) and not _outside_bodies(s, reach)]
        return Gate("partly" if own and len(own) < len(asks) else "not_covered", cov, (), tuple(docs), gap,
                    on_topic=on_topic, outside_bodies=outside, in_story=in_story, leaning=leaning)
    # "Hồ sơ xét tặng Gia đình văn hóa gồm những gì?": the award's criteria must not stand in for a
    # dossier the library leaves to a province ("… do ai quy định?" is answered by the handing-off itself).
    # "… 2 cô muốn đề nghị danh hiệu NGƯT. Cho em hỏi Hội đồng xét tặng cấp cơ sở gồm những ai …?": an asking
    # sentence naming no award asks the procedure of the one the story names.
    handed = () if reach is None or asks_who(asked) or not asks_procedure(asked) \
        else asked_delegations(asked, reach.handed_off()) or (
            () if asked_awards(fold(expand_abbreviations(asked)).lower())
            else asked_delegations(f"{question} {asked}", reach.handed_off()))
    # A leaning sentence is context ("… tôi được đề nghị CSTĐ cơ sở. Như vậy có được nâng lương không?").
    asking = [s for s in asks if _is_asking(fold(s).lower())] or asks
    # A field is covered when the library speaks of it and so does a passage found for this question:
    # a mention elsewhere ("xác nhận việc chấp hành pháp luật về thuế, bảo hiểm xã hội") answers nothing.
    patterns = dict(field_patterns())
    # "Tỉnh có được tự quy định kích thước khung không, hay việc này do cấp nào quy định?": who sets a field's rules
    # is answered by the passage that hands them over.
    per_part = [frozenset(f for f in named_fields(_with_referent(s, parts)) if (
                    not reach.speaks_of(f) or not any(speaks_of(p, patterns[f]) for p in (*passages, *field_passages)))
                    and not (asks_who(s) and reach.hands_over(f)))
                if reach else frozenset()
                for s in asking]
    # "… nghệ nhân có thu nhập thấp được trợ cấp … mức trợ cấp bao nhiêu, điều kiện thế nào và làm hồ sơ ở đâu?":
    # when every ask is about a field the library does not speak of, the award's dossier handed elsewhere is
    # not what makes the question partly covered; the field decides (below).
    if handed and not (per_part and all(per_part)):  # asked beside the criteria ("Tiêu chuẩn, hồ sơ …?"): answered
        # So is an ask of its own about the domain that names none of the awards handed elsewhere and asks no
        # procedure ("Quỹ thi đua, khen thưởng của Bộ được hình thành từ nguồn nào …? Kinh phí cho hội đồng
        # xét tặng NSND …?").
        own = [s for s in asks if _asks_on_its_own(s) and not asks_procedure(s)
               and not any(re.search(h.pattern, fold(expand_abbreviations(s)).lower()) for h in handed)]
        status: Status = "partly" if asks_beside_procedure(asked) or (own and len(own) < len(asks)) \
            else "not_covered"
        return Gate(status, cov, (), tuple(docs), gap, on_topic=on_topic, handed_off=handed,
                    in_story=in_story, leaning=leaning)
    # An award the library never names is not the library's; "… tiêu chí xét chọn danh hiệu này là gì?" asks
    # about the one named in the sentence before.
    awards = _unknown_awards([_with_referent(s, parts) for s in asks], heavy_t, bigram_df, known, reach)
    if awards:
        return Gate("not_covered", cov, awards, tuple(docs), gap, on_topic=on_topic, in_story=in_story, leaning=leaning)
    if names:
        return Gate("not_covered", cov, names, tuple(docs), gap, on_topic=on_topic, in_story=in_story, leaning=leaning)
    floor = t.coverage_leaning if leaning else t.coverage if on_topic else t.coverage_story if in_story \
        else t.coverage_offtopic
    if any(per_part):
        fields = tuple(dict.fromkeys(f for found in per_part for f in sorted(found)))
        # The other asks are answered only when covered on their own, as on topic when they name the domain,
        # lean on the sentence before (a short one does), or — before any ask about the field, in a story about
        # the domain — ask in the library's own words ("… đề nghị Chủ tịch UBND tỉnh tặng Bằng khen … 1) Hồ sơ phải
        # gửi lên Sở Nội vụ trước bao nhiêu ngày? 2) … làm thêm giờ …?"). One after it, naming nothing of the
        # domain, asks more of the same field: "… chuẩn nghề nghiệp cần bao nhiêu tiêu chí? Kết quả cuối cùng do
        # hiệu trưởng hay tổ chuyên môn quyết định?"
        first_field = next(i for i, found in enumerate(per_part) if found)

        def on_topic_ask(i: int, s: str) -> bool:
            return mentions_domain(s) or len(s.split()) < _LEANING_WORDS or (
                i < first_field and mentions_domain(question) and len(_unseen_pairs([s], bigram_df, known)) < _OWN_SUBJECT)

        covered_rest = bool(passages) and any(
            _coverage([s], seen, bigram_df, n) >= (t.coverage if on_topic_ask(i, s) else t.coverage_offtopic)
            for i, (s, found) in enumerate(zip(asking, per_part, strict=True)) if not found)
        return Gate("partly" if covered_rest else "not_covered", cov, fields, tuple(docs), gap, on_topic=on_topic,
                    in_story=in_story, leaning=leaning)
    low = cov < floor or (heavy and cov < t.unaddressed_coverage)
    if not passages or low or unknown_docs:
        unsupported = tuple(w for w in _unsupported(asks, seen, bigram_df, n) if fold(w).lower() not in story_places)
        return Gate("not_covered", cov, heavy_t, tuple(docs), gap, unsupported, on_topic, in_story=in_story,
                    leaning=leaning)
    # "Luật 06/2026/QH16 đã sửa những điều nào?", "Quyết định này quy định những gì?": what a document the library
    # lacks says or changed is that document's to say; no text on hand answers it, not even in part.
    if docs and _ASKS_CHANGES.search(fold(asked).lower()) and all(
            _documents(_with_named_document(s, parts), catalog, indexed)[0] for s in asking):
        return Gate("not_covered", cov, (), tuple(docs), gap, on_topic=on_topic, in_story=in_story, leaning=leaning)
    # "Theo Nghị định 98/2023 thì Bộ Nội vụ thẩm định trong bao nhiêu ngày …?": every ask is about a text the
    # library lacks; the rule on hand is shown as related, never as that text's answer.
    issued_in = reach.issued_in if reach is not None else None
    places = [(s, [f"quy định của {p}" for p in _unheld_places(s, bigram_df, issued_in)]) for s in asks]
    if _all_framed(asks, parts, catalog, indexed, bigram_df, issued_in):
        return Gate("not_covered", cov, heavy_t or _distinct([p for _, found in places for p in found]), tuple(docs),
                    gap, on_topic=on_topic, in_story=in_story, leaning=leaning)
    # "Theo Quy định … của tỉnh Nghệ An thì …? Giấy khen được thưởng bao nhiêu?": one ask by a province's rules
    # the library lacks, the other answered.
    unheld = _distinct([p for s, found in places if found and _framed(s, parts, catalog, indexed, bigram_df, issued_in)
                        for p in found])
    if heavy or docs or unheld:
        return Gate("partly", cov, heavy_t or unheld, tuple(docs), gap, on_topic=on_topic, in_story=in_story,
                    leaning=leaning)
    return Gate("answered", cov, (), (), gap, on_topic=on_topic, in_story=in_story, leaning=leaning)
