"""The extractive answer: a lead sentence naming the provision, then the exact clauses quoted."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from assistant.extract import CLAUSE_LINE, POINT_LINE, Extraction, Unit, any_of, lists_papers, numbered_blocks
from assistant.forces import force_scoped, named_forces, speaks_of_forces
from assistant.gate import Gate
from assistant.query import QueryPlan
from assistant.rank import Ranked
from assistant.records import Citation, Decision, Quote
from assistant.validity import extra_notes, fmt_date, status_on, validity_note
from corpus import Catalog
from corpus.text import fold
from indexer import Chunk

__all__ = ["SHOWN_ABOVE", "Composed", "citation_at", "citation_for", "compose", "not_covered", "select_text"]

_MAX_QUOTE = 900
_LEAD_SENTENCE = 200  # characters of a provision's sentence repeated in the lead
_LEAD_MAX = 300  # a lead is read on a phone's first screen (issue 13: the key fact within 300 characters)
_PAPER = 60  # characters of one paper named in a dossier lead (hand-set: six papers within the lead)
_CLEAR_WIN = 2.0  # a block is "the one asked about" when it scores twice the runner-up
_KIND_LEAD = {
    "money": "Mức tiền thưởng",
    "deadline": "Thời hạn",
    "authority": "Thẩm quyền",
    "dossier": "Hồ sơ",
}
# Where rules the library does not hold usually live: said when declining.
_ELSEWHERE_HINT = ("Nội dung này (nếu có) được quy định trong văn bản khác: văn bản chuyên ngành, quy chế "
                   "thi đua, khen thưởng của bộ, ngành, địa phương, hoặc quy định của Đảng, đoàn thể.")


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text).lower()) if len(w) > 1}


def _best(blocks: list[tuple[str, str]], plan: QueryPlan) -> tuple[str, str] | None:
    """The block the question is clearly about, if one stands out."""
    query = set(plan.content_words) | _words(plan.search_text)
    scored = sorted(((len(_words(body) & query) / (1 + len(_words(body))) ** 0.5, label, body)
                     for label, body in blocks), reverse=True)
    if len(scored) >= 2 and scored[0][0] > 0 and scored[0][0] >= _CLEAR_WIN * scored[1][0]:
        return scored[0][1], scored[0][2]
    return None


def select_text(chunk: Chunk, plan: QueryPlan) -> tuple[str, str | None, str | None]:
    """The part of a chunk the question needs: (text, clause, point) — a whole article's one clause,
    a clause's lead-in and its one matching point, or everything when nothing stands out."""
    lines = chunk.text.split("\n")
    clause = chunk.clause if chunk.clause not in (None, "0") else None
    if clause is None and chunk.article:
        clauses = numbered_blocks(lines, CLAUSE_LINE)
        first = next((i for i, line in enumerate(lines) if CLAUSE_LINE.match(line)), 0)
        # "… các tiêu chuẩn sau đây:" — the clauses are one list, and the question wants all of it.
        enumerated = (first > 0 and lines[first - 1].rstrip().endswith(":")) or (not first and chunk.lead.endswith(":"))
        if len(clauses) >= 2 and not enumerated:
            picked = _best(clauses, plan)
            if picked is not None:
                clause, body = picked
                lines = body.split("\n")
    text = "\n".join(lines)
    points = numbered_blocks(lines, POINT_LINE)
    lists_wanted = bool(plan.intents & {"criteria", "dossier"})  # every criterion, every paper
    if len(text) > _MAX_QUOTE and len(points) >= 2 and not lists_wanted:
        picked = _best(points, plan)
        if picked is not None:
            intro = "\n".join(lines[: next(i for i, line in enumerate(lines) if POINT_LINE.match(line))])
            return _clip(f"{intro}\n{picked[1]}".strip()), clause, picked[0]
    return _clip(text), clause, None


