"""Raw documents for the baselines: article offsets from the parser, overlap of a stretch of text."""

from __future__ import annotations

import json
from pathlib import Path

from corpus import Catalog
from evals.sources import articles_between, corpus_digest, load_sources


def test_article_offsets_point_at_the_article_headings(law_dir: Path) -> None:
    [source] = load_sources([law_dir], Catalog.builtin())
    assert source.doc_number == "98/2031/QH99"
    labelled = [(offset, label) for offset, label in source.spans if label]
    assert [label for _, label in labelled] == ["1", "2", "3", "4"]
    for offset, label in labelled:
        assert source.text[offset:].startswith(f"Điều {label}.")


def test_text_before_the_first_article_and_chapter_headings_belong_to_no_article(law_dir: Path) -> None:
    [source] = load_sources([law_dir], Catalog.builtin())
    header_end = source.text.index("Điều 1.")
    assert articles_between(source, 0, header_end) == ("",)
    chapter = source.text.index("Chương II")
    assert articles_between(source, chapter, chapter + len("Chương II")) == ("",)


def test_a_stretch_over_two_articles_lists_the_most_covered_first(law_dir: Path) -> None:
    [source] = load_sources([law_dir], Catalog.builtin())
    start = source.text.index("2. Chủ tịch hợp tác xã")
    end = source.text.index("Điều 4.")
    # The tail of Điều 2 is shorter than the whole of Điều 3; the chapter heading between counts for neither.
    assert articles_between(source, start, end) == ("3", "2")


def test_training_material_is_one_unnumbered_stretch(tmp_path: Path) -> None:
    folder = tmp_path / "materials"
    folder.mkdir()
    (folder / "000_abc.txt").write_text(
        "Sáng nay, Ủy ban nhân dân xã tổ chức hội nghị tập huấn nghiệp vụ thi đua, khen thưởng cho cán bộ.\n"
        "Các đại biểu được phổ biến những điểm mới của Luật Thi đua, khen thưởng năm 2022.\n", "utf-8")
    manifest = [{"file": "000_abc.txt", "title": "Tập huấn", "published": "2024-05-30"}]
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    [source] = load_sources([folder], Catalog.builtin())
    assert source.doc_number == "000_abc"
    assert articles_between(source, 0, len(source.text)) == ("",)


def test_unreadable_files_are_skipped(tmp_path: Path, law_dir: Path) -> None:
    (law_dir / "rong.txt").write_text("", "utf-8")
    assert [s.doc_number for s in load_sources([law_dir], Catalog.builtin())] == ["98/2031/QH99"]


def test_digest_changes_with_content_and_parameters(law_dir: Path) -> None:
    sources = load_sources([law_dir], Catalog.builtin())
    assert corpus_digest(sources, "a") == corpus_digest(sources, "a")
    assert corpus_digest(sources, "a") != corpus_digest(sources, "b")
    law = law_dir / "luat-ong.txt"
    law.write_text(law.read_text("utf-8") + "\nĐiều 5. Hiệu lực\nLuật này có hiệu lực từ ngày ký.\n", "utf-8")
    assert corpus_digest(load_sources([law_dir], Catalog.builtin()), "a") != corpus_digest(sources, "a")
