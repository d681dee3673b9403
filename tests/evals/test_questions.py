"""Validate the evaluation question set ``evals/questions/dev.jsonl``.

The checks use only the standard library and the shared legal texts that sit
beside the repository (``<repo>/../shared``).  No ``tdkt`` package is imported,
so the set is checked independently of the code it is meant to evaluate.

For every gold citation of a legal document the test locates

* the article by its heading line ``Điều N`` (outside quoted amendment text),
* the clause ``N. ...`` inside it (for the amending laws 39/2013 and 47/2005,
  the clauses of Điều 1 are the numbered amendment points at the top level,
  not the clauses quoted between “ and ”),

and checks that every answer keypoint occurs verbatim (case-insensitive, NFC,
whitespace collapsed) in the cited unit -- the clause when one is given, else
the whole article -- of at least one gold entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = REPO / "evals" / "questions" / "dev.jsonl"
SHARED = Path(__file__).resolve().parents[3] / "shared"
TEXT_DIR = SHARED / "corpus" / "text"
MATERIALS_DIR = SHARED / "training-materials"

DOC_FILES = {
    "06/2022/QH15": "luat-06-2022-qh15.txt",
    "152/2025/NĐ-CP": "nd-152-2025-nd-cp.txt",
    "07/2026/TT-BGDĐT": "tt-07-2026-tt-bgddt.txt",
    "01/2024/TT-BNV": "tt-01-2024-tt-bnv.txt",
    "15/2003/QH11": "luat-15-2003-qh11.txt",
    "47/2005/QH11": "luat-47-2005-qh11.txt",
    "39/2013/QH13": "luat-39-2013-qh13.txt",
    "91/2017/NĐ-CP": "nd-91-2017-nd-cp.txt",
    "12/2019/TT-BNV": "tt-12-2019-tt-bnv.txt",
}
# A province's texts (../shared/corpus/local): a Quyết định's own Điều 1–3 come before the Quy định it
# issues, whose articles restart at 1; a gold article of such a text is one of the attached Quy định.
LOCAL_FILES = {
    "86/2025/QĐ-UBND": "bac-ninh-86-2025-qd-ubnd.txt",
    "71/2025/QĐ-UBND": "ha-noi-71-2025-qd-ubnd.txt",
    "83/2025/NQ-HĐND": "ha-noi-83-2025-nq-hdnd.txt",
}
# Amending laws: only Điều 1 and Điều 2 are real articles; the rest is quoted text.
AMENDING = {"39/2013/QH13": {1, 2}, "47/2005/QH11": {1, 2}}

KINDS = {
    "criteria", "authority", "dossier", "procedure", "principle",
    "money", "definition", "change", "out_of_scope", "other",
}
FIELDS = {"id", "question", "gold", "answer_keypoints", "kind", "in_scope", "at"}
MATERIAL_RE = re.compile(r"^\d{3}_[0-9a-f]{16}$")
ARTICLE_RE = re.compile(r"^Điều\s+(\d+)(?![\w])")
CLAUSE_RE = re.compile(r"^(\d+)\.\s")
UNIT_END_RE = re.compile(r"^(Chương\s+[IVXLC]+\b|Mục\s+\d+\b|Nơi nhận:)")

MIN_QUESTIONS = 170
MIN_OUT_OF_SCOPE = 25
MIN_NO_DIACRITICS = 25
MIN_DISTINCT_ARTICLES = 100
MAX_MATERIAL_QUESTIONS = 5


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def load_questions() -> list[dict]:
    rows = []
    with QUESTIONS.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:  # pragma: no cover - reported as failure
                    pytest.fail(f"dev.jsonl line {lineno}: invalid JSON ({exc})")
    return rows


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    assert QUESTIONS.is_file(), f"missing {QUESTIONS}"
    return load_questions()


def _quote_delta(line: str) -> int:
    return line.count("“") - line.count("”")


@lru_cache(maxsize=None)
def doc_lines(doc: str) -> tuple[str, ...]:
    path = TEXT_DIR / DOC_FILES[doc] if doc in DOC_FILES else SHARED / "corpus" / "local" / LOCAL_FILES[doc]
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return tuple(line.strip() for line in text.splitlines())


@lru_cache(maxsize=None)
def articles(doc: str) -> dict[int, tuple[str, ...]]:
    """Map article number -> its lines (heading included), outside quoted text."""
    lines = doc_lines(doc)
    amending = doc in AMENDING
    found: dict[int, list[str]] = {}
    current: list[str] | None = None
    depth = 0
    for line in lines:
        m = ARTICLE_RE.match(line)
        heading = m is not None and depth == 0
        if heading and amending and int(m.group(1)) not in AMENDING[doc]:
            heading = False
        if heading:
            number = int(m.group(1))
            if doc in LOCAL_FILES and number == 1 and found:
                found = {}  # the attached Quy định begins
            assert number not in found, f"{doc}: duplicate heading Điều {number}"
            current = found[number] = [line]
        elif current is not None:
            if depth == 0 and UNIT_END_RE.match(line):
                current = None
            else:
                current.append(line)
        if amending:
            depth = max(0, depth + _quote_delta(line))
    return {k: tuple(v) for k, v in found.items()}


def clause_lines(doc: str, article: tuple[str, ...], number: int) -> tuple[str, ...] | None:
    """Lines of clause ``number``: top-level numbered lines in sequence 1, 2, 3 ..."""
    amending = doc in AMENDING
    clauses: dict[int, list[str]] = {}
    current: list[str] | None = None
    expected = 1
    depth = 0
    for line in article[1:]:
        m = CLAUSE_RE.match(line)
        if m and depth == 0 and int(m.group(1)) == expected:
            current = clauses[expected] = [line]
            expected += 1
        elif current is not None:
            current.append(line)
        if amending:
            depth = max(0, depth + _quote_delta(line))
    got = clauses.get(number)
    return tuple(got) if got is not None else None


def unit_text(doc: str, article: int, clause: int | None) -> str:
    arts = articles(doc)
    assert article in arts, f"{doc}: no article Điều {article}"
    lines = arts[article]
    if clause is not None:
        sub = clause_lines(doc, lines, clause)
        assert sub is not None, f"{doc}: Điều {article} has no khoản {clause}"
        lines = sub
    return norm(" ".join(lines))


@lru_cache(maxsize=None)
def material_text(name: str) -> str:
    return norm((MATERIALS_DIR / f"{name}.txt").read_text(encoding="utf-8"))


def is_material(doc: str) -> bool:
    return bool(MATERIAL_RE.match(doc))


def has_diacritics(text: str) -> bool:
    return any(not ch.isascii() for ch in text)


# --------------------------------------------------------------------------- structure


def test_count_and_unique_ids(questions):
    assert len(questions) >= MIN_QUESTIONS, len(questions)
    ids = [q.get("id") for q in questions]
    dup = [i for i, n in Counter(ids).items() if n > 1]
    assert not dup, f"duplicate ids: {dup}"
    bad = [i for i in ids if not (isinstance(i, str) and re.fullmatch(r"q\d{3,4}", i))]
    assert not bad, f"malformed ids: {bad}"


def test_fields_and_types(questions):
    for q in questions:
        qid = q.get("id")
        assert set(q) == FIELDS, f"{qid}: fields {sorted(q)}"
        assert isinstance(q["question"], str) and len(q["question"].strip()) >= 10, qid
        assert q["kind"] in KINDS, f"{qid}: kind {q['kind']!r}"
        assert isinstance(q["in_scope"], bool), qid
        assert isinstance(q["gold"], list), qid
        assert isinstance(q["answer_keypoints"], list), qid
        if q["at"] is not None:
            assert isinstance(q["at"], str), qid
            dt.date.fromisoformat(q["at"])
        for g in q["gold"]:
            assert set(g) == {"doc", "article", "clause"}, f"{qid}: gold fields {sorted(g)}"
            assert isinstance(g["doc"], str), qid
            if is_material(g["doc"]):
                assert g["article"] is None and g["clause"] is None, f"{qid}: material gold with article"
            else:
                assert g["doc"] in DOC_FILES, f"{qid}: unknown doc {g['doc']!r}"
                assert isinstance(g["article"], int) and g["article"] > 0, qid
                assert g["clause"] is None or (isinstance(g["clause"], int) and g["clause"] > 0), qid
        for kp in q["answer_keypoints"]:
            assert isinstance(kp, str), qid
            assert 2 <= len(kp.split()) <= 8, f"{qid}: keypoint length {kp!r}"


def test_scope_consistency(questions):
    for q in questions:
        qid = q["id"]
        if q["in_scope"]:
            assert q["kind"] != "out_of_scope", qid
            assert q["gold"], f"{qid}: in-scope question without gold"
            assert 1 <= len(q["answer_keypoints"]) <= 3, qid
        else:
            assert q["kind"] == "out_of_scope", qid
            assert q["gold"] == [] and q["answer_keypoints"] == [], qid
            assert q["at"] is None, qid


def test_nfc(questions):
    def strings(obj):
        if isinstance(obj, str):
            yield obj
        elif isinstance(obj, dict):
            for v in obj.values():
                yield from strings(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from strings(v)

    for q in questions:
        for s in strings(q):
            assert unicodedata.normalize("NFC", s) == s, f"{q['id']}: not NFC: {s!r}"
    raw = QUESTIONS.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw


def test_coverage(questions):
    oos = [q for q in questions if not q["in_scope"]]
    assert len(oos) >= MIN_OUT_OF_SCOPE, len(oos)
    plain = [q for q in questions if not has_diacritics(q["question"])]
    assert len(plain) >= MIN_NO_DIACRITICS, len(plain)
    kinds = Counter(q["kind"] for q in questions)
    missing = KINDS - set(kinds)
    assert not missing, f"kinds never used: {missing}"
    arts = {(g["doc"], g["article"]) for q in questions for g in q["gold"] if not is_material(g["doc"])}
    assert len(arts) >= MIN_DISTINCT_ARTICLES, len(arts)
    materials = [q for q in questions if any(is_material(g["doc"]) for g in q["gold"])]
    assert len(materials) <= MAX_MATERIAL_QUESTIONS, len(materials)
    dated = [q for q in questions if q["at"]]
    assert dated, "no question about past rules (at)"


# --------------------------------------------------------------------------- gold text


needs_corpus = pytest.mark.skipif(not TEXT_DIR.is_dir(), reason=f"shared corpus not found at {TEXT_DIR}")


@needs_corpus
def test_article_headings_parse():
    """Every document yields a gapless run of articles Điều 1..N."""
    for doc in DOC_FILES:
        numbers = sorted(articles(doc))
        assert numbers == list(range(1, len(numbers) + 1)), f"{doc}: {numbers[:5]}...{numbers[-5:]}"
    # Điều 1 of 39/2013 has exactly the 50 amendment points.
    art = articles("39/2013/QH13")[1]
    assert clause_lines("39/2013/QH13", art, 50) is not None
    assert clause_lines("39/2013/QH13", art, 51) is None


@needs_corpus
def test_gold_citations_exist(questions):
    errors = []
    for q in questions:
        for g in q["gold"]:
            try:
                if is_material(g["doc"]):
                    assert (MATERIALS_DIR / f"{g['doc']}.txt").is_file(), f"no material {g['doc']}"
                else:
                    unit_text(g["doc"], g["article"], g["clause"])
            except AssertionError as exc:
                errors.append(f"{q['id']}: {exc}")
    assert not errors, "\n".join(errors)


@needs_corpus
def test_keypoints_in_gold_text(questions):
    errors = []
    for q in questions:
        if not q["in_scope"]:
            continue
        texts = []
        for g in q["gold"]:
            if is_material(g["doc"]):
                texts.append(material_text(g["doc"]))
            else:
                texts.append(unit_text(g["doc"], g["article"], g["clause"]))
        for kp in q["answer_keypoints"]:
            if not any(norm(kp) in t for t in texts):
                errors.append(f"{q['id']}: keypoint not in gold text: {kp!r}")
    assert not errors, "\n".join(errors)


# --------------------------------------------------------------------------- probe sets

PROBE_FILES = sorted(p for p in QUESTIONS.parent.glob("*.jsonl") if p != QUESTIONS)


def load_probe(path: Path) -> list[dict]:
    raw = path.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw, f"{path.name}: not NFC"
    rows = []
    for lineno, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                pytest.fail(f"{path.name} line {lineno}: invalid JSON ({exc})")
    return rows


@pytest.mark.parametrize("path", PROBE_FILES, ids=lambda p: p.name)
def test_probe_set_structure(path):
    """Every probe set beside dev.jsonl is read by the same evaluator: same core fields, unique ids."""
    rows = load_probe(path)
    assert rows, f"{path.name}: empty"
    ids = [q.get("id") for q in rows]
    dup = [i for i, n in Counter(ids).items() if n > 1]
    assert not dup, f"{path.name}: duplicate ids {dup}"
    for q in rows:
        qid = q.get("id")
        assert {"id", "question", "gold", "answer_keypoints", "kind", "in_scope"} <= set(q), f"{qid}: {sorted(q)}"
        assert isinstance(q["question"], str) and q["question"].strip(), qid
        assert q["kind"] in KINDS, f"{qid}: kind {q['kind']!r}"
        if q["in_scope"]:
            assert q["kind"] != "out_of_scope", qid
        else:
            assert q["kind"] == "out_of_scope" and q["gold"] == [] and q["answer_keypoints"] == [], qid
        for g in q["gold"]:
            assert set(g) == {"doc", "article", "clause"} and (g["doc"] in DOC_FILES or g["doc"] in LOCAL_FILES), f"{qid}: gold {g}"


@needs_corpus
@pytest.mark.parametrize("path", [p for p in PROBE_FILES if any(q["gold"] for q in load_probe(p))],
                         ids=lambda p: p.name)
def test_probe_set_gold(path):
    """A probe set's gold citations exist and its keypoints stand verbatim in a gold unit."""
    errors = []
    for q in load_probe(path):
        try:
            texts = [unit_text(g["doc"], g["article"], g["clause"]) for g in q["gold"]]
        except AssertionError as exc:
            errors.append(f"{q['id']}: {exc}")
            continue
        errors += [f"{q['id']}: keypoint not in gold text: {kp!r}"
                   for kp in q["answer_keypoints"] if not any(norm(kp) in t for t in texts)]
    assert not errors, "\n".join(errors)