def _clip(text: str) -> str:
    if len(text) <= _MAX_QUOTE * 2:
        return text
    cut = text[: _MAX_QUOTE * 2]
    return cut[: cut.rfind(" ")] + " …"


def citation_for(r: Ranked, plan: QueryPlan, catalog: Catalog, *, quote: bool = True,
                 today: date | None = None) -> Citation:
    c = r.chunk
    note = validity_note(c, r.status, plan.as_of, catalog)
    if not note and today is not None and plan.as_of < today:
        # In force on the date asked about; say what applies today.
        now = status_on(c, today, catalog)
        if now != r.status:
            note = validity_note(c, now, today, catalog)
    text, clause, point = select_text(c, plan) if quote else (c.text, c.clause, None)
    if point is None and len(c.points) == 1 and clause == c.clause:
        point = c.points[0]
    return Citation(
        doc_number=c.doc_number, doc_title=c.doc_title, short_title=c.short_title,
        article=c.article, clause=clause if clause not in (None, "0") else None, point=point,
        text=text, status=r.status, label=_label(c, clause, point), article_title=c.article_title,
        superseded_by=c.superseded_by, validity_note=note,
        score=r.score, chunk_id=c.id, doc_kind=c.doc_kind,
    )


def _label(c: Chunk, clause: str | None, point: str | None) -> str:
    if clause == c.clause or c.clause not in (None, "0"):
        return c.label(point)
    return replace(c, clause=clause).label(point)


def _inline(label: str) -> str:
    """"Điểm e Khoản 1 Điều 54 …" as it reads inside a sentence: "điểm e khoản 1 Điều 54 …"."""
    return re.sub(r"^(Điểm|Khoản)\b", lambda m: m.group(1).lower(), re.sub(r" Khoản ", " khoản ", label, count=1))


def citation_at(r: Ranked, plan: QueryPlan, catalog: Catalog, unit: Unit | None, today: date) -> Citation:
    """A citation of exactly one unit (a point or a clause) of a ranked chunk."""
    whole = citation_for(r, plan, catalog, quote=False, today=today)
    if unit is None:
        return whole
    c = r.chunk
    clause = unit.clause if unit.clause not in (None, "0") else None
    label = _label(c, clause, unit.point)
    return replace(whole, clause=clause, point=unit.point, text=unit.text, label=label)


# A passage an earlier ask of the same message quoted, named again instead of quoted twice.
SHOWN_ABOVE = "(đoạn trích đã dẫn ở phần trên)"


@dataclass(frozen=True, slots=True)
class Composed:
    lead: str
    kind: str
    text: str
    quotes: tuple[Quote, ...]
    citations: tuple[Citation, ...]
    notes: tuple[str, ...]


def _first_sentence(text: str) -> str:
    lines = text.strip().split("\n")
    # A line that ends inside a quoted name (a PDF line break) continues on the next.
    body = lines[0] if lines[0].rstrip().endswith((";", ".", ":")) or len(lines) == 1 else " ".join(lines[:2])
    body = re.sub(r"^\s*(?:[a-zđ]\)|\d{1,2}\.)\s*", "", body)
    m = re.search(r"(?<=[.;:])\s", body)
    body = body[: m.start()] if m and m.start() > 40 else body
    if len(body) > _LEAD_SENTENCE:
        body = body[:_LEAD_SENTENCE]
        body = body[: body.rfind(" ")] + " …"
    return body.rstrip(" ;,.")


def _merge(units: Sequence[Unit]) -> list[Unit]:
    """A list (criteria, papers) quoted as one span per chunk: the clause it makes up, or the whole chunk."""
    out: list[Unit] = []
    for chunk_id in dict.fromkeys(u.chunk.id for u in units):
        out.extend(_merge_one([u for u in units if u.chunk.id == chunk_id]))
    return out


