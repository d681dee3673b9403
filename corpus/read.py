"""Files → text: the only place that opens documents (txt, md, html, docx, pdf, legacy doc).

Every reader returns plain text with one block (paragraph, heading, list item, table
row) per line. ``read_source`` then normalises it with ``corpus.text.normalize`` and
removes page furniture with ``corpus.clean.strip_furniture``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError
from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from corpus.clean import PAGE_BREAK, strip_furniture
from corpus.errors import (
    BinaryContent,
    CorruptDocument,
    DocumentTooLarge,
    EmptyDocument,
    NoTextLayer,
    UnsupportedFormat,
)
from corpus.records import SourceText
from corpus.text import normalize

__all__ = ["FORMATS", "MAX_UNPACKED_BYTES", "check_zip", "read_source"]

logger = logging.getLogger(__name__)

_CONVERTER_TIMEOUT_S = 120
# A decoded text file with more control characters than this is binary junk.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Vietnamese letters beyond ASCII, used to choose between the two legacy code pages.
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                  "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ")
_LEGACY_ENCODINGS = ("cp1258", "cp1252")

_HTML_DROP = ("script", "style", "nav", "header", "footer", "noscript", "template", "head")
_HTML_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "section", "article",
    "main", "aside", "table", "thead", "tbody", "tfoot", "caption", "ul", "ol", "dl", "figure", "figcaption",
    "address", "center", "form", "fieldset", "legend", "hr",
})
_WS = re.compile(r"\s+")


def read_source(path: Path, *, max_bytes: int = 20_000_000) -> SourceText:
    """Read one document as normalised text without page furniture."""
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        allowed = ", ".join(sorted(_READERS))
        raise UnsupportedFormat(f"unsupported file type {suffix or '(none)'!r} (allowed: {allowed})", path,
                                suffix=suffix)
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentTooLarge(f"file is {size} bytes, limit is {max_bytes}", path, size=size,
                               max_bytes=max_bytes)
    if size == 0:
        raise EmptyDocument("file is empty", path)
    data = path.read_bytes()
    raw = reader(path, data)
    text = strip_furniture(normalize(raw))
    if not text.strip():
        raise EmptyDocument("no text left after removing whitespace and page furniture", path)
    fmt = FORMATS[suffix]
    logger.debug("read %s: %s, %d bytes -> %d lines", path, fmt, size, text.count("\n") + 1)
    return SourceText(path=str(path), text=text, format=fmt, sha256=hashlib.sha256(data).hexdigest())


# --- plain text and markdown -------------------------------------------------------------


def _read_plain(path: Path, data: bytes) -> str:
    text = _decode(path, data)
    controls = len(_CONTROL.findall(text))
    if controls > max(1, len(text) * _MAX_CONTROL_SHARE):
        raise BinaryContent(f"text has {controls} control characters in {len(text)}", path)
    # pdftotext separates pages with form feeds; mark them like the PDF reader does.
    pages = text.split("\f")
    if len(pages) == 1:
        return text
    return "\n".join(f"{PAGE_BREAK.format(n)}\n{page}" for n, page in enumerate(pages, 1))


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else a Vietnamese or Western code page."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(path, data, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(path, data, "utf-16")
    if b"\x00" in data:
        raise BinaryContent("text file contains NUL bytes", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[int, int, str, str]] = []
    for rank, encoding in enumerate(_LEGACY_ENCODINGS):
        try:
            text = unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
        foreign = sum(1 for c in text if ord(c) > 127 and c.isalpha() and c not in _VIETNAMESE)
        candidates.append((foreign, rank, encoding, text))
    if not candidates:
        raise BinaryContent("bytes are neither UTF-8 nor a known code page", path)
    _, _, encoding, text = min(candidates)
    logger.info("%s is not UTF-8; decoded as %s", path, encoding)
    return text


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BinaryContent(f"invalid {encoding} text: {exc.reason} at byte {exc.start}", path) from exc


# --- HTML ---------------------------------------------------------------------------------


def _read_html(path: Path, data: bytes) -> str:
    try:
        markup: str | bytes = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        markup = data  # let BeautifulSoup read the <meta charset>
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    parts: list[str] = []
    _html_blocks(soup, parts)
    return "\n".join(_WS.sub(" ", line).strip() for line in "".join(parts).split("\n"))


def _html_blocks(root: Tag, out: list[str]) -> None:
    """Append the text below ``root``, with a newline around every block element.

    Iterative, so that deeply nested markup cannot exhaust the recursion limit.
    """
    stack: list[Iterator[PageElement] | str] = [iter(root.children)]
    while stack:
        top = stack[-1]
        if isinstance(top, str):  # the newline that closes a block
            out.append(top)
            stack.pop()
            continue
        child = next(top, None)
        if child is None:
            stack.pop()
        elif isinstance(child, PreformattedString):  # comments, doctype, CDATA
            continue
        elif isinstance(child, NavigableString):
            out.append(_WS.sub(" ", str(child)))
        elif not isinstance(child, Tag):
            continue
        elif child.name == "br":
            out.append("\n")
        elif child.name == "tr":
            found = child.find_all(("td", "th"), recursive=False)
            cells = (_WS.sub(" ", cell.get_text(" ")).strip() for cell in found)
            out.append("\n" + " | ".join(cell for cell in cells if cell) + "\n")
        elif child.name == "pre":
            out.append("\n" + child.get_text() + "\n")
        elif child.name in _HTML_BLOCKS:
            out.append("\n")
            stack.extend(["\n", iter(child.children)])
        else:
            stack.append(iter(child.children))


# --- DOCX ---------------------------------------------------------------------------------


# A .docx is a zip: its declared sizes are checked before anything is inflated (a zip bomb of a few
# hundred KB can inflate to gigabytes). Python's zipfile never returns more than a member's declared
# size, so the declared sizes bound the memory used. A real legal document's XML is a few MB.
MAX_UNPACKED_BYTES = 200_000_000
MAX_XML_PART_BYTES = 40_000_000
MAX_ZIP_MEMBERS = 5_000


def check_zip(source: Path | bytes, *, name: Path | None = None) -> None:
    """``DocumentTooLarge`` when the zip would inflate past the limits; ``CorruptDocument`` when it is no zip."""
    where = name or (source if isinstance(source, Path) else Path("?"))
    try:
        with zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocument(f"not a readable zip: {exc}", where) from exc
    total = sum(m.file_size for m in members)
    biggest_xml = max((m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels"))), default=0)
    if len(members) > MAX_ZIP_MEMBERS or total > MAX_UNPACKED_BYTES or biggest_xml > MAX_XML_PART_BYTES:
        raise DocumentTooLarge(f"zip of {len(members)} members inflates to {total} bytes (largest XML part "
                               f"{biggest_xml})", where, size=total, max_bytes=MAX_UNPACKED_BYTES)


def _read_docx(path: Path, data: bytes) -> str:
    check_zip(data, name=path)
    try:
        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document.element.body))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, XMLSyntaxError, ValueError) as exc:
        raise CorruptDocument(f"not a readable .docx: {exc}", path) from exc


def _docx_blocks(container: BaseOxmlElement) -> Iterator[str]:
    """Paragraphs and table rows in body order; cells joined by " | "."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, None).text  # type: ignore[arg-type]  # text needs no parent
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                # Merged cells are one w:tc (gridSpan) or an empty continuation (vMerge).
                cells = (" ".join(line for line in _docx_blocks(cell) if line.strip())
                         for cell in row.iterchildren(qn("w:tc")))
                yield " | ".join(cell for cell in cells if cell)
        elif child.tag == qn("w:sdt"):  # content controls wrap ordinary paragraphs
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _docx_blocks(content)


