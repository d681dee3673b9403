"""Answers, articles and document lists as chat messages: Telegram HTML and plain text for Zalo.

``split_message`` cuts a long message into parts that fit a chat's limit, at paragraph or line
boundaries, never inside a «…» quote when it can help it, and never inside an HTML tag or
entity; tags still open at a cut are closed and reopened, so every part is balanced.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from assistant import Answer, ArticleView, Citation, DocumentView
from assistant.library import doc_id

__all__ = [
    "TELEGRAM_LIMIT",
    "ZALO_LIMIT",
    "ArticleRef",
    "article_refs",
    "plain_answer",
    "split_message",
    "status_label",
    "telegram_answer",
    "telegram_article",
    "telegram_documents",
    "telegram_text",
    "utf16_len",
]

# Telegram counts message length in UTF-16 code units after entity parsing; measuring the raw
# HTML in UTF-16 units is therefore a safe upper bound.
TELEGRAM_LIMIT = 4096
# Zalo OA: `message.text` of a consultation (cs) message is at most 2,000 characters.
ZALO_LIMIT = 2000
_FOLD_QUOTE = 400  # characters: a longer quote is shown folded in Telegram

_STATUS = {
    "in_force": ("✅", "còn hiệu lực"),
    "unknown": ("❔", "chưa rõ hiệu lực"),
    "not_yet": ("⏳", "chưa có hiệu lực"),
    "expired": ("⛔", "hết hiệu lực"),
    "superseded": ("⛔", "đã bị thay thế"),
}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^<>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]\w*);")


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article an answer cites, for a "full text" button."""

    doc_id: str
    doc_number: str
    short_title: str
    article: str

    @property
    def label(self) -> str:
        return f"Toàn văn Điều {self.article} {self.short_title}".strip()


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def status_label(status: str) -> str:
    return _STATUS.get(status, _STATUS["unknown"])[1]


def telegram_text(message: str) -> str:
    """A plain catalog message, escaped for HTML parse mode."""
    return html.escape(message, quote=False)


def _badge(c: Citation) -> str:
    return "" if c.in_force or c.doc_kind == "material" else status_label(c.status)


def _related_line(c: Citation) -> str:
    return c.label + (f" ({c.article_title})" if c.article_title else "")


