"""Understand: a question as people write it → a :class:`QueryPlan` the retriever can use.

* Typos and missing diacritics are matched against the corpus's own vocabulary
  (:class:`Vocabulary`, built from the indexed passages): an unknown syllable becomes the known one
  one edit away that fits its neighbours best, and a question typed without diacritics gets them
  back for the dense model, by the most likely sequence of the corpus's accented syllables.
* A follow-up that names another value of a slot ("còn cấp tỉnh thì sao?", "còn Giấy khen?")
  replaces that slot in the previous question and keeps the rest (slots are data:
  ``assistant/data/slots.tsv``); one that only asks something new ("còn hồ sơ thì sao?") keeps the
  previous question's subject and takes its own intent.
* Abbreviations are data too (``corpus/data/abbreviations.tsv``), expanded by ``plan_query``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from assistant.conversation import Turn
from assistant.datafiles import data_lines, tsv_rows
from assistant.query import QueryPlan, dense_reading, looks_like_follow_up, plan_query
from corpus import Catalog
from corpus.text import count_syllables, expand_abbreviations, fold, normalize_line

__all__ = ["Understood", "Vocabulary", "swap_slots", "understand"]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"\w+")
# Final i and y after a consonant are two spellings of one sound ("chiến sỹ" / "chiến sĩ", "kỉ" / "kỷ").
_Y_FORMS, _I_FORMS = "yỳýỷỹỵ", "iìíỉĩị"
_TO_I = str.maketrans(_Y_FORMS + _Y_FORMS.upper(), _I_FORMS + _I_FORMS.upper())
_TO_Y = str.maketrans(_I_FORMS + _I_FORMS.upper(), _Y_FORMS + _Y_FORMS.upper())
_I_OR_Y = re.compile(rf"\b(?!qu)[bcdđghklmnprstvx]{{1,2}}[{_Y_FORMS}{_I_FORMS}]\b", re.IGNORECASE)
_USUAL = 3  # the other spelling is the corpus's when it is this many times as frequent


@dataclass(frozen=True, slots=True)
class Understood:
    """The plan, and the question as it will be remembered for the next follow-up."""

    plan: QueryPlan
    effective: str  # the question with the context a follow-up leans on


# Each everyday phrase of assistant/data/conversation.txt counts as this many occurrences in the corpus:
# enough that "toi" reads "tôi" (the laws write "tối" 61 times, "tôi" never) while the laws' own
# pairs ("đảng viên", "tổ chức đảng") still outweigh a chat word in context. Hand-set: at 30 "chi bộ"
# reads "chị bộ"; 20 and 50 gave the same figures on the dev splits typed without diacritics.
_CONVERSATION_WEIGHT = 20


@cache
def _conversation_counts() -> dict[str, Any]:
    return count_syllables(line.lower() for line in data_lines("conversation.txt"))


def with_conversation(counts: dict[str, Any]) -> dict[str, Any]:
    """Syllable counts of the corpus (:func:`corpus.text.count_syllables`) with everyday question phrasing
    added, so a question typed without diacritics reads back its chat words too ("toi dang" → "tôi
    đang", not "tối đảng")."""
    extra = _conversation_counts()
    out: dict[str, Any] = {key: dict(counts[key]) for key in ("unigrams", "bigrams", "accented_bigrams")}
    out["accented"] = {f: dict(forms) for f, forms in counts["accented"].items()}
    for key in ("unigrams", "bigrams", "accented_bigrams"):
        for k, n in extra[key].items():
            out[key][k] = out[key].get(k, 0) + n * _CONVERSATION_WEIGHT
    for f, forms in extra["accented"].items():
        target = out["accented"].setdefault(f, {})
        for w, n in forms.items():
            target[w] = target.get(w, 0) + n * _CONVERSATION_WEIGHT
    return out


class Vocabulary:
    """Syllables and syllable pairs of the corpus, folded and accented."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._load(count_syllables(texts))

    @classmethod
    def from_counts(cls, counts: dict[str, Any]) -> Vocabulary:
        """From :func:`corpus.text.count_syllables` data (as an index generation stores it)."""
        vocabulary = cls.__new__(cls)
        vocabulary._load(counts)
        return vocabulary

    def _load(self, counts: dict[str, Any]) -> None:
        # As counted: pairs keep their "a b" keys, so a stored vocabulary loads without rebuilding anything.
        self.unigrams: dict[str, int] = counts["unigrams"]  # folded
        self.bigrams: dict[str, int] = counts["bigrams"]  # folded "a b"
        self.accented: dict[str, dict[str, int]] = counts["accented"]  # folded → accented forms
        self.accented_bigrams: dict[str, int] = counts["accented_bigrams"]  # accented "a b"
        self.total = max(1, sum(self.unigrams.values()))

    def __contains__(self, word: str) -> bool:
        return word in self.unigrams

    def _edits(self, word: str) -> set[str]:
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        out = {a + b[1:] for a, b in splits if b}
        out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
        out |= {a + c + b for a, b in splits for c in _LETTERS}
        return {w for w in out if w in self.unigrams}

    def usual_spelling(self, text: str) -> str:
        """Final i/y after a consonant written as the corpus writes it ("chiến sỹ" → "chiến sĩ")."""

        def count(word: str) -> int:
            folded = fold(word)
            return self.unigrams.get(folded, 0) if word == folded else self.accented.get(folded, {}).get(word, 0)

        def spelled(m: re.Match[str]) -> str:
            word = m.group(0)
            other = word[:-1] + word[-1].translate(_TO_I if word[-1] in _Y_FORMS + _Y_FORMS.upper() else _TO_Y)
            return other if count(other.lower()) >= _USUAL * max(1, count(word.lower())) else word

        return _I_OR_Y.sub(spelled, text)

    def correct(self, words: Sequence[str]) -> list[str]:
        """Folded words with each unknown one replaced by the known word one edit away that fits best."""
        out = list(words)
        for i, word in enumerate(words):
            if word in self.unigrams or len(word) < 2 or not word.isalpha():
                continue
            options = self._edits(word)
            if not options:
                continue
            prev = out[i - 1] if i > 0 else None
            nxt = words[i + 1] if i + 1 < len(words) else None

            def fit(cand: str, prev: str | None = prev, nxt: str | None = nxt) -> float:
                context = ((self.bigrams.get(f"{prev} {cand}", 0) if prev else 0)
                           + (self.bigrams.get(f"{cand} {nxt}", 0) if nxt else 0))
                return context * 1000 + self.unigrams.get(cand, 0)

            out[i] = max(sorted(options), key=fit)
        return out

    def restore(self, words: Sequence[str]) -> list[str]:
        """Accented syllables for folded ones: the corpus's most likely sequence (bigram Viterbi)."""
        if not words:
            return []
        lattice = [list(self.accented.get(w, ())) or [w] for w in words]

        def uni(w: str, f: str) -> float:
            forms = self.accented.get(f)
            return math.log((forms.get(w, 0) + 0.1) / (sum(forms.values()) + 1)) if forms else 0.0

        best = {w: (uni(w, words[0]), [w]) for w in lattice[0]}
        for f, options in zip(words[1:], lattice[1:], strict=True):
            step = {}
            for w in options:
                score, path = max(((s + uni(w, f) + math.log(1 + self.accented_bigrams.get(f"{p[-1]} {w}", 0)), p)
                                   for s, p in best.values()), key=lambda x: x[0])
                step[w] = (score, [*path, w])
            best = step
        return max(best.values(), key=lambda x: x[0])[1]


@cache
def _slots() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(rf"\b(?:{pattern})\b")) for name, pattern, *_ in tsv_rows("slots.tsv"))


