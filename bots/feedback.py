"""Answers asked and feedback given, in SQLite under the data directory.

The log lets an admin see the gaps in the corpus (refused or rated-down questions) and
export ratings. Questions are personal data: the file is readable by its owner only, phone and
ID numbers are masked before a question is stored (``mask``), and rows are kept only for
``retention_days``: ``purge`` removes older ones.
"""

from __future__ import annotations

import asyncio
import csv
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal, Protocol, TextIO

from assistant import Answer
from bots.errors import UnknownAnswer

__all__ = [
    "FeedbackEntry",
    "FeedbackListener",
    "FeedbackStore",
    "LoggedAnswer",
    "PurgeReport",
    "Rating",
    "Unanswered",
    "mask_personal",
    "purge_daily",
]

logger = logging.getLogger(__name__)

Rating = Literal["up", "down"]
FILE_NAME = "feedback.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    refused INTEGER NOT NULL,
    citations TEXT NOT NULL,
    channel TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_created ON answers(created_at);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback(answer_id);
"""
# Vietnamese phone numbers (0… or +84…, 9–10 digits after the prefix, spaces, dots or dashes between)
# and ID numbers (CMND 9 digits, CCCD 12), not parts of longer numbers or of document numbers ("…/2022").
_PHONE = re.compile(r"(?<![\w/.,])(?:\+84|84|0)(?:[ .-]?\d){8,10}(?![\w/])")
_ID_NUMBER = re.compile(r"(?<![\w/.,])(?:\d{12}|\d{9})(?![\w/])")
PHONE_MASK = "[số điện thoại]"
ID_MASK = "[số giấy tờ]"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    id: str
    question: str
    refused: bool
    citations: str  # "; "-joined citation labels
    channel: str  # web | telegram | zalo
    created_at: str  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class FeedbackEntry:
    answer_id: str
    rating: Rating
    comment: str
    created_at: str
    question: str
    refused: bool
    citations: str
    channel: str


@dataclass(frozen=True, slots=True)
class Unanswered:
    """A question the documents did not answer well: refused, or rated down."""

    answer_id: str
    question: str
    reason: Literal["refused", "rated_down"]
    comment: str
    citations: str
    channel: str
    created_at: str


@dataclass(frozen=True, slots=True)
class PurgeReport:
    answers: int
    feedback: int


class FeedbackListener(Protocol):
    """Told of every answer logged and every rating added, on every channel (metrics count them)."""

    def answer_logged(self, row: LoggedAnswer) -> None: ...

    def feedback_added(self, entry: FeedbackEntry) -> None: ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def mask_personal(text: str) -> str:
    """The text with phone and ID numbers replaced by a placeholder."""
    return _ID_NUMBER.sub(ID_MASK, _PHONE.sub(PHONE_MASK, text))


class FeedbackStore:
    """Thread-safe: the web server writes from its thread pool."""

    def __init__(self, path: Path, *, clock: Callable[[], datetime] = _utcnow, mask: bool = True) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner only, before SQLite opens it: its -wal and -shm files take the same permissions.
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        os.chmod(path, 0o600)
        for side in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if side.exists():
                os.chmod(side, 0o600)
        self.path = path
        self.mask = mask
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # A log, not a ledger: in WAL mode NORMAL never corrupts, it may lose the last answers on power loss.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        # Purged questions are overwritten with zeros, not left readable in free pages of the file.
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.executescript(_SCHEMA)
        self._listeners: list[FeedbackListener] = []

    @classmethod
    def in_dir(cls, data_dir: Path, *, mask: bool = True) -> FeedbackStore:
        """The store of a data directory (``<data_dir>/feedback.sqlite3``)."""
        return cls(data_dir / FILE_NAME, mask=mask)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def subscribe(self, listener: FeedbackListener) -> None:
        """Tell ``listener`` of each answer logged and each rating added from now on."""
        self._listeners.append(listener)

    def log_answer(self, answer: Answer, *, channel: str = "web") -> LoggedAnswer:
        """Remember a question and how it was answered, so it can be rated and reviewed."""
        question = mask_personal(answer.question) if self.mask else answer.question
        row = LoggedAnswer(id=answer.id, question=question, refused=answer.refused,
                           citations="; ".join(c.label for c in answer.citations), channel=channel,
                           created_at=_stamp(self._clock()))
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                             (row.id, row.question, int(row.refused), row.citations, row.channel, row.created_at))
        for listener in self._listeners:
            listener.answer_logged(row)
        return row

    def add_feedback(self, answer_id: str, rating: Rating, comment: str = "") -> FeedbackEntry:
        """Record a 👍/👎; raises UnknownAnswer when the answer is not (or no longer) logged."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', got {rating!r}")
        now = _stamp(self._clock())
        with self._lock:
            found = self._db.execute("SELECT question, refused, citations, channel FROM answers WHERE id = ?",
                                     (answer_id,)).fetchone()
            if found is None:
                raise UnknownAnswer(f"no logged answer {answer_id!r}", answer_id=answer_id)
            if self.mask:
                comment = mask_personal(comment)
            self._db.execute("INSERT INTO feedback (answer_id, rating, comment, created_at) VALUES (?, ?, ?, ?)",
                             (answer_id, rating, comment, now))
        logger.info("feedback %s on answer %s", rating, answer_id)
        entry = FeedbackEntry(answer_id=answer_id, rating=rating, comment=comment, created_at=now,
                              question=found[0], refused=bool(found[1]), citations=found[2], channel=found[3])
        for listener in self._listeners:
            listener.feedback_added(entry)
        return entry

    def feedback(self) -> list[FeedbackEntry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT f.answer_id, f.rating, f.comment, f.created_at, a.question, a.refused, a.citations, a.channel "
                "FROM feedback f JOIN answers a ON a.id = f.answer_id ORDER BY f.created_at, f.id").fetchall()
        return [FeedbackEntry(answer_id=r[0], rating=r[1], comment=r[2], created_at=r[3], question=r[4],
                              refused=bool(r[5]), citations=r[6], channel=r[7]) for r in rows]

    def write_csv(self, out: TextIO) -> int:
        """All feedback as CSV (one row per rating); returns the number of rows."""
        writer = csv.writer(out)
        writer.writerow(["created_at", "answer_id", "rating", "comment", "question", "refused", "citations",
                         "channel"])
        entries = self.feedback()
        for e in entries:
            writer.writerow([e.created_at, e.answer_id, e.rating, _cell(e.comment), _cell(e.question),
                             int(e.refused), _cell(e.citations), e.channel])
        return len(entries)

    def unanswered(self, limit: int = 500) -> list[Unanswered]:
        """Refused or rated-down questions, newest first: the gaps in the corpus."""
        with self._lock:
            rows = self._db.execute(
                "SELECT a.id, a.question, a.refused, a.citations, a.channel, a.created_at, "
                "(SELECT group_concat(comment, ' | ') FROM feedback f WHERE f.answer_id = a.id AND f.comment != ''), "
                "EXISTS (SELECT 1 FROM feedback f WHERE f.answer_id = a.id AND f.rating = 'down') "
                "FROM answers a WHERE a.refused = 1 OR EXISTS "
                "(SELECT 1 FROM feedback f WHERE f.answer_id = a.id AND f.rating = 'down') "
                "ORDER BY a.created_at DESC LIMIT ?", (limit,)).fetchall()
        return [Unanswered(answer_id=r[0], question=r[1], reason="rated_down" if r[7] else "refused",
                           comment=r[6] or "", citations=r[3], channel=r[4], created_at=r[5]) for r in rows]

    def purge(self, older_than_days: int) -> PurgeReport:
        """Delete answers and feedback older than the given number of days."""
        if older_than_days < 0:
            raise ValueError(f"older_than_days must be >= 0, got {older_than_days}")
        cutoff = _stamp(self._clock() - timedelta(days=older_than_days))
        with self._lock:
            # <=: stamps have whole seconds, and 0 days must clear what was logged this very second.
            feedback = self._db.execute(
                "DELETE FROM feedback WHERE created_at <= ? OR answer_id IN "
                "(SELECT id FROM answers WHERE created_at <= ?)", (cutoff, cutoff)).rowcount
            answers = self._db.execute("DELETE FROM answers WHERE created_at <= ?", (cutoff,)).rowcount
        logger.info("purged %d answers and %d feedback rows older than %d days", answers, feedback, older_than_days)
        return PurgeReport(answers=answers, feedback=feedback)


async def purge_daily(store: FeedbackStore, retention_days: int, *, every: float = 24 * 3600.0) -> None:
    """Purge at once, then every ``every`` seconds, until cancelled (the server's lifespan runs it)."""
    while True:
        try:
            await asyncio.to_thread(store.purge, retention_days)
        except sqlite3.Error as exc:  # a full or read-only disk must not stop the server; tried again later
            logger.error("purge of answers older than %d days failed: %s", retention_days, exc)
        await asyncio.sleep(every)


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value
