"""The SQLite log of answers and feedback: ratings, CSV export, unanswered questions, retention."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from assistant import Answer, Citation
from bots.errors import UnknownAnswer
from bots.feedback import FeedbackEntry, FeedbackStore, LoggedAnswer, purge_daily


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def answer(answer_id: str, question: str, *, refused: bool = False) -> Answer:
    cite = Citation(doc_number="06/2022/QH15", doc_title="Luật Thi đua, khen thưởng", short_title="Luật TĐKT 2022",
                    article="24", clause="1", point="a", text="…", status="in_force",
                    label="Điểm a Khoản 1 Điều 24 Luật TĐKT 2022")
    return Answer(id=answer_id, question=question, text="…", citations=() if refused else (cite,), refused=refused,
                  as_of=date(2026, 1, 15))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[FeedbackStore]:
    s = FeedbackStore(tmp_path / "feedback.sqlite3", clock=clock)
    yield s
    s.close()


def test_feedback_joins_the_logged_answer(store: FeedbackStore) -> None:
    store.log_answer(answer("a1", "Tiêu chuẩn Lao động tiên tiến?"), channel="telegram")
    entry = store.add_feedback("a1", "up", "rõ ràng")
    assert (entry.question, entry.citations, entry.channel) == (
        "Tiêu chuẩn Lao động tiên tiến?", "Điểm a Khoản 1 Điều 24 Luật TĐKT 2022", "telegram")
    assert [f.comment for f in store.feedback()] == ["rõ ràng"]


def test_feedback_on_an_unknown_answer_is_refused(store: FeedbackStore) -> None:
    with pytest.raises(UnknownAnswer):
        store.add_feedback("khong-co", "down")
    with pytest.raises(ValueError, match="rating"):
        store.add_feedback("khong-co", "meh")  # type: ignore[arg-type]


def test_csv_neutralises_formulas(store: FeedbackStore) -> None:
    store.log_answer(answer("a1", "=1+1 là gì?"))
    store.add_feedback("a1", "down", "@SUM(A1) sai")
    out = io.StringIO()
    assert store.write_csv(out) == 1
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["question"] == "'=1+1 là gì?" and row["comment"] == "'@SUM(A1) sai" and row["refused"] == "0"


def test_unanswered_lists_refused_and_rated_down(store: FeedbackStore) -> None:
    store.log_answer(answer("ok", "Hồ sơ khen thưởng?"))
    store.log_answer(answer("refused", "Thời tiết hôm nay?", refused=True))
    store.log_answer(answer("down", "Mức tiền thưởng?"))
    store.add_feedback("ok", "up")
    store.add_feedback("down", "down", "thiếu khoản 2")
    gaps = {g.answer_id: g for g in store.unanswered()}
    assert set(gaps) == {"refused", "down"}
    assert gaps["refused"].reason == "refused" and gaps["down"].reason == "rated_down"
    assert gaps["down"].comment == "thiếu khoản 2"


def test_purge_removes_old_rows_only(store: FeedbackStore, clock: Clock) -> None:
    store.log_answer(answer("old", "Câu hỏi cũ?"))
    store.add_feedback("old", "down")
    clock.now += timedelta(days=100)
    store.log_answer(answer("new", "Câu hỏi mới?"))
    store.add_feedback("new", "up")
    report = store.purge(90)
    assert (report.answers, report.feedback) == (1, 1)
    assert [f.answer_id for f in store.feedback()] == ["new"]
    assert [g.answer_id for g in store.unanswered()] == []
    with pytest.raises(ValueError):
        store.purge(-1)


def test_purged_questions_leave_no_trace_in_the_file(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "feedback.sqlite3"
    store = FeedbackStore(path, clock=clock)
    secret = "Ông Nguyễn Văn Riêngtư ở phòng 1234 hỏi về kỷ luật"
    store.log_answer(answer("old", secret))
    clock.now += timedelta(days=100)
    store.log_answer(answer("new", "Câu hỏi mới?"))
    assert store.purge(90).answers == 1
    store.close()  # the last connection checkpoints the WAL into the file
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert "Câu hỏi mới?".encode() in blob and "Riêngtư".encode() not in blob


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def answer_logged(self, row: LoggedAnswer) -> None:
        self.events.append(("answer", f"{row.channel}:{int(row.refused)}"))

    def feedback_added(self, entry: FeedbackEntry) -> None:
        self.events.append(("feedback", entry.rating))


def test_listeners_hear_every_answer_and_rating(store: FeedbackStore) -> None:
    recorder = Recorder()
    store.subscribe(recorder)
    store.log_answer(answer("a1", "Hồ sơ?"), channel="zalo")
    store.log_answer(answer("a2", "Thời tiết?", refused=True), channel="web")
    store.add_feedback("a1", "down")
    with pytest.raises(UnknownAnswer):
        store.add_feedback("khong-co", "up")
    assert recorder.events == [("answer", "zalo:0"), ("answer", "web:1"), ("feedback", "down")]


def test_daily_purge_runs_at_once_and_then_on_schedule(store: FeedbackStore, clock: Clock) -> None:
    async def scenario() -> list[str]:
        store.log_answer(answer("a", "Câu hỏi tuần trước?"))
        clock.now += timedelta(days=40)
        task = asyncio.create_task(purge_daily(store, 30, every=0.05))
        for _ in range(200):  # the first purge, at start
            await asyncio.sleep(0.01)
            if not _answers(store):
                break
        store.log_answer(answer("b", "Câu hỏi hôm nay?"))
        kept = _answers(store)
        clock.now += timedelta(days=31)
        for _ in range(200):  # a later round
            await asyncio.sleep(0.01)
            if not _answers(store):
                break
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return kept + _answers(store)

    assert asyncio.run(scenario()) == ["b"]


def _answers(store: FeedbackStore) -> list[str]:
    """The answer ids in the file, read through a connection of its own (as `tdkt admin purge` would)."""
    with contextlib.closing(sqlite3.connect(store.path)) as db:
        return [r[0] for r in db.execute("SELECT id FROM answers ORDER BY id")]