def swap_slots(follow_up: str, previous: str) -> str | None:
    """The previous question with the slots the follow-up names replaced, or None when it names none.

    Matching is on folded text; the replaced span keeps the follow-up's own words.
    """
    new_folded = fold(normalize_line(follow_up)).lower()
    old = normalize_line(previous)
    old_folded = fold(old).lower()
    if len(old_folded) != len(old):  # folding changed the length: work on the folded text
        old = old_folded
    changed = False
    for _, pattern in _slots():
        new = pattern.search(new_folded)
        if new is None:
            continue
        span = pattern.search(old_folded)
        value = follow_up[new.start():new.end()] if len(new_folded) == len(follow_up) else new.group(0)
        if span is None or old_folded[span.start():span.end()] == new.group(0):
            continue
        old = old[:span.start()] + value + old[span.end():]
        old_folded = fold(old).lower()
        changed = True
    return old if changed else None


def _as_told(question: str) -> str:
    """A previous question as the story of the next one: its asks become statements, so that the follow-up is
    the sentence that asks."""
    told = re.sub(r"\s*\?+", ".", question.strip())
    return told if told.endswith((".", "!", "…")) else f"{told}."


def understand(question: str, *, catalog: Catalog, today: date, at: date | None = None,
               history: Sequence[Turn] = (), vocabulary: Vocabulary | None = None) -> Understood:
    """The plan for a question, in the context of the conversation so far."""
    text = normalize_line(question)
    if vocabulary is not None:
        text = vocabulary.usual_spelling(text)
    effective = dense = text
    if history and looks_like_follow_up(text):
        prev = history[-1]
        swapped = swap_slots(text, prev.question)
        if swapped is not None:
            effective = dense = swapped
        else:
            # It asks another thing about the same case ("còn hồ sơ thì sao?", "mà anh Tuấn đang bị xét kỷ luật thì
            # thế nào?"): the previous question is the story, told first, and this one the asking sentence. (The
            # previous answer's article titles would pull back to the same article.) The dense model reads the
            # follow-up's own words first, then the case they lean on.
            told = _as_told(prev.question)
            effective, dense = f"{told} {text}", f"{text} {told}"
    plan = plan_query(effective, catalog=catalog, today=today, at=at)
    if effective != text:
        plan = replace(plan, dense_text=plan.text if dense == effective else expand_abbreviations(dense))
        # Intent comes from the follow-up itself ("còn hồ sơ thì sao?" asks for the dossier).
        own = plan_query(text, catalog=catalog, today=today, at=at)
        if own.intents:
            plan = replace(plan, intents=own.intents)
    if vocabulary is not None:
        plan = _spelled(plan, vocabulary, catalog=catalog, today=today, at=at)
    return Understood(plan, effective)


