"""The parser on the real corpus (exact article counts) and on small inline texts."""

from __future__ import annotations

import json
from datetime import date

import pytest

from corpus import parse_legal
from tests.conftest import CORPUS_TEXT, MINI_LAW, SHARED, shared_or_skip


def _manifest() -> dict[str, dict[str, object]]:
    return {d["slug"]: d for d in json.loads((SHARED / "corpus" / "manifest.json").read_text("utf-8")) if d["slug"]}


@pytest.mark.parametrize("slug", [
    "luat-06-2022-qh15", "luat-15-2003-qh11", "luat-39-2013-qh13", "luat-47-2005-qh11", "nd-152-2025-nd-cp",
    "nd-91-2017-nd-cp", "tt-01-2024-tt-bnv", "tt-07-2026-tt-bgddt", "tt-12-2019-tt-bnv",
])
def test_shared_document_article_count_matches_manifest(slug: str) -> None:
    shared_or_skip()
    parsed = parse_legal((CORPUS_TEXT / f"{slug}.txt").read_text("utf-8"))
    articles = parsed.root.find("dieu")
    assert len(articles) == _manifest()[slug]["articles"]
    assert [a.label for a in articles] == [str(i) for i in range(1, len(articles) + 1)]
    empty = [a.label for a in articles if not a.text.strip() and not a.children]
    assert empty == []
    assert not [w for w in parsed.warnings if "gap" in w or "empty" in w or "duplicate" in w]


def test_header_fields() -> None:
    parsed = parse_legal(MINI_LAW)
    assert parsed.header.number == "99/2030/QH99"
    assert parsed.header.doc_type == "Luật"
    assert parsed.header.title == "Luật Thử nghiệm khen thưởng"


def test_decree_header_reads_date_and_issuer() -> None:
    shared_or_skip()
    parsed = parse_legal((CORPUS_TEXT / "nd-152-2025-nd-cp.txt").read_text("utf-8"))
    assert parsed.header.number == "152/2025/NĐ-CP"
    assert parsed.header.doc_type == "Nghị định"
    assert parsed.header.issued == date(2025, 6, 14)


def test_structure_clauses_points_and_dd_follows_d() -> None:
    root = parse_legal(MINI_LAW).root
    chapters = root.find("chuong")
    assert [c.label for c in chapters] == ["I", "II"]
    assert chapters[0].title == "Những quy định chung"
    art2 = root.find("dieu")[1]
    assert art2.title == "Danh hiệu “Người trồng cây giỏi”"
    clause1 = art2.children[0]
    assert clause1.kind == "khoan" and clause1.label == "1"
    assert [p.label for p in clause1.children] == ["a", "b", "đ"]
    assert "2. Chủ tịch Ủy ban nhân dân cấp xã" in art2.full_text()


def test_article_without_title_keeps_its_body() -> None:
    parsed = parse_legal("Chương I\nCHUNG\nĐiều 1. Luật này quy định về thi đua, khen thưởng và các nội dung liên quan khác.\n")
    art = parsed.root.find("dieu")[0]
    assert art.title == ""
    assert art.text.startswith("Luật này quy định")


def test_amending_law_quotes_belong_to_the_amending_article() -> None:
    shared_or_skip()
    parsed = parse_legal((CORPUS_TEXT / "luat-39-2013-qh13.txt").read_text("utf-8"), amends="15/2003/QH11")
    articles = parsed.root.find("dieu")
    assert [a.label for a in articles] == ["1", "2"]
    points = [c for c in articles[0].children if c.kind == "khoan"]
    assert [int(c.label) for c in points] == list(range(1, 51))
    assert points[5].amends == "15/2003/QH11 Điều 24"
    assert "“Điều 24" in points[5].text  # the quoted article stays inside amendment point 6
    assert points[4].amends == "15/2003/QH11 khoản 2 Điều 23"


def test_signature_block_is_not_part_of_the_last_article() -> None:
    shared_or_skip()
    parsed = parse_legal((CORPUS_TEXT / "tt-07-2026-tt-bgddt.txt").read_text("utf-8"))
    last = parsed.root.find("dieu")[-1]
    assert "Nơi nhận" not in last.full_text()
    assert "Phạm Ngọc Thưởng" not in last.full_text()


@pytest.mark.parametrize("junk", ["", "\n\n", "Điều", "1. 2. 3.", "“Điều 5", "a) b) c)", "Chương\nMục\nĐiều 1.", "\x00\x01"])
def test_parser_never_fails_on_junk(junk: str) -> None:
    parsed = parse_legal(junk)
    assert parsed.root.kind == "root"
