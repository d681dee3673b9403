"""`tdkt telegram` refuses to start without a bot token."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bots.commands_bots import telegram


def test_telegram_command_needs_a_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TDKT_TELEGRAM_TOKEN", raising=False)
    result = CliRunner().invoke(telegram, obj={"config": None, "data_dir": tmp_path})
    assert result.exit_code == 2 and "TDKT_TELEGRAM_TOKEN" in result.output
