"""Training pairs for the domain embedding model, mined from the indexed chunks themselves.

Every pair is (a text a user might type or a related passage, the passage as indexed). The
sources are the documents' own structure: article titles, clause sentences, chapter headings,
a decree's article and the law article it details, an old rule and the new one on the same
subject, amending clauses and what they amend, and template questions per award and intent.
The evaluation questions are never used.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.refs import doc_key, find_doc_numbers, find_references
from corpus.text import abbreviations, fold, syllables
from indexer.build import indexed_text
from indexer.records import Chunk

__all__ = ["TrainingPair", "mine_pairs"]


@dataclass(frozen=True, slots=True)
class TrainingPair:
    """A query-like text and the passage it should retrieve."""

    anchor: str
    positive: str
    kind: str  # title | heading | sentence | focus | detail | successor | amends | template
    group: str  # one pair per group in a batch keeps in-batch negatives honest: the positive chunk, or its
    # article for template questions (every clause of an article answers "tiêu chuẩn X là gì" alike)


# What an article is about, from words in its title or a clause's first line (folded).
_INTENTS: tuple[tuple[str, str], ...] = (
    ("money", r"tien thuong|muc tien|muc thuong"),
    ("dossier", r"\bho so\b"),
    ("authority", r"tham quyen|quyet dinh tang|ky quyet dinh|phan cap"),
    ("procedure", r"thu tuc|trinh tu|thoi gian|thoi han|thoi diem|quy trinh|lay y kien|cong khai|trao tang"),
    ("definition", r"giai thich tu ngu"),
    ("prohibited", r"nghiem cam"),
    ("revocation", r"huy bo|\btuoc\b|thu hoi|xu ly vi pham"),
    ("principle", r"nguyen tac"),
    ("criteria", (r"danh hieu|huan chuong|huy chuong|bang khen|giay khen|ky niem chuong|giai thuong|co thi dua|"
                  r"tieu chuan|dieu kien|doi tuong")),
)

# Questions as officers ask them; {s} is the subject (an award, or the article's title).
_TEMPLATES: dict[str, tuple[str, ...]] = {
    "criteria": ("tiêu chuẩn {s} là gì", "điều kiện để được tặng {s}", "muốn được {s} thì cần đạt những gì",
                 "ai được xét tặng {s}", "{s} xét tặng cho những đối tượng nào", "trường hợp nào được tặng {s}",
                 "cần mấy năm liên tục để được {s}"),
    "dossier": ("hồ sơ đề nghị {s} gồm những gì", "cần chuẩn bị giấy tờ gì để đề nghị {s}",
                "hồ sơ {s} có mấy bộ", "thành phần hồ sơ xét tặng {s}"),
    "authority": ("ai quyết định tặng {s}", "cấp nào có thẩm quyền quyết định {s}", "ai ký quyết định {s}",
                  "{s} do ai trao tặng", "thẩm quyền {s} thuộc về ai"),
    "money": ("mức tiền thưởng {s}", "{s} được thưởng bao nhiêu tiền", "tiền thưởng kèm theo {s} là bao nhiêu",
              "{s} được mấy lần mức lương cơ sở"),
    "procedure": ("thủ tục {s} như thế nào", "trình tự thực hiện {s}", "thời hạn {s} là bao lâu",
                  "quy trình {s} gồm những bước nào"),
    "definition": ("{s} là gì", "thế nào là {s}", "khái niệm {s}", "hiểu {s} như thế nào"),
    "prohibited": ("những hành vi nào bị cấm trong {s}", "cấm làm gì trong {s}"),
    "revocation": ("khi nào bị {s}", "{s} trong trường hợp nào", "xử lý thế nào khi {s}"),
    "principle": ("nguyên tắc {s} là gì", "{s} phải tuân theo nguyên tắc nào"),
    "general": ("quy định về {s}", "{s} được quy định thế nào", "{s}"),
}

# Everyday words for the law's wording, applied at random to template questions.
_EVERYDAY: tuple[tuple[str, str], ...] = (
    ("được tặng", "được khen"), ("xét tặng", "xét khen"), ("thẩm quyền", "quyền"), ("tiền thưởng", "tiền"),
    ("hồ sơ", "giấy tờ"), ("thủ trưởng", "sếp"), ("người đứng đầu", "lãnh đạo"), ("quyết định", "ký"),
    ("cá nhân", "người"), ("tập thể", "đơn vị"), ("mức lương cơ sở", "lương cơ sở"), ("hằng năm", "mỗi năm"),
    ("đề nghị", "xin"), ("trao tặng", "trao"),
)

_QUOTED = re.compile(r"[“\"]([^”\"\n]{3,80})[”\"](\s+hạng\s+(?:Nhất|Nhì|Ba))?")
_DEFINED = re.compile(r"^\d+\.\s*([^.:;]{2,60}?)\s+là\s", re.IGNORECASE)
_LABEL = re.compile(r"^(?:\d+\.|[a-zđ]\))\s*")
_HEADING_LABEL = re.compile(r"^(?:Chương|Mục|Phần|Tiểu mục)\s+[\wĐđ]+\.\s*")
_SPLIT = re.compile(r"(?<=[.;:])\s+")


def _chunk(chunk: Chunk) -> str:
    return chunk.id


def _article(chunk: Chunk) -> str:
    # An amending law is one article of many clauses, each rewriting a different article.
    clause = f"/{chunk.clause}" if chunk.amends else ""
    return f"{doc_key(chunk.doc_number)}#{chunk.article or chunk.form or chunk.clause}{clause}"


def _words(text: str) -> set[str]:
    return {fold(w) for w in syllables(text) if len(w) > 1}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _subjects(chunk: Chunk) -> list[str]:
    """Awards an article is about ("Huân chương Lao động hạng Ba"), else its title."""
    names = [m.group(1).strip() + (m.group(2) or "") for m in _QUOTED.finditer(chunk.article_title)]
    # A clause that opens with an award ("1. Danh hiệu “Nhà giáo nhân dân” được xét tặng…") is about it.
    names += [m.group(1).strip() + (m.group(2) or "") for m in _QUOTED.finditer(chunk.text[:200]) if m.start() < 30]
    if names:
        return list(dict.fromkeys(names))
    return [chunk.article_title] if chunk.article_title else []


def _intents(chunk: Chunk) -> set[str]:
    found = set()
    for source in (chunk.article_title, chunk.text.split("\n", 1)[0][:160]):
        folded = fold(source).lower()
        found |= {name for name, pattern in _INTENTS if re.search(pattern, folded)}
    return found


def _segments(text: str) -> list[str]:
    """Lines and sentences of a passage, labels stripped, long enough to stand for a question."""
    out = []
    for line in text.split("\n"):
        for part in _SPLIT.split(_LABEL.sub("", line.strip())):
            if 5 <= len(syllables(part)) <= 60:
                out.append(part)
    return out


def _variant(text: str, rng: random.Random) -> str:
    """Everyday words and officers' abbreviations, as questions are really typed."""
    out = text
    for law, everyday in _EVERYDAY:
        if law in out and rng.random() < 0.3:
            out = out.replace(law, everyday)
    lowered = out.lower()
    for short, long in abbreviations():
        if len(long.split()) > 1 and long in lowered and rng.random() < 0.4:
            out = re.sub(re.escape(long), short if rng.random() < 0.5 else short.lower(), out, flags=re.IGNORECASE)
            lowered = out.lower()
    return fold(out) if rng.random() < 0.2 else out