_BARE_SHARE = 0.2  # at most this share of marked words: a fully marked question has well over half


def _typed_bare(question: str) -> bool:
    """Typed without diacritics, or nearly ("Co thi dua UBND tinh", "bang khen cua Chủ tịch tinh"): the
    question as asked, before abbreviations are spelled out in full ("ủy ban nhân dân") — those marks
    are the expansion's, not the asker's."""
    words = _WORD.findall(question)
    marked = sum(1 for w in words if fold(w) != w)
    return marked <= _BARE_SHARE * len(words)


def _in_place(text: str, restored: Sequence[str]) -> str:
    """``text`` with each word replaced by its restored form, keeping the punctuation, the quotes and
    capitals the asker typed ("Tieu chuan “Chien si thi dua co so”?" → "Tiêu chuẩn “Chiến sĩ thi đua cơ
    sở”?"): the dense model reads a sentence, not a row of syllables. A word already marked stays."""
    matches = list(_WORD.finditer(text))
    if len(matches) != len(restored):  # folding changed the word count: the plain restored words
        return " ".join(restored)
    out, last = [], 0
    for m, word in zip(matches, restored, strict=True):
        typed = m.group(0)
        if fold(typed) != typed:
            word = typed  # marked as typed (or an abbreviation spelt out)
        elif typed.isupper() and len(typed) > 1:
            word = typed  # an abbreviation the vocabulary does not know
        elif typed[:1].isupper():
            word = word[:1].upper() + word[1:]
        out.append(text[last:m.start()] + word)
        last = m.end()
    return "".join(out) + text[last:]


def _spelled(plan: QueryPlan, vocabulary: Vocabulary, *, catalog: Catalog, today: date,
             at: date | None) -> QueryPlan:
    """Typos corrected and diacritics restored, as extra search text; the intents of the corrected text."""
    words = _WORD.findall(plan.folded)
    corrected = vocabulary.correct(words)
    typo = corrected != words
    bare = _typed_bare(plan.question)
    if not typo and not bare:
        return plan
    restored = _in_place(plan.text, vocabulary.restore(corrected)) if bare else plan.text
    # The corrected words in place, punctuation kept: a row of words would read a whole story as one asking
    # sentence ("… Mèo Vạc cũ … mới 11 năm" asking what changed, a story's dates as the time asked about).
    fixed = plan_query(restored if bare else _in_place(plan.folded, corrected), catalog=catalog, today=today, at=at)
    intents = fixed.intents if typo or not plan.intents else plan.intents
    return replace(plan, search_text=f"{plan.search_text} {fixed.search_text}", intents=intents,
                   dense_text=dense_reading(restored) if bare else plan.dense_query,
                   content_words=tuple(dict.fromkeys((*plan.content_words, *fixed.content_words))))
