"""`tdkt batch`, `quiz`, `mau`, `hoso` through click, on the shared corpus index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from bots.cli import cli
from corpus import Catalog
from indexer import IndexSettings, Store, ingest
from tests.conftest import SHARED, shared_or_skip

pytestmark = pytest.mark.slow  # builds on the whole shared corpus


def _tdkt(data_dir: Path, name: str, *args: str) -> tuple[int, str, str]:
    # The command itself, not the `tdkt` group: the group configures logging for the whole process.
    command = cli.commands[name]
    result = CliRunner().invoke(command, list(args), obj={"config": None, "data_dir": data_dir},
                                env={"TDKT_TODAY": "2026-11-22"})
    return result.exit_code, result.stdout, result.stderr


def test_batch_writes_a_docx_and_says_what_is_not_covered(shared_index: Path, tmp_path: Path) -> None:
    questions = tmp_path / "cau-hoi.csv"
    questions.write_text("stt,câu hỏi\n1,Hồ sơ đề nghị tặng Giấy khen gồm những gì?\n2,Giá vàng hôm nay?\n",
                         encoding="utf-8")
    out = tmp_path / "dap-an.docx"
    code, stdout, _ = _tdkt(shared_index, "batch", str(questions), "--out", str(out))
    assert code == 0, stdout
    assert "Đã trả lời 1/2 câu" in stdout and "câu 2" in stdout
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Câu 1. Hồ sơ đề nghị tặng Giấy khen gồm những gì?" in texts


def test_batch_rejects_an_unknown_output_format(shared_index: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("Hồ sơ Giấy khen?\n", encoding="utf-8")
    code, _, stderr = _tdkt(shared_index, "batch", str(questions), "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and ".docx" in stderr


def test_quiz_is_the_same_for_the_same_seed(shared_index: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for out in (a, b):
        code, stdout, _ = _tdkt(shared_index, "quiz", "-n", "6", "--seed", "9", "--out", str(out))
        assert code == 0 and "mã đề 9" in stdout
    assert json.loads(a.read_text("utf-8")) == json.loads(b.read_text("utf-8"))
    code, _, _ = _tdkt(shared_index, "quiz", "-n", "4", "--topic", "hồ sơ", "--out", str(tmp_path / "q.docx"))
    assert code == 0 and (tmp_path / "q.docx").stat().st_size > 0


def test_hoso_prints_cited_lines_and_writes_a_file(shared_index: Path, tmp_path: Path) -> None:
    out = tmp_path / "hoso.md"
    code, stdout, _ = _tdkt(shared_index, "hoso", "CSTĐ toàn quốc", "--out", str(out))
    assert code == 0
    assert stdout.startswith("Hồ sơ đề nghị Chiến sĩ thi đua toàn quốc")
    assert "Căn cứ: Điểm a Khoản 2 Điều 36 Nghị định 152/2025/NĐ-CP" in stdout
    assert out.read_text("utf-8").count("- [ ]") == stdout.count("☐")
    code, stdout, _ = _tdkt(shared_index, "hoso", "--list")
    assert code == 0 and "giay-khen" in stdout


def test_mau_lists_finds_and_exports_forms(tmp_path: Path) -> None:
    shared_or_skip()
    docs = tmp_path / "docs"
    docs.mkdir()
    source = SHARED / "corpus" / "original" / "tt-07-2026-tt-bgddt.pdf-text.txt"
    shutil.copy(source, docs / source.name)
    data = tmp_path / "data"
    store = Store(IndexSettings(), data)
    try:
        ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
    finally:
        store.close()
    code, stdout, _ = _tdkt(data, "mau")
    assert code == 0 and stdout.count("Mẫu số ") >= 13
    code, stdout, _ = _tdkt(data, "mau", "tờ trình kỷ niệm chương")
    assert stdout.startswith("Mẫu số 06. Tờ trình đề nghị xét tặng Kỷ niệm chương")
    out = tmp_path / "mau-06.docx"
    code, stdout, _ = _tdkt(data, "mau", "--export", "6", "--out", str(out))
    assert code == 0 and "TỜ TRÌNH" in [p.text for p in docx.Document(str(out)).paragraphs]
    code, _, stderr = _tdkt(data, "mau", "--export", "99", "--out", str(tmp_path / "x.docx"))
    assert code == 1 and stderr.startswith("Lỗi:")