def _window(text: str, rng: random.Random, size: tuple[int, int] = (3, 8)) -> str:
    words = text.split()
    n = min(len(words), rng.randint(*size))
    start = rng.randint(0, max(0, len(words) - n))
    return " ".join(words[start:start + n])


def _structure_pairs(legal: Sequence[Chunk], rng: random.Random) -> Iterable[TrainingPair]:
    for c in legal:
        passage = indexed_text(c)
        group = _chunk(c)
        if c.article_title:
            yield TrainingPair(c.article_title, c.text, "title", group)
        for heading in (c.chapter, c.section):
            if heading:
                yield TrainingPair(_HEADING_LABEL.sub("", heading), passage, "heading", group)
        segments = _segments(c.text)
        for seg in rng.sample(segments, min(3, len(segments))):
            # Inverse cloze: half the time the sentence is taken out, so the rest must explain it.
            rest = passage.replace(seg, " ") if rng.random() < 0.5 and len(segments) > 1 else passage
            yield TrainingPair(seg, rest, "sentence", group)
        for subject in _subjects(c)[:2]:
            if segments:
                yield TrainingPair(f"{subject} {_window(rng.choice(segments), rng)}", passage, "focus", group)


def _template_pairs(legal: Sequence[Chunk], rng: random.Random, per_chunk: int) -> Iterable[TrainingPair]:
    for c in legal:
        passage = indexed_text(c)
        questions: list[tuple[str, str]] = []  # (question, group)
        intents = _intents(c)
        if "definition" in intents:
            m = _DEFINED.match(c.text)
            if m:  # the term a clause defines: a question for this clause only
                questions += [(t.format(s=m.group(1)), _chunk(c)) for t in _TEMPLATES["definition"]]
            intents.discard("definition")
        for subject in _subjects(c)[:3]:
            for intent in sorted(intents) or ["general"]:
                questions += [(t.format(s=subject), _article(c)) for t in _TEMPLATES[intent]]
        if c.article_title:
            title = c.article_title[:1].lower() + c.article_title[1:]
            questions += [(t.format(s=title), _article(c)) for t in _TEMPLATES["general"]]
        for q, group in rng.sample(questions, min(per_chunk, len(questions))):
            yield TrainingPair(_variant(q, rng), passage, "template", group)


