"""The one Vietnamese text normaliser: NFC, spacing, diacritic folding, tokens, abbreviations.

The indexer (documents) and the assistant (questions) call the same functions: an index
built with one tokenizer and queried with another loses recall without any error.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "abbreviations",
    "count_syllables",
    "expand_abbreviations",
    "fold",
    "normalize",
    "normalize_line",
    "syllables",
    "tokens",
]

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_MULTI_SPACE = re.compile(r" {2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})

# Old-style tone placement ("hoà", "uỷ") → the modern one ("hòa", "ủy"), so both spellings
# produce the same tokens. Only word-final two-vowel groups are affected.
_TONE_MOVE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile(r"(?<![qg])(" + "|".join(_TONE_MOVE) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+", re.UNICODE)


def normalize(text: str) -> str:
    """NFC, unify spaces and dashes, drop zero-width and control characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text).translate(_DASHES)
    return "\n".join(_MULTI_SPACE.sub(" ", line).strip() for line in text.split("\n"))


def normalize_line(line: str) -> str:
    return normalize(line).replace("\n", " ").strip()


def _fix_tone(match: re.Match[str]) -> str:
    group = match.group(1)
    fixed = _TONE_MOVE[group.lower()]
    return fixed.upper() if group.isupper() else fixed


# Combining marks (the diacritics of a decomposed letter); a regular expression strips them at C speed.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Remove Vietnamese diacritics (đ → d), keep case."""
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", stripped).replace("đ", "d").replace("Đ", "D")


def syllables(text: str) -> list[str]:
    """Lower-case syllables (and numbers) in reading order, tone placement unified."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _TONE_RE.sub(_fix_tone, text)
    return _WORD.findall(text)


def count_syllables(texts: Iterable[str]) -> dict[str, Any]:
    """How often each syllable and syllable pair occurs in the texts, folded and accented, as JSON data.

    ``{"unigrams": {folded: n}, "bigrams": {"a b": n}, "accented": {folded: {accented: n}},
    "accented_bigrams": {"a b": n}}``, keys in order of first occurrence. The indexer stores these
    with each generation, so the assistant's vocabulary is read, not recounted, at start-up.
    """
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    accented: dict[str, Counter[str]] = defaultdict(Counter)
    accented_bigrams: Counter[tuple[str, str]] = Counter()
    folds: dict[str, str] = {}  # each distinct syllable folded once (a corpus repeats a few thousand)
    for text in texts:
        words = syllables(text)
        folded = [folds[w] if w in folds else folds.setdefault(w, fold(w)) for w in words]
        unigrams.update(folded)
        bigrams.update(zip(folded, folded[1:], strict=False))
        accented_bigrams.update(zip(words, words[1:], strict=False))
        for f, w in zip(folded, words, strict=True):
            accented[f][w] += 1
    return {
        "unigrams": dict(unigrams),
        "bigrams": {f"{a} {b}": n for (a, b), n in bigrams.items()},
        "accented": {f: dict(forms) for f, forms in accented.items()},
        "accented_bigrams": {f"{a} {b}": n for (a, b), n in accented_bigrams.items()},
    }


def folded_words(text: str, keep: str = "") -> str:
    """The words of ``text`` without diacritics, lower case, one space apart (and any of ``keep``, e.g. "%"):
    what the word patterns of the answer stages read."""
    pattern = rf"\w+|[{re.escape(keep)}]" if keep else r"\w+"
    return " ".join(re.findall(pattern, fold(text).lower()))


def tokens(text: str, *, folded: bool = False) -> list[str]:
    words = syllables(text)
    return [fold(w) for w in words] if folded else words


@cache
def abbreviations() -> tuple[tuple[str, str], ...]:
    """(abbreviation, expansion) pairs from ``corpus/data/abbreviations.tsv``: ("CSTĐ", "chiến sĩ thi đua")."""
    data = resources.files("corpus").joinpath("data/abbreviations.tsv").read_text("utf-8")
    rules: list[tuple[str, str]] = []
    for raw in data.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        short, _, long = raw.partition("\t")
        rules.append((short.strip(), long.strip()))
    return tuple(rules)


@cache
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = list(abbreviations())
    # Longest first, so CSTĐCS wins over CSTĐ.
    rules.sort(key=lambda r: -len(r[0]))
    compiled = []
    for short, long in rules:
        variants = {re.escape(short), re.escape(fold(short))}
        # Not inside a document's number ("152/2025/NĐ-CP", "05/2025/TT-BNV", "86/2025/QĐ-UBND").
        pattern = re.compile(r"(?<![\w&/-])(?:" + "|".join(sorted(variants)) + r")(?![\w&]|-[^\W\d_])",
                             re.IGNORECASE)
        compiled.append((pattern, long))
    return tuple(compiled)


@lru_cache(maxsize=4096)  # pure; the stages read the same question and passages again and again
def expand_abbreviations(text: str) -> str:
    """Replace officers' abbreviations (CSTĐ, LĐTT, UBND…) by the law's terms.

    Two-letter codes that are also ordinary syllables (``tt``, ``hc``, ``cp``) expand
    only when written in capitals.
    """
    out = text
    for pattern, long in _abbreviations():
        def repl(m: re.Match[str], long: str = long) -> str:
            token = m.group(0)
            if len(token) <= 3 and not token.isupper() and fold(token).lower() not in _SAFE_LOWER:
                return token
            return long
        out = pattern.sub(repl, out)
    return out


# Lower-case abbreviations that are unambiguous even when typed in lower case.
_SAFE_LOWER = {"bk", "gk", "gv", "gvcn", "sv", "ttg", "ubnd", "hdnd", "hđnd", "nđ", "nd", "qđ", "qd", "cstt", "cstđ"}
