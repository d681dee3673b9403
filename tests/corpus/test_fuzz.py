"""Property tests: the parser and the question normaliser never crash or hang on any text."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.query import plan_query
from corpus import Catalog, parse_legal
from corpus.text import expand_abbreviations, fold, normalize, syllables

EXAMPLES = int(os.environ.get("TDKT_FUZZ_EXAMPLES", "300"))
PIECES = ["Chương I", "Chương", "Mục 2", "Điều 1.", "Điều 2. Tên", "Điều 3", "1. ", "2. ", "a) ", "đ) ", "“Điều 4",
          "”.", "“", "”", "Nơi nhận:", "PHỤ LỤC", "Mẫu số 01", "KT. BỘ TRƯỞNG", "Sửa đổi, bổ sung Điều 5 như sau:",
          "\n", "\n\n", " ", "CSTĐ", "khen thưởng", "Luật số: 1/2020/QH14", "ngày 1 tháng 2 năm 2020", "\x00", "\u200b",
          "|", "-", "…", "Điều 999999999999."]
legal_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=120).map("".join)
CATALOG = Catalog.builtin()


@settings(max_examples=EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(legal_text)
def test_parser_is_total(text: str) -> None:
    parsed = parse_legal(text)
    for unit in parsed.root.walk():
        assert unit.kind in {"root", "phan", "chuong", "muc", "tieumuc", "dieu", "khoan", "diem", "doan", "phuluc",
                             "mau", "section"}


@settings(max_examples=EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_question_normaliser_is_total(question: str) -> None:
    normalize(question)
    fold(question)
    syllables(expand_abbreviations(question))
    plan = plan_query(question, catalog=CATALOG, today=date(2026, 11, 22))
    assert plan.as_of.year >= 1900
