from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from corpus import Catalog
from corpus.refs import find_doc_hints


def test_validity_follows_the_replacement_chain() -> None:
    c = Catalog.builtin()
    assert c.status_at("15/2003/QH11", date(2020, 1, 1)) == "in_force"
    assert c.status_at("15/2003/QH11", date(2024, 1, 1)) == "superseded"
    assert c.status_at("06/2022/QH15", date(2023, 12, 31)) == "not_yet"
    assert c.status_at("91/2017/NĐ-CP", date(2025, 1, 1)) == "superseded"
    assert [f.number for f in c.successors("91/2017/ND-CP")] == ["98/2023/NĐ-CP", "152/2025/NĐ-CP"]
    assert c.status_at("152/2025/NĐ-CP", date(2027, 3, 1)) == "expired"


def test_catalog_knows_documents_whose_text_is_missing() -> None:
    c = Catalog.builtin()
    facts = c.get("15/2025/TT-BNV")
    assert facts is not None and not facts.text_available
    assert c.status_at("01/2024/TT-BNV", date(2026, 1, 1)) == "superseded"


def test_resolve_loose_mentions() -> None:
    c = Catalog.builtin()
    today = date(2026, 11, 22)
    assert [f.number for f in c.resolve(find_doc_hints("nghị định 152")[0], today)] == ["152/2025/NĐ-CP"]
    assert [f.number for f in c.resolve(find_doc_hints("luật 2003")[0], today)] == ["15/2003/QH11"]


def test_deployment_catalog_file_adds_facts(tmp_path: Path) -> None:
    extra = tmp_path / "facts.json"
    extra.write_text(json.dumps({"documents": [{
        "number": "12/2030/QĐ-UBND", "title": "Quy định khen thưởng của tỉnh X", "doc_type": "Quyết định",
        "effective": "2030-01-01", "status": "in_force"}]}), "utf-8")
    c = Catalog.builtin([extra])
    assert c.status_at("12/2030/QD-UBND", date(2030, 6, 1)) == "in_force"
    assert c.status_at("12/2030/QD-UBND", date(2029, 6, 1)) == "not_yet"
