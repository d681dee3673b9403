"""Click's own texts (usage, help, errors) in Vietnamese, through gettext as Click intends.

Click marks its texts with ``gettext``; ``install`` points the process's gettext domain at
``bots/locale/vi/LC_MESSAGES/tdkt.mo``, built from ``CATALOG`` by ``write_mo`` (run this module to
rebuild it after changing the catalog; a test checks the file is current). ``LANGUAGE`` chooses
the language as usual: unset, tdkt speaks Vietnamese; ``LANGUAGE=en`` gives Click's English.
"""

from __future__ import annotations

import gettext
import os
import struct
from pathlib import Path

__all__ = ["CATALOG", "DOMAIN", "LOCALE_DIR", "install", "mo_bytes", "write_mo"]

DOMAIN = "tdkt"
LOCALE_DIR = Path(__file__).parent / "locale"
_HEADER = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=1; plural=0;\n"

# msgid → msgstr; a plural entry's msgid is "singular\0plural" and its msgstr has one form (Vietnamese).
CATALOG: dict[str, str] = {
    "Usage:": "Cách dùng:",
    "Options": "Tuỳ chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Đối số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ '{command} {option}' để xem hướng dẫn.",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tuỳ chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing command.": "Thiếu lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tuỳ chọn {name!r}.",
    "Option {name!r} does not take a value.": "Tuỳ chọn {name!r} không nhận giá trị.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Aborted!": "Đã huỷ!",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải {number_type} hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là thư mục.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là tệp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} không đọc được.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} không ghi được.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "file": "Tệp",
    "directory": "Thư mục",
    "path": "Đường dẫn",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Do you want to continue?": "Bạn có muốn tiếp tục?",
    "Did you mean {possibility}?\0(Did you mean one of: {possibilities}?)":
        "(Có phải ý bạn là: {possibilities}?)",
    "Got unexpected extra argument ({args})\0Got unexpected extra arguments ({args})":
        "Thừa đối số ({args})",
    "Option {name!r} requires an argument.\0Option {name!r} requires {nargs} arguments.":
        "Tuỳ chọn {name!r} cần {nargs} giá trị.",
    "{value!r} is not {choice}.\0{value!r} is not one of {choices}.":
        "{value!r} không thuộc các giá trị: {choices}.",
}


def mo_bytes(catalog: dict[str, str]) -> bytes:
    """A GNU .mo file (the format ``gettext.GNUTranslations`` reads) for the catalog and its header."""
    entries = sorted({"": _HEADER, **catalog}.items())
    ids = [k.encode("utf-8") for k, _ in entries]
    strs = [v.encode("utf-8") for _, v in entries]
    start = 7 * 4 + 16 * len(entries)
    offsets: list[tuple[int, int]] = []
    blob = b""
    for data in ids + strs:
        offsets.append((len(data), start + len(blob)))
        blob += data + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, len(entries), 7 * 4, 7 * 4 + 8 * len(entries), 0, 0)
    table = b"".join(struct.pack("<2I", n, off) for n, off in offsets)
    return head + table + blob


def write_mo() -> Path:
    path = LOCALE_DIR / "vi" / "LC_MESSAGES" / f"{DOMAIN}.mo"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(mo_bytes(CATALOG))
    return path


def install() -> None:
    """Click's texts in Vietnamese for this process (unless ``LANGUAGE`` asks for another language)."""
    os.environ.setdefault("LANGUAGE", "vi")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)


if __name__ == "__main__":
    print(write_mo())