def _with_lists(units: Sequence[Unit]) -> list[Unit]:
    """A lead-in ("… đạt các tiêu chuẩn sau đây:") never stands alone: it is quoted with the list it
    opens, the whole chunk (its clause, or a short article)."""
    out: dict[tuple[str, str], Unit] = {}
    for u in units:
        if u.text.rstrip().endswith(":") and len(u.chunk.text) > len(u.text):
            u = Unit(u.chunk, u.chunk.clause, None, u.chunk.text, u.context)
        out.setdefault((u.chunk.id, u.text), u)
    return list(out.values())


def _merge_one(units: Sequence[Unit]) -> list[Unit]:
    if len(units) < 2:
        return list(units)
    chunk = units[0].chunk
    clauses = {u.clause for u in units}
    first = units[0]
    if len(clauses) == 1 and all(u.point for u in units) and len(units) < len(chunk.points):
        # Some points of a list whose points are each for someone (extract.extract: those for whom the
        # question asks): the clause's opening and those points, not the others.
        body = "\n".join(u.text for u in units)
        return [Unit(chunk, first.clause, None, f"{first.context}\n{body}".strip(), first.context)]
    if len(clauses) > 1 or chunk.clause not in (None, "0"):
        return [Unit(chunk, chunk.clause, None, chunk.text, units[0].context)]
    intro = first.context if first.context not in (chunk.article_title, chunk.lead) else ""
    body = "\n".join(u.text for u in units)
    return [Unit(chunk, first.clause, None, f"{intro}\n{body}".strip(), first.context)]


def _lead(plan: QueryPlan, ex: Extraction, first: Citation, quotes: Sequence[Unit], today: date,
          lists_below: bool = True) -> str:
    """The direct answer; ``lists_below``: the first quote opens a list whose lead-in the lead may say
    (the quote then starts at the list), otherwise a criteria lead only names where."""
    where = _inline(first.label)
    when = ""
    if plan.time_explicit and plan.as_of < today:
        when = f" (quy định áp dụng tại thời điểm {fmt_date(plan.as_of)})"
    if first.doc_kind == "material":
        return f"Theo tài liệu {first.label}{when}: {_first_sentence(first.text)}."
    if first.label.startswith("Mẫu số"):
        return f"{first.article_title} — {first.label}{when}."
    head = _KIND_LEAD.get(ex.kind)
    if ex.kind == "dossier":
        # Only a list of papers names papers: the points of a step or of another article quoted beside it
        # ("a) Bộ, ban, ngành, tỉnh trình Thủ tướng …") would read "Hồ sơ gồm: Bộ".
        papers = [_paper(u.text) for u in ex.units if u.point and lists_papers(u)]
        if not papers and ex.units and lists_papers(ex.units[0]):  # "… gồm: tờ trình …; biên bản …" in one sentence
            after = re.split(r"\bgồm(?: có)?:", ex.units[0].text, maxsplit=1)
            papers = [p.strip(" .\n")[:90] for p in after[-1].split(";") if p.strip(" .\n")] if len(after) > 1 else []
        listed = "; ".join(dict.fromkeys(papers[:6]))
        copies = f" ({ex.fact})" if ex.fact else ""
        head, tail = f"Hồ sơ{copies} gồm: ", f" — {where}{when}."
        # The whole lead fits the first phone screen: the papers take what the label leaves.
        budget = min(_LEAD_SENTENCE, _LEAD_MAX - len(head) - len(tail))
        if len(listed) > budget:
            listed = listed[: budget - 1]  # room for " …"
            listed = listed[: listed.rfind(" ")].rstrip(" ;,") + " …"
        if listed:
            return f"{head}{listed}{tail}"
    if ex.kind == "deadline" and not re.search(r"trong (?:thời hạn |vòng )?\d|chậm nhất|thời hạn|kể từ", ex.fact,
                                               re.IGNORECASE):
        head = "Thời gian"  # how long (years of service, a cycle), not a deadline
    if ex.kind == "money" and "%" in ex.fact:
        head = "Mức trích"  # a share of a budget or salary fund: how a fund is formed, not an award's amount
    if head and ex.fact:
        if ex.kind == "money" and "(điểm " in ex.fact:  # one amount per award asked, each point named
            # Each amount names its own place when they stand in different articles: the tail names the document.
            place = r"^(?:điểm [a-zđ] )?(?:khoản \d+ )?Điều \d+\w* (?:của )?" if " Điều " in ex.fact else r"^điểm [a-zđ] "
            where = re.sub(place, "", where)
            if re.search(r"\d+/\d{4}/", ex.fact):  # each amount names its document too
                return f"{head}: {ex.fact}{when}."
        return f"{head}: {ex.fact} — {where}{when}."
    if ex.kind == "criteria" and quotes[0].point and any_of(quotes[0]):
        # One point of an any-of standard, the one that fits the case told: the lead says the standard
        # (its clause's lead-in) and which point the case meets; the quote is that point.
        intro = _first_sentence(quotes[0].context).rstrip(" :")
        clause_where = re.sub(r"^điểm [a-zđ] ", "", where)
        return (f"Theo {clause_where}{when}, {intro[:1].lower()}{intro[1:]}; trường hợp nêu ứng với "
                f"điểm {quotes[0].point}:")
    if ex.kind == "criteria" and lists_below:
        intro = _first_sentence(quotes[0].text).rstrip(" :")
        return f"Theo {where}{when}, {intro[:1].lower()}{intro[1:]}:"
    # The quote right below is the rule itself: the lead names where, and does not say its first
    # sentence twice (on dev.jsonl's dev split that repeat was a sixth of the median answer).
    if ex.kind == "yes_no" and ex.verdict:
        return f"{ex.verdict}. Theo {where}{when}:"
    return f"Theo {where}{when}:"


