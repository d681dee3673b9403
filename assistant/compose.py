"""The extractive answer: a lead sentence naming the provision, then the exact clauses quoted."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from assistant.query import QueryPlan
from assistant.rank import Ranked
from assistant.records import Citation
from assistant.validity import fmt_date, status_on, validity_note
from corpus import Catalog
from corpus.text import fold
from indexer import Chunk

__all__ = ["citation_for", "compose", "refusal_text", "select_text"]

_POINT_LINE = re.compile(r"^([a-zđ])\)\s")
_CLAUSE_LINE = re.compile(r"^(\d{1,2})\.\s")
_MAX_QUOTE = 900
_CLEAR_WIN = 2.0  # a block is "the one asked about" when it scores twice the runner-up
_INTENT_LEAD = {
    "authority": "Thẩm quyền",
    "dossier": "Hồ sơ",
    "money": "Mức tiền thưởng",
    "procedure": "Trình tự, thủ tục",
    "prohibited": "Các hành vi bị nghiêm cấm",
    "revocation": "Việc hủy bỏ, thu hồi",
    "definition": "Khái niệm",
}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text).lower()) if len(w) > 1}


def _blocks(lines: list[str], pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """(label, text) blocks starting at the lines that match ``pattern``."""
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := pattern.match(line))]
    return [(label, "\n".join(lines[i:(starts[n + 1][0] if n + 1 < len(starts) else len(lines))]))
            for n, (i, label) in enumerate(starts)]


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
        clauses = _blocks(lines, _CLAUSE_LINE)
        first = next((i for i, line in enumerate(lines) if _CLAUSE_LINE.match(line)), 0)
        # "… các tiêu chuẩn sau đây:" — the clauses are one list, and the question wants all of it.
        enumerated = (first > 0 and lines[first - 1].rstrip().endswith(":")) or (not first and chunk.lead.endswith(":"))
        if len(clauses) >= 2 and not enumerated:
            picked = _best(clauses, plan)
            if picked is not None:
                clause, body = picked
                lines = body.split("\n")
    text = "\n".join(lines)
    points = _blocks(lines, _POINT_LINE)
    lists_wanted = bool(plan.intents & {"criteria", "dossier"})  # every criterion, every paper
    if len(text) > _MAX_QUOTE and len(points) >= 2 and not lists_wanted:
        picked = _best(points, plan)
        if picked is not None:
            intro = "\n".join(lines[: next(i for i, line in enumerate(lines) if _POINT_LINE.match(line))])
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


def _lead(plan: QueryPlan, first: Citation, today: date) -> str:
    """One sentence naming the governing provision (and the date, for questions about the past)."""
    when = ""
    if plan.time_explicit and plan.as_of < today:
        when = f", quy định áp dụng tại thời điểm {fmt_date(plan.as_of)}"
    if first.doc_kind == "material":
        return f"Theo tài liệu {first.label}{when}:"
    if first.label.startswith("Mẫu số"):
        return f"{first.article_title} — {first.label}{when}:"
    intent = next((i for i in ("authority", "dossier", "money", "procedure", "prohibited", "revocation", "definition")
                   if i in plan.intents), None)
    subject = first.article_title
    topic = f" về {subject[:1].lower() + subject[1:]}" if subject else ""
    lead = _INTENT_LEAD.get(intent or "", "")
    if lead and subject and fold(lead).lower() not in fold(subject).lower():
        return f"{lead}: theo {first.label}{when} ({subject}):"
    return f"Theo {first.label}{when}, quy định{topic}:"


def compose(plan: QueryPlan, cites: list[Citation], today: date,
            previous: list[Citation] | None = None) -> tuple[str, list[str]]:
    """Answer text and the validity notes shown under it; ``previous`` is the rule replaced."""
    first = cites[0]
    parts = [_lead(plan, first, today)]
    if previous:
        parts[0] = f"Quy định hiện hành — {parts[0][:1].lower()}{parts[0][1:]}"
    for i, c in enumerate(cites):
        badge = "" if c.in_force or c.doc_kind == "material" else " [hết hiệu lực]"
        head = c.label if i else ""
        quoted = f"«{c.text}»"
        parts.append(f"[{i + 1}] {head}{badge}\n{quoted}".replace("] \n", "]\n") if head else f"[{i + 1}]{badge} {quoted}")
    for j, c in enumerate(previous or []):
        parts.append(f"Trước đây, theo {c.label}:")
        parts.append(f"[{len(cites) + j + 1}] «{c.text}»")
    notes = []
    for c in [*cites, *(previous or [])]:
        if c.validity_note and c.validity_note not in notes:
            notes.append(c.validity_note)
    if not first.in_force and first.doc_kind == "legal" and not (plan.time_explicit and plan.as_of < today):
        parts.insert(1, "Lưu ý: quy định dưới đây không còn hiệu lực; xem văn bản thay thế ở phần ghi chú.")
    return "\n\n".join(parts), notes


def refusal_text(suggestions: list[str]) -> str:
    text = ("Xin lỗi, các văn bản hiện có trong hệ thống không quy định về nội dung này, "
            "nên tôi không thể trả lời chính xác.")
    if suggestions:
        text += " Bạn có thể hỏi về các chủ đề gần nhất mà văn bản có quy định: " + "; ".join(suggestions) + "."
    return text
