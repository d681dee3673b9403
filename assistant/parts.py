"""Questions that ask several things at once, answered part by part.

Real questions often ask two or three things in one message ("Cơ quan nào có thẩm quyền tước …?
Mức tiền thưởng … là bao nhiêu?"). One ranking for the whole message answers one of them. A
message is split when its asking sentences ask for different kinds of fact (money, authority,
dossier, deadline, criteria, yes/no), or for the same kind of another award; each part keeps the
story around it, and a part that leans on the sentence before it ("Ai có thẩm quyền trao tặng danh
hiệu này?") keeps that sentence too.
Restating the same ask, or a closing "tham khảo thêm tại đâu?", is no part of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from assistant.awards import asked_awards
from assistant.query import sentences
from assistant.records import Answer, Citation, Decision, Quote
from corpus.text import expand_abbreviations, fold

__all__ = ["MAX_PARTS", "merge_parts", "question_parts"]

MAX_PARTS = 3
_SPECIFIC = frozenset({"money", "deadline", "authority", "dossier", "criteria", "yes_no"})
# "… danh hiệu này?", "Nếu có thì …", "như vậy …": the sentence needs the one before it.
_LEANS = re.compile(r"\b(?:nay|do|tren|nhu vay|neu co|neu khong|vay thi)\b")
_SHORT = 9  # words: a shorter asking sentence leans on the one before


# "… có được tặng Huân chương Dũng cảm không, và cấp nào quyết định tặng?": two asks in one sentence, joined
# by ", và" / ", còn" / "; " (typed bare: ", va", ", dong thoi"): each half is asked on its own, with a question mark.
_JOIN = re.compile(r"(?:,\s*(?:và|còn|đồng thời|va|dong thoi)|;)\s+(?=\S)")
_HALF_WORDS = 4  # each half asks something only with a few words of its own


def _halves(sentence: str) -> list[str]:
    if "?" not in sentence:
        return [sentence]
    pieces = _JOIN.split(sentence)
    if len(pieces) < 2 or any(len(p.split()) < _HALF_WORDS for p in pieces):
        return [sentence]
    return [f"{p.rstrip(' ,;?')}?" for p in pieces[:-1]] + [pieces[-1]]


def question_parts(text: str, kind_of: Callable[[str], str]) -> list[str]:
    """The parts to answer one by one, or ``[]`` when the message asks one kind of thing.

    ``kind_of`` gives the lead kind the assistant would answer a text with (``extract.lead_kind``).
    """
    said = [half for s in sentences(text) for half in _halves(s)]
    asks = [i for i, s in enumerate(said) if "?" in s]
    if len(asks) < 2:
        return []
    story = [s for i, s in enumerate(said) if i not in asks]
    parts: list[str] = []
    seen: dict[str, list[frozenset[str]]] = {}  # kind → the awards each part of that kind names
    for n, i in enumerate(asks):
        own = said[i]
        leans = n > 0 and (len(own.split()) < _SHORT or bool(_LEANS.search(fold(own).lower())))
        part = " ".join([*story, *([said[asks[n - 1]]] if leans else []), own])
        kind = kind_of(part)
        if kind not in _SPECIFIC:
            continue
        # The same kind asked again of another award ("Quỹ … trích bao nhiêu? Giấy khen thưởng bao nhiêu?")
        # is another ask; asked again of the same one (or of none, or leaning on it) it is a restatement.
        awards = asked_awards(fold(expand_abbreviations(own)).lower())
        if kind in seen and (leans or not awards or any(awards <= earlier for earlier in seen[kind])):
            continue
        seen.setdefault(kind, []).append(awards)
        parts.append(part)
    return parts[:MAX_PARTS] if len(parts) >= 2 else []


def merge_parts(answers: Sequence[Answer], question: str) -> Answer:
    """One answer from the parts' answers, each numbered, in the order asked."""
    first = answers[0]
    if all(a.refused for a in answers) and len({a.lead for a in answers}) == 1:
        return replace(first, question=question)  # one "not covered" says it for every ask
    numbered = [f"{n}) " for n in range(1, len(answers) + 1)]
    # A passage two asks rest on is cited and quoted once (the later ask's text points back to it).
    citations: list[Citation] = []
    at: dict[tuple[str, str, str], int] = {}
    quotes: list[Quote] = []
    quoted: set[tuple[int, str]] = set()
    for a in answers:
        index = []
        for c in a.citations:
            key = (c.chunk_id, c.label, c.text)
            if key not in at:
                at[key] = len(citations)
                citations.append(c)
            index.append(at[key])
        for q in a.quotes:
            moved = replace(q, citation=index[q.citation]) if q.citation < len(index) else q
            if (moved.citation, moved.text) not in quoted:
                quoted.add((moved.citation, moved.text))
                quotes.append(moved)
    statuses = {a.decision.status for a in answers}
    status = next(iter(statuses)) if len(statuses) == 1 else "partly"
    lead = "\n".join(p + a.lead for p, a in zip(numbered, answers, strict=True))
    # A part the library does not cover says so in its lead already; the renderers show reasons under it.
    reasons = tuple(r for a in answers if a.decision.status != "answered" for r in a.decision.reasons if r not in lead)
    decision = Decision(
        status=status,
        reasons=tuple(dict.fromkeys(reasons)),
        missing_topics=_union(a.decision.missing_topics for a in answers),
        missing_documents=_union(a.decision.missing_documents for a in answers),
        coverage=min(a.decision.coverage for a in answers),
        advice=" ".join(dict.fromkeys(a.decision.advice for a in answers if a.decision.advice)),
    )
    answered = [a for a in answers if not a.refused] or list(answers)
    return replace(
        first,
        question=question,
        # A part not covered, beside parts answered, says so in its lead; its closest provisions are kept
        # as related (the renderers list them) instead of a screen of references between two answers.
        text="\n\n".join(p + (a.lead if a.refused else a.text) for p, a in zip(numbered, answers, strict=True)),
        lead=lead,
        lead_kind=answered[0].lead_kind,
        citations=tuple(citations),
        quotes=tuple(quotes),
        refused=all(a.refused for a in answers),
        decision=decision,
        notes=_union(a.notes for a in answers),
        suggestions=_union(a.suggestions for a in answers),
        related=tuple({c.label: c for a in answers for c in a.related}.values()),
        retrieved=_interleave([a.retrieved for a in answers]),
        confidence=min(a.confidence for a in answers),
    )


def _union(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for g in groups for x in g))


def _interleave(lists: Sequence[Sequence[Citation]]) -> tuple[Citation, ...]:
    """Each part's best first, then each part's second, …: the ranking behind the whole answer."""
    out: dict[tuple[str, str], Citation] = {}
    for rank in range(max(len(x) for x in lists)):
        for x in lists:
            if rank < len(x):
                out.setdefault((x[rank].doc_number, x[rank].article), x[rank])
    return tuple(out.values())
