"""read_source: every supported format from fixtures written in tmp_path, and every bad input."""

from __future__ import annotations

import hashlib
import random
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest

from corpus.errors import (
    BinaryContent,
    CorruptDocument,
    DocumentTooLarge,
    EmptyDocument,
    NoTextLayer,
    UnsupportedFormat,
)
from corpus.read import read_source

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# A mini decree: the lines every reader must give back exactly.
DECREE = [
    "CHÍNH PHỦ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "NGHỊ ĐỊNH",
    "Quy định chi tiết một số điều của Luật Thi đua, khen thưởng",
    "Chương I",
    "NHỮNG QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Nghị định này quy định chi tiết về danh hiệu thi đua và hình thức khen thưởng.",
    "Điều 2. Hình thức khen thưởng",
    "1. Khen thưởng phải chính xác, công khai, công bằng, kịp thời.",
    "2. Các hình thức khen thưởng gồm:",
    "a) Huân chương;",
    "b) Huy chương;",
    "c) Danh hiệu vinh dự nhà nước;",
    "d) Bằng khen;",
    "đ) Giấy khen.",
    "Điều 3. Hiệu lực thi hành",
    "Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.",
]
TABLE = [("Hình thức", "Mức tiền thưởng"), ("Huân chương Lao động hạng Ba", "4,5 lần mức lương cơ sở")]
TABLE_LINES = [" | ".join(row) for row in TABLE]


def _assert_has_lines(text: str, expected: list[str]) -> None:
    lines = text.split("\n")
    missing = [line for line in expected if line not in lines]
    assert not missing, f"missing lines: {missing}"
    assert text == unicodedata.normalize("NFC", text)


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _pdf(pages: list[list[str]], *, header: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        if header:
            pdf.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 6, str(number), new_x="LMARGIN", new_y="NEXT", align="C")
    return bytes(pdf.output())


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for line in DECREE[:10]:
        document.add_paragraph(line)
    table = document.add_table(rows=len(TABLE), cols=2)
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for line in DECREE[10:]:
        document.add_paragraph(line)
    document.save(str(path))