def _law_for(doc_type: str, issued: str | None, laws: dict[str, list[tuple[str, str]]]) -> str | None:
    """The document of a type in force when a decree was issued: the latest issued before it."""
    candidates = [(date, number) for number, date in laws.get(doc_type, [])
                  if not issued or not date or date <= issued]
    return max(candidates)[1] if candidates else None


def _cross_pairs(legal: Sequence[Chunk]) -> Iterable[TrainingPair]:
    by_article: dict[tuple[str, str], list[Chunk]] = defaultdict(list)
    docs: dict[str, Chunk] = {}
    amending = {c.doc_number for c in legal if c.amends}
    for c in legal:
        by_article[(doc_key(c.doc_number), c.article)].append(c)
        docs.setdefault(c.doc_number, c)
    bases: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for number, c in docs.items():
        if number not in amending:
            bases[c.doc_type].append((number, c.issued or ""))

    def targets(number: str, article: int, clause: int | None) -> list[Chunk]:
        found = by_article.get((doc_key(number), str(article)), [])
        if clause is not None:
            found = [t for t in found if t.clause == str(clause)] or found
        return found[:3]

    for c in legal:
        # A decree or circular names the law (or decree) article it details.
        for ref in find_references(c.text):
            if ref.article is None or ref.doc is None or ref.doc.doc_type is None or ref.doc.doc_type == c.doc_type:
                continue
            detailed = ref.doc.number or _law_for(ref.doc.doc_type, c.issued, bases)
            for t in targets(detailed, ref.article, ref.clause) if detailed else []:
                yield TrainingPair(indexed_text(c), indexed_text(t), "detail", _chunk(t))
                yield TrainingPair(indexed_text(t), indexed_text(c), "detail", _chunk(c))
        # An amending clause and the article it rewrites.
        if c.amends:
            numbers = find_doc_numbers(c.amends)
            refs = [r for r in find_references(c.amends) if r.article is not None]
            if numbers and refs and refs[0].article is not None:
                for t in targets(numbers[0], refs[0].article, None):
                    yield TrainingPair(c.text, indexed_text(t), "amends", _chunk(t))
                    yield TrainingPair(t.text, indexed_text(c), "amends", _chunk(c))

    # The same subject in an old and a new document of the same type (Luật 2003 ↔ Luật 2022).
    articles: dict[str, dict[str, list[Chunk]]] = defaultdict(lambda: defaultdict(list))
    for c in legal:
        if c.doc_number not in amending and c.article_title:
            articles[c.doc_number][c.article].append(c)
    numbers = sorted(articles, key=lambda n: docs[n].issued or "")
    for i, old in enumerate(numbers):
        for new in numbers[i + 1:]:
            if docs[old].doc_type != docs[new].doc_type:
                continue
            new_titles = {a: _words(cs[0].article_title) for a, cs in articles[new].items()}
            for chunks in articles[old].values():
                title = _words(chunks[0].article_title)
                best, score = max(((a, _jaccard(title, w)) for a, w in new_titles.items()), key=lambda x: x[1])
                if score < 0.6:
                    continue
                for oc in chunks:
                    words = _words(oc.text)
                    nc = max(articles[new][best], key=lambda n: _jaccard(words, _words(n.text)))
                    yield TrainingPair(indexed_text(oc), indexed_text(nc), "successor", _chunk(nc))
                    yield TrainingPair(indexed_text(nc), indexed_text(oc), "successor", _chunk(oc))


def mine_pairs(chunks: Sequence[Chunk], *, seed: int = 0, templates_per_chunk: int = 6) -> list[TrainingPair]:
    """All training pairs the documents provide, in a seeded random order."""
    rng = random.Random(seed)
    legal = [c for c in chunks if c.doc_kind == "legal" and (c.article or c.form)]
    pairs = [*_structure_pairs(legal, rng), *_template_pairs(legal, rng, templates_per_chunk), *_cross_pairs(legal)]
    # Materials (training news) have no structure to mine; a sentence still points at its paragraph.
    for c in chunks:
        if c.doc_kind == "material":
            for seg in rng.sample(_segments(c.text), min(3, len(_segments(c.text)))):
                pairs.append(TrainingPair(seg, indexed_text(c), "sentence", _chunk(c)))
    rng.shuffle(pairs)
    return pairs
