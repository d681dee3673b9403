"""Does a question name a concept of emulation and commendation? (The scope gate, assistant.gate,
asks a question that names none to be covered more closely.)"""

from __future__ import annotations

from functools import cache
from importlib import resources

from corpus.text import expand_abbreviations, fold, syllables

__all__ = ["mentions_domain"]


@cache
def _domain_terms() -> tuple[str, ...]:
    data = resources.files("assistant").joinpath("data/domain_terms.txt").read_text("utf-8")
    return tuple(line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#"))


def mentions_domain(question: str) -> bool:
    """Does the question name a concept of emulation and commendation (any spelling)?"""
    padded = " " + " ".join(fold(w) for w in syllables(expand_abbreviations(question))) + " "
    return any(f" {term} " in padded for term in _domain_terms())