def _to_cp1258(text: str) -> bytes:
    """Windows-1258 stores Vietnamese tone marks as combining characters after the base letter."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        marks = "".join(c for c in decomposed if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + marks)
    return "".join(out).encode("cp1258")


# --- formats ------------------------------------------------------------------------------


def test_txt_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, "nd.txt", "\n".join(DECREE) + "\n")
    source = read_source(path)
    _assert_has_lines(source.text, DECREE)
    assert source.format == "txt"
    assert source.path == str(path)
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_txt_utf8_bom_and_crlf(tmp_path: Path) -> None:
    path = _write(tmp_path, "nd.txt", b"\xef\xbb\xbf" + "\r\n".join(DECREE).encode("utf-8"))
    text = read_source(path).text
    _assert_has_lines(text, DECREE)
    assert "\r" not in text and "\ufeff" not in text


def test_txt_utf16_with_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, "nd.txt", "\n".join(DECREE).encode("utf-16"))
    _assert_has_lines(read_source(path).text, DECREE)


def test_txt_windows_1258(tmp_path: Path) -> None:
    path = _write(tmp_path, "nd.txt", _to_cp1258("\n".join(DECREE)))
    _assert_has_lines(read_source(path).text, DECREE)


def test_text_is_normalised(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Điều 1. Phạm vi điều chỉnh")
    raw = f"{decomposed}   \r\nNghị\u00a0định\u2009này quy\u200b định về khen thưởng.\t \r\n"
    text = read_source(_write(tmp_path, "nd.txt", raw)).text
    assert text.split("\n") == ["Điều 1. Phạm vi điều chỉnh", "Nghị định này quy định về khen thưởng."]


def test_txt_form_feeds_are_page_breaks(tmp_path: Path) -> None:
    # pdftotext output: pages split by "\f", each with the same running header.
    pages = [DECREE[:7], DECREE[7:12], DECREE[12:17], DECREE[17:]]
    raw = "\f".join("\n".join(["THÔNG TƯ SỐ 01/2024/TT-BNV", *page, str(n)]) for n, page in enumerate(pages, 1))
    assert read_source(_write(tmp_path, "nd.txt", raw)).text.split("\n") == DECREE


def test_md_vbpl_markup_is_removed(tmp_path: Path) -> None:
    lines = [
        "---", "so_hieu: 01/2025/NĐ-CP", "source: vbpl.vn", "---", "",
        "**NGHỊ ĐỊNH  ", "Quy định chi tiết một số điều  ", "của Luật Thi đua, khen thưởng**", "",
        "**Chương I**", "", "**NHỮNG QUY ĐỊNH CHUNG**", "",
        "**Điều 1. Phạm vi điều chỉnh**", "",
        "*Nghị định này quy định chi tiết về danh hiệu thi đua và hình thức khen thưởng.*", "",
        "## 1. Khen thưởng phải chính xác, công khai, công bằng, kịp thời.", "",
        "| Hình thức | Mức tiền thưởng |", "| --- | --- |",
        "| Huân chương Lao động hạng Ba | 4,5 lần mức lương cơ sở |", "",
        "**\\_\\_\\_\\_\\_**",
    ]
    text = read_source(_write(tmp_path, "nd.md", "\n".join(lines))).text
    assert text.split("\n") == [
        "NGHỊ ĐỊNH",
        "Quy định chi tiết một số điều của Luật Thi đua, khen thưởng",
        "Chương I",
        "NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Nghị định này quy định chi tiết về danh hiệu thi đua và hình thức khen thưởng.",
        "1. Khen thưởng phải chính xác, công khai, công bằng, kịp thời.",
        *TABLE_LINES,
    ]
    assert read_source(tmp_path / "nd.md").format == "md"


def test_html_blocks_become_lines(tmp_path: Path) -> None:
    head, items, tail = DECREE[:12], DECREE[12:17], DECREE[17:]
    body = "".join(f"<p>{line}</p>\n" for line in head[:7])
    body += f"<h3>{head[7]}</h3><div>{head[8]}<br>{head[9]}</div>"
    body += f"<p>{head[10]}</p><p>{head[11]}</p><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    body += "<table>" + "".join(f"<tr><th>{a}</th><td>{b}</td></tr>" for a, b in TABLE) + "</table>"
    body += "".join(f"<p>\n  {line}\n</p>" for line in tail)
    html = (
        "<!DOCTYPE html><html><head><title>Cổng thông tin</title><style>p{color:red}</style></head><body>"
        "<header>Trang chủ | Đăng nhập</header><nav><a href='/'>Văn bản mới</a></nav>"
        f"<script>var x = 'Điều 99.';</script><main>{body}</main><footer>Bản quyền 2025</footer>"
        "<!-- Điều 98. comment --></body></html>"
    )
    text = read_source(_write(tmp_path, "nd.html", html)).text
    _assert_has_lines(text, DECREE + TABLE_LINES)
    for junk in ("Trang chủ", "Văn bản mới", "Điều 99", "Điều 98", "Bản quyền", "color", "Cổng thông tin"):
        assert junk not in text
    assert read_source(tmp_path / "nd.html").format == "html"


def test_deeply_nested_html(tmp_path: Path) -> None:
    html = "<html><body>" + "<div>" * 3000 + f"<p>{DECREE[7]}</p>" + "</div>" * 3000 + "</body></html>"
    assert read_source(_write(tmp_path, "deep.html", html)).text == DECREE[7]


def test_html_legacy_charset_from_meta(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1258"></head><body>' + "".join(
        f"<p>{line}</p>" for line in DECREE) + "</body></html>"
    path = _write(tmp_path, "nd.htm", _to_cp1258(html))
    _assert_has_lines(read_source(path).text, DECREE)


def test_docx_paragraphs_and_table_in_body_order(tmp_path: Path) -> None:
    path = tmp_path / "nd.docx"
    _docx(path)
    source = read_source(path)
    _assert_has_lines(source.text, DECREE + TABLE_LINES)
    lines = source.text.split("\n")
    # The table sits between "Điều 2. Hình thức khen thưởng" and clause 1, as in the file.
    assert lines.index(DECREE[9]) < lines.index(TABLE_LINES[0]) < lines.index(TABLE_LINES[1]) < lines.index(
        DECREE[10])
    assert source.format == "docx"


def test_pdf_text_layer(tmp_path: Path) -> None:
    path = _write(tmp_path, "nd.pdf", _pdf([DECREE]))
    source = read_source(path)
    _assert_has_lines(source.text, DECREE)
    assert source.format == "pdf"
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_pdf_running_header_and_page_numbers_are_removed(tmp_path: Path) -> None:
    pages = [DECREE[:7], DECREE[7:12], DECREE[12:17], DECREE[17:]]
    path = _write(tmp_path, "nd.pdf", _pdf(pages, header="CÔNG BÁO/Số 571 + 572/Ngày 15-7-2022"))
    text = read_source(path).text
    assert text.split("\n") == DECREE


def test_pdf_wrapped_paragraph_is_joined(tmp_path: Path) -> None:
    long = ("1. Khen thưởng phải căn cứ vào điều kiện, tiêu chuẩn và thành tích đạt được, không nhất thiết "
            "phải có hình thức khen thưởng mức thấp mới được khen thưởng mức cao hơn; chú trọng khen thưởng "
            "cá nhân, tập thể trực tiếp lao động, sản xuất, học tập, công tác.")
    lines = ["Điều 4. Nguyên tắc khen thưởng", long, "2. Bảo đảm bình đẳng giới."]
    assert read_source(_write(tmp_path, "nd.pdf", _pdf([lines]))).text.split("\n") == lines


# --- bad inputs -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.docx", "empty.pdf"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(EmptyDocument) as info:
        read_source(_write(tmp_path, name, b""))
    assert info.value.path == str(tmp_path / name)
    assert info.value.code == "corpus.empty"


def test_whitespace_only_text(tmp_path: Path) -> None:
    with pytest.raises(EmptyDocument):
        read_source(_write(tmp_path, "blank.txt", " \n\t\r\n\u00a0\u200b\n  "))


def test_html_without_visible_text(tmp_path: Path) -> None:
    html = "<html><body><script>var a = 1;</script><nav>Menu</nav><p>  </p></body></html>"
    with pytest.raises(EmptyDocument):
        read_source(_write(tmp_path, "blank.html", html))


def test_docx_without_paragraphs(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(EmptyDocument):
        read_source(path)


def test_pdf_with_only_page_furniture(tmp_path: Path) -> None:
    path = _write(tmp_path, "furniture.pdf", _pdf([[], [], []], header="CÔNG BÁO/Số 1 + 2/Ngày 1-1-2024"))
    with pytest.raises(EmptyDocument):
        read_source(path)


def test_binary_junk_with_nul_bytes(tmp_path: Path) -> None:
    junk = random.Random(7).randbytes(4096) + b"\x00\x00"
    with pytest.raises(BinaryContent) as info:
        read_source(_write(tmp_path, "junk.txt", junk))
    assert info.value.code == "corpus.binary"


def test_binary_junk_without_nul_bytes(tmp_path: Path) -> None:
    junk = bytes(b for b in random.Random(3).randbytes(4096) if b)
    with pytest.raises(BinaryContent):
        read_source(_write(tmp_path, "junk.md", junk))


def test_invalid_utf16_is_binary(tmp_path: Path) -> None:
    with pytest.raises(BinaryContent):
        read_source(_write(tmp_path, "odd.txt", b"\xff\xfe" + b"\x00\xd8" + b"A"))


def test_corrupt_docx(tmp_path: Path) -> None:
    with pytest.raises(CorruptDocument) as info:
        read_source(_write(tmp_path, "bad.docx", random.Random(1).randbytes(2048)))
    assert info.value.code == "corpus.corrupt"


def test_docx_zip_without_document_part(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(CorruptDocument):
        read_source(path)


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj << /Type /Catalog", b"not a pdf at all", b"\x00" * 64])
def test_corrupt_pdf(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(CorruptDocument):
        read_source(_write(tmp_path, "bad.pdf", data))


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = _pdf([DECREE])
    with pytest.raises(CorruptDocument):
        read_source(_write(tmp_path, "cut.pdf", whole[: len(whole) // 3]))


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.set_fill_color(40, 40, 40)
        pdf.rect(20, 20, 120, 80, style="F")
    with pytest.raises(NoTextLayer) as info:
        read_source(_write(tmp_path, "scan.pdf", bytes(pdf.output())))
    assert info.value.code == "corpus.no_text_layer"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "nd.txt", "\n".join(DECREE))
    with pytest.raises(DocumentTooLarge) as info:
        read_source(path, max_bytes=100)
    assert info.value.data["max_bytes"] == 100
    assert read_source(path, max_bytes=path.stat().st_size).text


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB of NUL bytes that must never be read
        handle.seek(50_000_000 - 1)
        handle.write(b"\x00")
    with pytest.raises(DocumentTooLarge):
        read_source(path)


def test_max_bytes_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        read_source(_write(tmp_path, "nd.txt", "Điều 1."), max_bytes=0)


@pytest.mark.parametrize("name", ["nd.xyz", "nd.rtf", "README", "nd.txt.bak"])
def test_unknown_extension(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsupportedFormat) as info:
        read_source(_write(tmp_path, name, "\n".join(DECREE)))
    assert info.value.code == "corpus.unsupported_format"


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    _assert_has_lines(read_source(_write(tmp_path, "ND.TXT", "\n".join(DECREE))).text, DECREE)


@pytest.mark.skipif(any(shutil.which(c) for c in ("antiword", "catdoc", "soffice")),
                    reason="a .doc converter is installed")
def test_doc_needs_a_converter(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat, match="converter") as info:
        read_source(_write(tmp_path, "nd.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)))
    assert info.value.path == str(tmp_path / "nd.doc")
