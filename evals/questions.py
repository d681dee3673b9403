"""The evaluation questions: loading and checking the JSONL format."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

__all__ = ["Gold", "Question", "load_questions"]

KINDS = frozenset({"criteria", "authority", "dossier", "procedure", "principle", "money", "definition", "change",
                   "out_of_scope", "other"})


@dataclass(frozen=True, slots=True)
class Gold:
    doc: str
    article: int | str | None
    clause: int | None = None


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    question: str
    gold: tuple[Gold, ...]
    keypoints: tuple[str, ...]
    kind: str
    in_scope: bool
    at: date | None = None
    conversation: tuple[str, ...] = ()  # earlier turns, for follow-up questions


def load_questions(path: Path) -> list[Question]:
    """Read one question per line; a malformed line fails with its line number."""
    out = []
    for lineno, raw in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            gold = tuple(Gold(str(g["doc"]), g.get("article"), g.get("clause")) for g in obj.get("gold") or [])
            kind = str(obj.get("kind") or "other")
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}")
            out.append(Question(
                id=str(obj["id"]),
                question=unicodedata.normalize("NFC", str(obj["question"])),
                gold=gold,
                keypoints=tuple(unicodedata.normalize("NFC", k) for k in obj.get("answer_keypoints") or ()),
                kind=kind,
                in_scope=bool(obj.get("in_scope", True)),
                at=date.fromisoformat(obj["at"]) if obj.get("at") else None,
                conversation=tuple(obj.get("conversation") or ()),
            ))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{path}:{lineno}: {exc}") from exc
    return out