# --- PDF ----------------------------------------------------------------------------------


def _read_pdf(path: Path, data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedFormat("PDF is encrypted with a password", path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except DependencyError as exc:  # AES-encrypted PDFs need the optional 'cryptography' package
        raise UnsupportedFormat(f"cannot decrypt PDF: {exc}", path) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, zlib.error) as exc:
        raise CorruptDocument(f"not a readable PDF: {exc}", path) from exc
    if not pages:
        raise EmptyDocument("PDF has no pages", path)
    blank = sum(1 for page in pages if not page.strip())
    if blank == len(pages):
        raise NoTextLayer(f"none of the {len(pages)} pages has a text layer (scanned?)", path,
                          pages=len(pages))
    if blank:
        logger.warning("%s: %d of %d pages have no text layer", path, blank, len(pages))
    # Page markers let strip_furniture find running headers and join across pages.
    return "\n".join(f"{PAGE_BREAK.format(n)}\n{page}" for n, page in enumerate(pages, 1))


# --- legacy .doc --------------------------------------------------------------------------


def _read_doc(path: Path, data: bytes) -> str:
    del data  # the converters read the file themselves
    for name, command in (
        ("antiword", lambda exe, _: [exe, "-m", "UTF-8.txt", str(path)]),
        ("catdoc", lambda exe, _: [exe, "-d", "utf-8", str(path)]),
        ("soffice", lambda exe, out: [exe, "--headless", "--convert-to", "txt:Text (encoded):UTF8",
                                      "--outdir", out, str(path)]),
    ):
        exe = shutil.which(name)
        if exe is not None:
            return _convert(path, name, exe, command)
    raise UnsupportedFormat("legacy .doc needs a converter on PATH (antiword, catdoc or soffice)", path,
                            suffix=".doc")


def _convert(path: Path, name: str, exe: str, command: Callable[[str, str], list[str]]) -> str:
    with tempfile.TemporaryDirectory(prefix="tdkt-doc-") as out:
        try:
            done = subprocess.run(command(exe, out), capture_output=True, timeout=_CONVERTER_TIMEOUT_S,
                                  check=False)
        except subprocess.TimeoutExpired as exc:
            raise CorruptDocument(f"{name} took over {_CONVERTER_TIMEOUT_S} s", path) from exc
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip()[:200]
            raise CorruptDocument(f"{name} failed ({done.returncode}): {detail}", path)
        if name == "soffice":
            produced = Path(out) / f"{path.stem}.txt"
            if not produced.is_file():
                raise CorruptDocument("soffice produced no text", path)
            return _strict(path, produced.read_bytes(), "utf-8-sig")
        return _strict(path, done.stdout, "utf-8")


_READERS: dict[str, Callable[[Path, bytes], str]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".doc": _read_doc,
}
FORMATS: dict[str, str] = {
    ".txt": "txt", ".md": "md", ".html": "html", ".htm": "html",
    ".docx": "docx", ".pdf": "pdf", ".doc": "doc",
}