def telegram_answer(answer: Answer) -> str:
    """The answer from its structure: the lead in bold, each quote as a blockquote under its label,
    then what is not covered, validity notes and the citations."""
    esc = partial(html.escape, quote=False)
    if answer.refused:
        parts = [f"<b>{esc(' '.join(answer.decision.reasons) or answer.text)}</b>"]
        if answer.related:
            parts.append("<b>Quy định gần nhất (chỉ để tham khảo):</b>\n"
                         + "\n".join(f"• {esc(_related_line(c))}" for c in answer.related))
        if answer.decision.advice:
            parts.append(f"<i>{esc(answer.decision.advice)}</i>")
        return "\n\n".join(parts)
    if not answer.lead:  # an answer made elsewhere (an old record): its text as it is
        parts = [esc(answer.text)]
    else:
        parts = [f"<b>{esc(answer.lead)}</b>"]
        parts.extend(f"⚠️ <i>{esc(r)}</i>" for r in answer.decision.reasons)
        for q in answer.quotes:
            c = answer.citations[q.citation] if q.citation < len(answer.citations) else None
            badge = _badge(c) if c is not None else ""
            # A long quote starts folded on a phone (Telegram's expandable blockquote): the lead is the answer.
            tag = "blockquote expandable" if len(q.text) > _FOLD_QUOTE else "blockquote"
            parts.append(f"<{tag}>«{esc(q.text)}»</blockquote>\n<i>— {esc(q.label)}</i>"
                         + (f" ({esc(badge)})" if badge else ""))
    if answer.notes:
        parts.append("\n".join(f"ℹ️ <i>{esc(n)}</i>" for n in answer.notes))
    if answer.citations:
        lines = ["<b>Căn cứ:</b>"]
        for i, c in enumerate(answer.citations, 1):
            badge = _badge(c)
            lines.append(f"[{i}] {esc(c.label)}" + (f" — <i>{badge}</i>" if badge else ""))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def plain_answer(answer: Answer, article_url: Callable[[Citation], str | None] | None = None) -> str:
    """The answer, notes and citations as plain text (Zalo shows no markup); ``article_url`` links
    each cited article's full text when the deployment has a public web address."""
    if answer.refused:
        parts = [" ".join(answer.decision.reasons) or answer.text]
        if answer.related:
            parts.append("Quy định gần nhất (chỉ để tham khảo):\n" + "\n".join(f"- {_related_line(c)}"
                                                                               for c in answer.related))
        if answer.decision.advice:
            parts.append(answer.decision.advice)
        return "\n\n".join(parts)
    if not answer.lead:
        parts = [answer.text.strip()]
    else:
        parts = [answer.lead, *answer.decision.reasons]
        for q in answer.quotes:
            c = answer.citations[q.citation] if q.citation < len(answer.citations) else None
            badge = _badge(c) if c is not None else ""
            parts.append(f"«{q.text}»\n— {q.label}" + (f" ({badge})" if badge else ""))
    parts.extend(f"Lưu ý: {n}" for n in answer.notes)
    if answer.citations:
        lines = ["Căn cứ:"]
        for i, c in enumerate(answer.citations, 1):
            badge = _badge(c)
            url = article_url(c) if article_url is not None else None
            lines.append(f"[{i}] {c.label}" + (f" ({badge})" if badge else "") + (f"\n    Toàn văn: {url}" if url else ""))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def article_refs(answer: Answer, *, limit: int = 3) -> list[ArticleRef]:
    """The distinct articles an answer quotes, in citation order."""
    refs: list[ArticleRef] = []
    seen: set[tuple[str, str]] = set()
    for c in answer.citations:
        key = (c.doc_number, c.article)
        if not c.article or key in seen:
            continue
        seen.add(key)
        refs.append(ArticleRef(doc_id(c.doc_number), c.doc_number, c.short_title, c.article))
        if len(refs) >= limit:
            break
    return refs


def telegram_article(view: ArticleView) -> str:
    """A whole article: bold heading, its document, clauses as paragraphs, validity."""
    heading, _, _ = view.text.partition("\n")
    clauses = "\n\n".join(html.escape(text, quote=False) for _, text in view.clauses)
    parts = [f"<b>{html.escape(heading, quote=False)}</b>\n<i>{html.escape(view.short_title, quote=False)}</i>",
             clauses]
    if view.validity_note:
        parts.append(f"ℹ️ <i>{html.escape(view.validity_note, quote=False)}</i>")
    return "\n\n".join(p for p in parts if p)


def telegram_documents(docs: list[DocumentView], title: str) -> str:
    """The indexed documents with their validity today."""
    lines = [f"<b>{html.escape(title, quote=False)}</b>"]
    for d in docs:
        icon, label = _STATUS.get(d.status, _STATUS["unknown"])
        if d.kind != "legal":
            icon, label = "📘", "tài liệu tham khảo"
        name = html.escape(d.short_title or d.number, quote=False)
        title_text = html.escape(d.title, quote=False)
        entry = f"{icon} <b>{name}</b> — {title_text}\n    {label} · {d.articles} điều"
        if d.validity_note and d.kind == "legal":
            entry += f"\n    <i>{html.escape(d.validity_note, quote=False)}</i>"
        lines.append(entry)
    return "\n\n".join(lines)


