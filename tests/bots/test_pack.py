"""`tdkt pack` and `tdkt quiz` for trainers, read back as LibreOffice lays them out (PDF).

The packs for two training-report topics are converted with LibreOffice headless; the PDF text must
show page numbers, the cited outline, the old/new table, the questions and the quiz with its key.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner

from bots.cli import cli
from tests.conftest import SHARED

pytestmark = pytest.mark.slow  # builds on the whole shared corpus

REAL = SHARED / "questions" / "real-dev.jsonl"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _tdkt(data_dir: Path, name: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.commands[name], list(args), obj={"config": None, "data_dir": data_dir},
                                env={"TDKT_TODAY": "2026-11-22"})
    return result.exit_code, result.stdout, result.stderr


def _pdf_text(path: Path, tmp_path: Path) -> str:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / f"{path.stem}.pdf"
    reader = pypdf.PdfReader(str(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_quiz_on_an_uncovered_topic_declines_with_a_message(shared_index: Path, tmp_path: Path) -> None:
    out = tmp_path / "q.docx"
    code, _, stderr = _tdkt(shared_index, "quiz", "--topic", "thuế thu nhập cá nhân", "--out", str(out))
    assert code == 1
    assert "không quy định về chủ đề “thuế thu nhập cá nhân”" in stderr
    assert not out.exists()


def test_quiz_student_version_and_separate_key(shared_index: Path, tmp_path: Path) -> None:
    out, key = tmp_path / "de.docx", tmp_path / "dap-an.docx"
    code, stdout, _ = _tdkt(shared_index, "quiz", "--topic", "chiến sĩ thi đua", "-n", "8", "--seed", "3",
                            "--out", str(out), "--key-out", str(key))
    assert code == 0, stdout
    student = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    answers = "\n".join(p.text for p in docx.Document(str(key)).paragraphs)
    assert "Đáp án" not in student and "Căn cứ:" not in student
    assert answers.count("Căn cứ:") == len(re.findall(r"^Câu \d+$", student, re.MULTILINE)) >= 5
    footer = docx.Document(str(out)).sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


@pytest.mark.parametrize(("topic", "old_doc"), [
    ("8 điểm mới của Luật Thi đua, khen thưởng 2022", "15/2003/QH11"),
    ("hồ sơ đề nghị khen thưởng cấp Nhà nước", "91/2017/NĐ-CP"),
])
def test_pack_converts_to_pdf_with_pages_outline_changes_questions_and_quiz(
        shared_index: Path, tmp_path: Path, topic: str, old_doc: str) -> None:
    out = tmp_path / "pack.docx"
    code, stdout, stderr = _tdkt(shared_index, "pack", topic, "--questions", str(REAL), "--out", str(out))
    assert code == 0, stdout + stderr
    text = _pdf_text(out, tmp_path)
    flat = _flat(text)
    pages = re.findall(r"Trang (\d+)/(\d+)", flat)
    assert pages and pages[0] == ("1", pages[0][1]) and int(pages[0][1]) > 1
    assert "I. Các quy định áp dụng" in flat and flat.count("Căn cứ:") >= 5
    assert "Quy định cũ" in flat and "Quy định hiện hành" in flat and old_doc in flat
    assert "III. Câu hỏi thường gặp" in flat and "(câu hỏi thực tế)" in flat and "(câu hỏi gợi ý)" in flat
    assert "IV. Câu hỏi trắc nghiệm" in flat and "Đáp án câu hỏi trắc nghiệm" in flat and "Câu 1" in flat
    if topic.startswith("8 điểm"):
        for n in range(1, 9):
            assert f"{n}. ({n}) " in flat  # each of the eight points, as the report words it
        assert "Huy chương Thanh niên xung phong vẻ vang" in flat and "Điều 96" in flat