def _paper(point: str) -> str:
    """A paper of a dossier list, short for the lead: "Tờ trình của bộ, ban, ngành, tỉnh" whole; a long one
    ("Báo cáo thành tích của tập thể, cá nhân … có xác nhận của cấp trình …") to its first comma."""
    text = re.sub(r"^[a-zđ]\)\s*", "", _first_sentence(point)).rstrip(" ;.")
    if len(text) <= _PAPER:
        return text
    head = text.split(",")[0]
    return head if len(head) <= _PAPER else head[: head.rfind(" ", 0, _PAPER)] + " …"


def _after_intro(c: Citation, unit: Unit) -> Citation:
    """A list quoted under a lead that already says its lead-in ("… đạt các tiêu chuẩn sau đây:"):
    the quote starts at the list, so a phone screen does not show that sentence twice. Still an exact
    span of the provision."""
    first_line, _, rest = c.text.partition("\n")
    intro = _first_sentence(unit.text)
    if rest.strip() and intro and first_line.rstrip().endswith(":") \
            and first_line.rstrip(" :;.").endswith(intro.rstrip(" :;.…")):
        return replace(c, text=rest.strip("\n"))
    return c


_FORCE_OPENING = 80  # characters of a line whose subject names a force ("Bộ trưởng Bộ Quốc phòng, Bộ trưởng Bộ Công an …")


def _force_line(line: str) -> bool:
    """A line for the Army or the Police only: its subject names a force, or its scope is one."""
    return bool(named_forces(line[:_FORCE_OPENING])) or force_scoped(line)


def _general_part(unit: Unit) -> Unit:
    """A general rule quoted without the lines that close it for the Army or the Police only (Điều 21–22
    Luật 2022: "… Bộ trưởng Bộ Quốc phòng, Bộ trưởng Bộ Công an xem xét, công nhận sự mưu trí …") when the
    question speaks of neither: still an exact span (its beginning); the full article is one tap away."""
    lines = unit.text.split("\n")
    if _force_line(lines[0]):
        return unit  # the rule itself is a force's (quoted with its twin when no force is asked)
    end = len(lines)
    while end > 1 and _force_line(lines[end - 1]):
        end -= 1
    return unit if end == len(lines) else replace(unit, text="\n".join(lines[:end]).rstrip())