# -- splitting ----------------------------------------------------------------------------
class _Layout:
    """Facts about every cut position i (between text[i-1] and text[i])."""

    def __init__(self, text: str, is_html: bool) -> None:
        n = len(text)
        self.text = text
        self.units = [0] * (n + 1)  # UTF-16 units of text[:i]
        self.open: list[tuple[tuple[str, str], ...]] = [()] * (n + 1)  # (name, markup) open at i
        self.quoted = [False] * (n + 1)  # inside «…» at i
        self.atomic = [False] * (n + 1)  # i lies inside a tag or an entity: no cut there
        tags = {m.start(): m for m in _TAG.finditer(text)} if is_html else {}
        if is_html:
            for entity in _ENTITY.finditer(text):
                for j in range(entity.start() + 1, entity.end()):
                    self.atomic[j] = True
        stack: tuple[tuple[str, str], ...] = ()
        depth = 0
        i = 0
        while i < n:
            m = tags.get(i)
            if m is not None:
                for j in range(i + 1, m.end()):
                    self.atomic[j] = True
                    self.open[j], self.quoted[j] = stack, depth > 0
                    self.units[j] = self.units[j - 1] + utf16_len(text[j - 1])
                name = m.group(2).lower()
                if m.group(1):
                    idx = max((k for k, (tag, _) in enumerate(stack) if tag == name), default=None)
                    if idx is not None:
                        stack = stack[:idx] + stack[idx + 1:]
                else:
                    stack = (*stack, (name, m.group(0)))
                end = m.end()
                self.units[end] = self.units[end - 1] + utf16_len(text[end - 1])
                self.open[end], self.quoted[end] = stack, depth > 0
                i = end
                continue
            ch = text[i]
            if ch == "«":
                depth += 1
            elif ch == "»":
                depth = max(0, depth - 1)
            self.units[i + 1] = self.units[i] + utf16_len(ch)
            self.open[i + 1], self.quoted[i + 1] = stack, depth > 0
            i += 1

    def closers(self, i: int) -> str:
        return "".join(f"</{name}>" for name, _ in reversed(self.open[i]))

    def openers(self, i: int) -> str:
        return "".join(markup for _, markup in self.open[i])

    def outside(self, i: int) -> bool:
        return not self.quoted[i] and not self.open[i]


def split_message(text: str, limit: int, *, html: bool = False) -> list[str]:
    """Parts of at most ``limit`` UTF-16 units each; ``html`` keeps tags balanced in every part."""
    if limit < 100:
        raise ValueError(f"limit must be at least 100 characters, got {limit}")
    text = text.strip()
    if not text:
        return []
    if utf16_len(text) <= limit:
        return [text]
    lay = _Layout(text, html)
    n = len(text)
    parts: list[str] = []
    start = 0
    while True:
        while start < n and text[start].isspace():
            start += 1
        if start >= n:
            break
        opener = lay.openers(start)
        budget = limit - utf16_len(opener)
        if lay.units[n] - lay.units[start] <= budget:
            parts.append(opener + text[start:])
            break
        end = _cut(lay, start, budget)
        parts.append(opener + text[start:end].rstrip() + lay.closers(end))
        start = end
    return parts


def _cut(lay: _Layout, start: int, budget: int) -> int:
    """Where the part starting at ``start`` should end: the best break that fits ``budget``."""
    text, n = lay.text, len(lay.text)

    def fits(end: int) -> bool:
        return lay.units[end] - lay.units[start] + utf16_len(lay.closers(end)) <= budget

    hi = min(n - 1, bisect.bisect_right(lay.units, lay.units[start] + budget) - 1)
    while hi > start + 1 and (lay.atomic[hi] or not fits(hi)):
        hi -= 1
    window = range(start + 1, hi + 1)
    lines = [p for p in window if text[p] == "\n" and not lay.atomic[p]]
    outside = [p for p in lines if lay.outside(p)]
    if outside:
        last_line = outside[-1]
        paragraphs = [p for p in outside if text[p - 1] == "\n" or text[p + 1:p + 2] == "\n"]
        # A paragraph break wins unless it would leave the part less than half as full.
        choice = paragraphs[-1] if paragraphs and paragraphs[-1] - start >= (last_line - start) / 2 else last_line
        # Cutting before a quote only helps if the quote then fits whole in the next part;
        # otherwise fill this part and cut inside the quote at a line.
        following = next((p for p in range(hi + 1, n) if text[p] == "\n" and lay.outside(p)
                          and not lay.atomic[p]), n)
        if lay.units[following] - lay.units[choice] <= budget or lines[-1] == last_line:
            return choice
        return lines[-1]
    if lines:
        return lines[-1]
    spaces = [p for p in window if text[p] == " " and not lay.atomic[p]]
    if spaces:
        return spaces[-1]
    return max(hi, start + 1)
