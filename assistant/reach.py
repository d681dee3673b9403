"""What the library reaches, for the scope gate: whose own rules it holds, which neighbouring
fields of law it speaks of, which awards' dossiers it hands to another body.

Both are read from the passages, once per index generation, and only when a question needs
them (it names a body's own award, or a neighbouring field): most questions never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from assistant.bodies import addressed_bodies
from assistant.delegation import QUOTED, Delegation, delegations
from assistant.neighbours import absent_fields, handed_over_fields
from corpus.text import fold
from indexer import Chunk

__all__ = ["Reach"]

_WORD = re.compile(r"\w+")
_NAME_WORDS = 3  # a name in quotes this long is a title the library confers ("Công dân Thủ đô ưu tú"), not a word


class Reach:
    def __init__(self, chunks: Callable[[], Iterable[Chunk]]) -> None:
        self._chunks = chunks
        self._addressed: tuple[frozenset[str], frozenset[str]] | None = None
        self._absent: frozenset[str] | None = None
        self._handed: tuple[Delegation, ...] | None = None
        self._written: str | None = None
        self._titles: frozenset[str] | None = None
        self._quoted: tuple[str, ...] | None = None
        self._issuers: str | None = None
        self._handed_fields: frozenset[str] | None = None

    def load(self) -> None:
        """Read both now (a server warming up), not on the first question that needs them."""
        self.holds_rules_of("")
        self.speaks_of("")
        self.handed_off()
        self.writes("")
        self.titles("")
        self.quotes("")
        self.issued_in("")
        self.hands_over("")

    def holds_rules_of(self, body: str) -> bool:
        """Does the library hold the body's own rules (a text it issued, an in-force passage naming its award)?"""
        if self._addressed is None:
            self._addressed = addressed_bodies(self._chunks())
        return body in self._addressed[1]

    def holds_text_of(self, body: str) -> bool:
        """Does the library hold a text the body issued (in force or replaced)?"""
        if self._addressed is None:
            self._addressed = addressed_bodies(self._chunks())
        return body in self._addressed[0]

    def speaks_of(self, field: str) -> bool:
        """Does an in-force passage (or a training material) speak of this neighbouring field, other than
        by naming a body ("Bảo hiểm xã hội Việt Nam")?"""
        if self._absent is None:
            self._absent = absent_fields(self._chunks())
        return field not in self._absent

    def writes(self, words: str) -> bool:
        """Does an in-force passage (or a training material) write these folded, lower-case words in a row
        ("sang tao khoa hoc cong nghe viet nam")? Read once: the folded text of the whole library."""
        if self._written is None:  # one passage a line, each word between spaces: " words " finds whole words
            self._written = "".join(" " + " ".join(_WORD.findall(fold(c.titled_text).lower())) + " \n"
                                    for c in self._chunks() if c.speaks_today)
        return f" {words} " in self._written

    def titles(self, words: str) -> bool:
        """Is ``words`` (folded, lower case) the name an in-force article is titled with, whole ("huy chuong
        quan ky quyet thang" for "Điều 55. Huy chương “Quân kỳ quyết thắng”")?"""
        if self._titles is None:
            self._titles = frozenset(" ".join(_WORD.findall(fold(c.article_title).lower()))
                                     for c in self._chunks() if c.speaks_today and c.article_title)
        return words in self._titles

    def confers(self, words: str) -> bool:
        """Are these folded, lower-case words, whole, a title the library writes in quotes ("giai thuong ho chi
        minh")?"""
        return words in self._quoted_names()

    def quotes(self, words: str) -> bool:
        """Do these folded, lower-case words name, whole, a title an in-force passage or its document's title
        writes in quotes (“Công dân Thủ đô ưu tú” of a province's rules)? The library's own awards, whatever
        the list of domain terms knows."""
        padded = f" {words} "
        return any(f" {name} " in padded for name in self._quoted_names())

    def _quoted_names(self) -> tuple[str, ...]:
        if self._quoted is None:
            found = {" ".join(_WORD.findall(fold(m.group(1)).lower()))
                     for c in self._chunks() if c.speaks_today
                     for m in QUOTED.finditer(f"{c.doc_title}\n{c.titled_text}")}
            self._quoted = tuple(sorted(n for n in found if len(n.split()) >= _NAME_WORDS))
        return self._quoted

    def hands_over(self, field: str) -> bool:
        """Does an in-force passage hand the field's rules to another text (who sets them is then on hand)?"""
        if self._handed_fields is None:
            self._handed_fields = handed_over_fields(self._chunks())
        return field in self._handed_fields

    def issued_in(self, place: str) -> bool:
        """Does a text of the library come from this province or city (folded, lower-case name: "ha noi" of
        "Ủy ban nhân dân thành phố Hà Nội")? Its own rules are then on hand."""
        if self._issuers is None:
            self._issuers = "\n".join(sorted({" " + " ".join(_WORD.findall(fold(c.issuer).lower())) + " "
                                               for c in self._chunks() if c.issuer}))
        return bool(place) and f" {place} " in self._issuers

    def handed_off(self) -> tuple[Delegation, ...]:
        """Awards whose dossier or procedure the library hands to another body and nowhere sets out."""
        if self._handed is None:
            self._handed = delegations(self._chunks())
        return self._handed
