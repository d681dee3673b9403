"""Chat rendering: escaping, and splitting long messages without breaking quotes or tags."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date

import pytest

from assistant import Answer, Citation
from assistant.records import Decision, Quote
from bots.render import plain_answer, split_message, telegram_answer, utf16_len

_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^<>]*>")


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for m in _TAG.finditer(text):
        if m.group(1):
            if not stack or stack.pop() != m.group(2):
                return False
        else:
            stack.append(m.group(2))
    return not stack


def _citation(article: str, status: str = "in_force") -> Citation:
    return Citation(doc_number="98/2031/QH98", doc_title="Luật Khen thưởng cây xanh", short_title="Luật 98/2031/QH98",
                    article=article, clause=None, point=None, text="…", status=status,
                    label=f"Điều {article} Luật 98/2031/QH98")


def _answer(text: str, *cites: Citation, notes: tuple[str, ...] = ()) -> Answer:
    return Answer(id="a" * 32, question="?", text=text, citations=cites, refused=False, as_of=date(2031, 6, 1),
                  notes=notes)


def test_telegram_answer_renders_the_structure_escaped() -> None:
    cites = (replace(_citation("2"), text="Trồng từ 100 cây & chăm sóc > 90%"), _citation("9", "superseded"))
    answer = replace(_answer("(văn bản không dùng để hiển thị)", *cites, notes=("Chưa rõ hiệu lực.",)),
                     lead="Theo Điều 2 <script>: trồng từ 100 cây.",
                     quotes=(Quote(0, cites[0].text, cites[0].label), Quote(1, "Điều cũ", cites[1].label)))
    html = telegram_answer(answer)
    assert html.startswith("<b>Theo Điều 2 &lt;script&gt;: trồng từ 100 cây.</b>") and "<script>" not in html
    assert "<blockquote>«Trồng từ 100 cây &amp; chăm sóc &gt; 90%»</blockquote>\n<i>— Điều 2 Luật 98/2031/QH98</i>" in html
    assert "<i>— Điều 9 Luật 98/2031/QH98</i> (đã bị thay thế)" in html
    assert "ℹ️ <i>Chưa rõ hiệu lực.</i>" in html and "không dùng để hiển thị" not in html
    assert "[2] Điều 9 Luật 98/2031/QH98 — <i>đã bị thay thế</i>" in html and _balanced(html)
    plain = plain_answer(answer, lambda c: f"https://tdkt.example/#dieu/x/{c.article}")
    assert plain.startswith("Theo Điều 2 <script>") and "«Trồng từ 100 cây & chăm sóc > 90%»\n— Điều 2" in plain
    assert "Lưu ý: Chưa rõ hiệu lực." in plain and "(đã bị thay thế)" in plain
    assert "Toàn văn: https://tdkt.example/#dieu/x/9" in plain


def test_not_covered_answer_names_what_is_missing_and_the_related_provisions_only() -> None:
    decision = Decision("not_covered", ("Các văn bản trong thư viện không quy định về “tập sự”.",), ("tập sự",),
                        advice="Xem quy chế của cơ quan.")
    answer = replace(_answer("…"), refused=True, decision=decision, related=(_citation("7"),))
    html = telegram_answer(answer)
    assert html.startswith("<b>Các văn bản trong thư viện không quy định về “tập sự”.</b>")
    assert "chỉ để tham khảo" in html and "• Điều 7 Luật 98/2031/QH98" in html and "Căn cứ" not in html
    plain = plain_answer(answer)
    assert "- Điều 7 Luật 98/2031/QH98" in plain and plain.endswith("Xem quy chế của cơ quan.")


def test_short_text_is_one_part_and_empty_text_none() -> None:
    assert split_message("  xin chào \n", 100) == ["xin chào"]
    assert split_message(" \n ", 100) == []
    with pytest.raises(ValueError, match="limit"):
        split_message("x", 10)


def test_quote_that_fits_is_moved_whole_to_the_next_part() -> None:
    lead = "Theo Điều 3: " + "mở đầu " * 30
    quote = "«" + "\n".join(f"{i}. " + "nội dung khoản " * 10 for i in range(1, 6)) + "»"
    parts = split_message(f"{lead}\n\n[1]\n{quote}", 900)
    assert len(parts) == 2 and parts[1].startswith("[1]\n«") and parts[1].endswith("»")


def test_quote_longer_than_a_part_is_cut_at_a_line_and_keeps_its_label() -> None:
    quote = "«" + "\n".join(f"{i}. " + "nội dung khoản rất dài " * 8 for i in range(1, 20)) + "»"
    parts = split_message(f"Mở đầu:\n\n[1]\n{quote}\n\nCăn cứ:\n[1] Điều 3", 1000)
    assert parts[0].startswith("Mở đầu:\n\n[1]\n«1. ")
    assert all(utf16_len(p) <= 1000 for p in parts)
    assert all(re.match(r"^(\d+\. |Mở đầu)", p) for p in parts)  # every cut falls at the start of a line


def test_html_parts_close_and_reopen_tags_and_never_cut_entities() -> None:
    body = "\n".join(f"{i}. tiêu chuẩn &amp; điều kiện &lt;{i}&gt; " + "x " * 60 for i in range(40))
    text = f"<b>Điều 5</b>\n<blockquote expandable>«{body}»</blockquote>"
    parts = split_message(text, 1200, html=True)
    assert len(parts) > 3
    for p in parts:
        assert utf16_len(p) <= 1200 and _balanced(p)
        assert not re.search(r"&[#\w]*$", re.sub(r"(</\w+>)+$", "", p))
    assert parts[1].startswith("<blockquote expandable>")


def test_emoji_count_as_two_utf16_units() -> None:
    text = "👍" * 150
    parts = split_message(text, 100)
    assert [utf16_len(p) for p in parts] == [100, 100, 100]


def test_random_texts_always_fit_and_lose_nothing() -> None:
    rng = random.Random(7)
    words = ["Điều", "khoản", "«trích", "dẫn»", "&amp;", "<b>đậm</b>", "\n", "\n\n", "💡", "a" * 40]
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(50, 600)))
        for html in (False, True):
            parts = split_message(text, 300, html=html)
            assert all(utf16_len(p) <= 300 for p in parts)
            if html:
                assert all(_balanced(p) for p in parts)
                joined = re.sub(r"\s+", "", re.sub(_TAG, "", "".join(parts)))
                assert joined == re.sub(r"\s+", "", re.sub(_TAG, "", text))
            else:
                assert re.sub(r"\s+", "", "".join(parts)) == re.sub(r"\s+", "", text)
