"""`tdkt admin purge`: questions and feedback older than the retention period go, newer ones stay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from assistant import Answer
from bots.commands_admin import admin
from bots.feedback import FeedbackStore


def _obj(data_dir: Path) -> dict[str, object]:
    """What the `tdkt` group passes down (invoking the group itself would configure logging globally)."""
    return {"config": None, "data_dir": data_dir}


def _log(data_dir: Path, answer_id: str, days_ago: int) -> None:
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    store = FeedbackStore.in_dir(data_dir) if days_ago == 0 else FeedbackStore(data_dir / "feedback.sqlite3",
                                                                                 clock=lambda: moment)
    try:
        store.log_answer(Answer(id=answer_id, question=f"Câu hỏi {answer_id}?", text="…", citations=(),
                                refused=True, as_of=date(2026, 1, 15)), channel="telegram")
        store.add_feedback(answer_id, "down")
    finally:
        store.close()


def _remaining(data_dir: Path) -> list[str]:
    store = FeedbackStore.in_dir(data_dir)
    try:
        return sorted(f.answer_id for f in store.feedback())
    finally:
        store.close()


def test_purge_uses_the_retention_setting(tmp_path: Path) -> None:
    for answer_id, days_ago in (("a-200", 200), ("b-100", 100), ("c-10", 10), ("d-0", 0)):
        _log(tmp_path, answer_id, days_ago)
    result = CliRunner().invoke(admin, ["purge"], obj=_obj(tmp_path), env={"TDKT_RETENTION_DAYS": "150"})
    assert result.exit_code == 0, result.output
    assert result.output == "Đã xoá 1 câu hỏi và 1 góp ý cũ hơn 150 ngày.\n"
    assert _remaining(tmp_path) == ["b-100", "c-10", "d-0"]
    result = CliRunner().invoke(admin, ["purge"], obj=_obj(tmp_path),
                                env={"TDKT_RETENTION_DAYS": None})  # the default: 90 days
    assert "Đã xoá 1 câu hỏi" in result.output and _remaining(tmp_path) == ["c-10", "d-0"]


def test_purge_days_option_wins_and_zero_clears_everything(tmp_path: Path) -> None:
    _log(tmp_path, "c-10", 10)
    _log(tmp_path, "d-0", 0)
    runner = CliRunner()
    assert runner.invoke(admin, ["purge", "--days", "5"], obj=_obj(tmp_path)).exit_code == 0
    assert _remaining(tmp_path) == ["d-0"]
    result = runner.invoke(admin, ["purge", "--days", "0"], obj=_obj(tmp_path))
    assert result.exit_code == 0 and _remaining(tmp_path) == []
    bad = runner.invoke(admin, ["purge", "--days", "-1"], obj=_obj(tmp_path))
    assert bad.exit_code == 2


def test_installed_tdkt_has_the_admin_group(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    _log(tmp_path, "old", 400)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")}
    done = subprocess.run([str(Path(sys.executable).parent / "tdkt"), "--data-dir", str(tmp_path), "admin", "purge"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Đã xoá 1 câu hỏi và 1 góp ý cũ hơn 90 ngày.\n" and _remaining(tmp_path) == []
