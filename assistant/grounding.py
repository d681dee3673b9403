"""Is an LLM's answer grounded in the quotes it cites? Every figure and every name it states must
appear in a quote that the same paragraph cites as [n]; otherwise the extractive answer is used."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.records import Citation
from corpus.text import fold

__all__ = ["claims", "grounded"]

_CITE = re.compile(r"\[(\d{1,2})\]")
# Figures: "0,3", "2.340.000", "30", "20%", "01/7/2025", "152/2025/NĐ-CP".
_FIGURE = re.compile(r"\d+(?:[.,/]\d+)*(?:/[A-ZĐa-zđ-]+)?%?")
# Names: a quoted title (“Chiến sĩ thi đua cơ sở”) or two or more capitalised words in a row.
_QUOTED = re.compile(r"[“\"«]([^”\"»]{3,80})[”\"»]")
_UPPER = "A-ZĐÀ-ỸÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸ"
_CAPS = re.compile(rf"(?<![\w])[{_UPPER}][\w]*(?:\s+[{_UPPER}][\w]*)+")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).lower())


def claims(paragraph: str) -> list[str]:
    """The figures and names a paragraph states (its [n] markers left out)."""
    body = _CITE.sub(" ", paragraph)
    found = [m.group(0).rstrip("%") for m in _FIGURE.finditer(body)]
    found += [m.group(1).strip() for m in _QUOTED.finditer(body)]
    for m in _CAPS.finditer(body):
        words = m.group(0).split()
        # A sentence's first word is capitalised anyway: the name starts after it.
        start = m.start()
        if start == 0 or body[:start].rstrip().endswith((".", ":", "!", "?", "\n")) or not body[:start].strip():
            words = words[1:]
        if len(words) >= 2:
            found.append(" ".join(words))
    return found


def grounded(text: str, cites: Sequence[Citation]) -> bool:
    """Every paragraph's figures and names occur in the text or label of a citation it cites."""
    for paragraph in (p for p in re.split(r"\n\s*\n", text) if p.strip()):
        cited = [int(m.group(1)) - 1 for m in _CITE.finditer(paragraph)]
        sources = _norm(" ".join(f"{cites[i].label} {cites[i].text} {cites[i].article_title}"
                                 for i in cited if 0 <= i < len(cites)))
        if not sources:
            continue  # a paragraph citing nothing: check_citations judges it
        for claim in claims(paragraph):
            if not _occurs(_norm(claim), sources):
                return False
    return True


def _occurs(claim: str, sources: str) -> bool:
    """A figure matches whole ("2" is not in "152/2025"), a name as a phrase."""
    if claim[:1].isdigit():
        return re.search(rf"(?<![\d,./]){re.escape(claim)}(?![\d]|[,.]\d)", sources) is not None
    return claim in sources