def compose(plan: QueryPlan, ex: Extraction, ranked: dict[str, Ranked], catalog: Catalog, today: date,
            previous: Sequence[Citation] = (), decision: Decision | None = None, quote_budget: int = 0,
            pointed: frozenset[str] = frozenset(), shown: Sequence[str] = ()) -> Composed:
    """The lead, the quotes it rests on (with their citations), the readable text and the notes.
    ``quote_budget``: characters all the quotes may take together; runners-up from other articles are
    left out beyond it, never the first quote, its article's other clauses or the ``pointed`` chunks (the
    rule the first quote points to) (0: no limit). ``shown``: what an earlier ask of the same message
    quoted; a first quote it holds is pointed to, not printed again (the structure keeps it)."""
    units = _merge(ex.units) if ex.kind in ("criteria", "dossier") else _with_lists(ex.units)
    if not speaks_of_forces(plan.question):
        units = [_general_part(u) for u in units]
    cites = [citation_at(ranked[u.chunk.id], plan, catalog, u, today) for u in units]
    if quote_budget:
        # The first quote answers, whatever its length, and so do the other clauses of its article and the
        # rule its pointer names (``pointed``). A runner-up from another article is quoted only while all
        # the quotes fit the budget: a phone screen or two, not the article (one tap away).
        own = (units[0].chunk.doc_number, units[0].chunk.article)
        kept, used = [0], len(cites[0].text)
        for i, (u, c) in enumerate(zip(units[1:], cites[1:], strict=True), start=1):
            needed = (u.chunk.doc_number, u.chunk.article) == own or u.chunk.id in pointed
            if needed or used + len(c.text) <= quote_budget:
                kept.append(i)
                used += len(c.text)
        units, cites = [units[i] for i in kept], [cites[i] for i in kept]
    first = cites[0]
    # A criterion that is one sentence or a clause without a list (no lead-in the quote can start after)
    # would be said twice, in the lead and right below it: the lead then only names where.
    listed = _after_intro(first, units[0]) if ex.kind == "criteria" and first.doc_kind == "legal" else first
    lead = _lead(plan, ex, first, units, today, lists_below=listed is not first)
    cites[0] = first = listed
    if previous:
        lead = f"Quy định hiện hành — {lead[:1].lower()}{lead[1:]}"
    all_cites = [*cites, *previous]
    quotes = tuple(Quote(i, c.text, c.label) for i, c in enumerate(all_cites))
    parts = [lead]
    if decision is not None and decision.status == "partly":
        parts.extend(decision.reasons)
    if not first.in_force and first.doc_kind == "legal" and not (plan.time_explicit and plan.as_of < today):
        parts.append("Lưu ý: quy định dưới đây không còn hiệu lực; xem văn bản thay thế ở phần ghi chú.")
    for i, c in enumerate(cites):
        badge = "" if c.in_force or c.doc_kind == "material" else " (hết hiệu lực)"
        # The lead right above already names the first quote's provision: it is not said again below it.
        named = i == 0 and not badge and _inline(c.label) in lead
        if i == 0 and any(c.text in s for s in shown):
            parts.append(SHOWN_ABOVE if named else f"{c.label}{badge}: {SHOWN_ABOVE}")
            continue
        parts.append(f"«{c.text}»" if named else f"«{c.text}»\n— {c.label}{badge}")
    for c in previous:
        parts.append(f"Trước đây (hết hiệu lực), theo {c.label}:\n«{c.text}»")
    notes: list[str] = []
    for c in all_cites:
        for note in (c.validity_note, *extra_notes(c, plan.as_of, catalog)):
            if note and note not in notes:
                notes.append(note)
    return Composed(lead, ex.kind, "\n\n".join(parts), quotes, tuple(all_cites), tuple(notes))


def not_covered(gate: Gate, related: Sequence[Citation]) -> tuple[str, Decision]:
    """What to say when the library does not answer: what is missing, the closest provisions, where to look."""
    reasons = []
    if gate.missing_documents:
        for d in gate.missing_documents:
            if d.known:
                reasons.append(f"Thư viện chưa có toàn văn {d.name}, nên không thể trả lời theo văn bản này.")
            else:
                reasons.append(f"Thư viện không có {d.name}, nên không thể trả lời theo văn bản này.")
    for body in gate.outside_bodies:
        reasons.append(f"Các văn bản trong thư viện không có quy định riêng của {body}: khen thưởng, giải thưởng, "
                       "kỷ niệm chương của cơ quan, tổ chức này do chính cơ quan, tổ chức đó quy định.")
    reasons.extend(_handed_reasons(gate))
    topics = gate.missing_topics or gate.unsupported
    if gate.handed_off:
        topics = tuple(f"hồ sơ, thủ tục xét tặng {h.name}" for h in gate.handed_off)
    elif gate.outside_bodies:
        topics = tuple(f"quy định riêng của {b}" for b in gate.outside_bodies)
    elif topics:
        reasons.append("Các văn bản trong thư viện không quy định về " + ", ".join(f"“{t}”" for t in topics) + ".")
    elif not gate.missing_documents:
        reasons.append("Các văn bản trong thư viện không quy định về nội dung này.")
    parts = [" ".join(reasons)]
    if related:
        parts.append("Các quy định gần nhất (chỉ để tham khảo, không trả lời trực tiếp câu hỏi): "
                     + "; ".join(f"{c.label}" + (f" ({c.article_title})" if c.article_title else "") for c in related)
                     + ".")
    if gate.handed_off:  # the handing-off provision says where to look
        bodies = dict.fromkeys(h.delegate for h in gate.handed_off if h.delegate)
        hint = f"Tra văn bản do {' hoặc '.join(bodies)} ban hành." if bodies else _ELSEWHERE_HINT
    else:
        hint = _ELSEWHERE_HINT
        parts.append(hint)
    decision = Decision("not_covered", tuple(reasons), tuple(topics),
                        tuple(d.name for d in gate.missing_documents), gate.coverage, hint,
                        gate.handed_off_by)
    return "\n\n".join(parts), decision


def _handed_reasons(gate: Gate) -> list[str]:
    """One sentence per provision that hands a dossier elsewhere, naming every award it hands ("Nghệ sĩ nhân
    dân", "Nghệ sĩ ưu tú" are handed by one clause: said once)."""
    by_provision: dict[tuple[str, str], list[str]] = {}
    for h in gate.handed_off:
        by_provision.setdefault((h.label, h.delegate), []).append(h.name)
    out = []
    for (label, delegate), names in by_provision.items():
        to = f"cho {delegate} " if delegate else ""
        awards = ", ".join(f"“{n}”" for n in dict.fromkeys(names))
        out.append(f"Các văn bản trong thư viện không quy định hồ sơ, thủ tục xét tặng {awards}: "
                   f"{_inline(label)} giao việc này {to}quy định.")
    return out


def partly_reasons(gate: Gate) -> tuple[str, ...]:
    out = [f"Phần chưa được quy định: {r[:1].lower()}{r[1:]}" for r in _handed_reasons(gate)]
    out += [f"Phần chưa được quy định: các văn bản trong thư viện không có quy định riêng của {b}." for b in
            gate.outside_bodies]
    if gate.missing_topics:
        out.append("Phần chưa được quy định: các văn bản trong thư viện không quy định riêng về "
                   + ", ".join(f"“{t}”" for t in gate.missing_topics) + "; dưới đây là quy định chung áp dụng.")
    for d in gate.missing_documents:
        out.append(f"Thư viện chưa có toàn văn {d.name}; câu trả lời dưới đây theo các văn bản hiện có.")
    return tuple(out)
