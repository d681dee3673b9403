"""The optional LLM path against a local chat-completions stand-in: cite, or fall back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Assistant, AssistantSettings, LLMClient
from assistant.llm import FALLBACK_NOTE, check_citations
from corpus import Catalog
from indexer import IndexSettings, Store
from tests.fakes.llm_server import run_fake_llm

QUESTION = "Hồ sơ đề nghị Bằng khen của Thủ tướng Chính phủ gồm những gì?"


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[tuple[str, list[dict[str, object]]]]:
    with run_fake_llm() as served:
        yield served


@pytest.fixture(scope="module")
def store(shared_index: Path) -> Iterator[Store]:
    s = Store(IndexSettings(), shared_index)
    yield s
    s.close()


def _assistant(store: Store, base: str, mode: str, timeout: float = 2.0) -> Assistant:
    llm = LLMClient(f"{base}/{mode}/v1", "fake-model", "secret-key", timeout=timeout)
    return Assistant(store, Catalog.builtin(), AssistantSettings(), llm=llm)


def test_llm_answer_cites_retrieved_passages(store: Store, fake_llm: tuple[str, list[dict[str, object]]]) -> None:
    base, calls = fake_llm
    a = _assistant(store, base, "good").ask(QUESTION)
    assert a.mode == "llm"
    assert "[1]" in a.text and a.citations[0].label in a.text
    prompt = calls[-1]["body"]["messages"][-1]["content"]  # type: ignore[index]
    assert a.citations[0].text[:40] in prompt
    assert "secret-key" not in str(calls[-1]["body"])


@pytest.mark.parametrize("mode", ["invent", "nocite", "ungrounded", "slow", "error", "garbage"])
def test_bad_llm_answers_fall_back_to_extractive(store: Store, fake_llm: tuple[str, list[dict[str, object]]],
                                                  mode: str) -> None:
    base, _ = fake_llm
    a = _assistant(store, base, mode, timeout=1.0).ask(QUESTION)
    assert a.mode == "extractive"
    assert FALLBACK_NOTE in a.notes
    assert a.citations and a.citations[0].text in a.text


def test_unreachable_llm_falls_back(store: Store) -> None:
    llm = LLMClient("http://127.0.0.1:9/v1", "m", timeout=1.0)  # port 9 (discard): nothing listens
    a = Assistant(store, Catalog.builtin(), AssistantSettings(), llm=llm).ask(QUESTION)
    assert a.mode == "extractive" and FALLBACK_NOTE in a.notes


def test_check_citations_rules() -> None:
    assert check_citations("Câu trả lời có căn cứ [1].", 2) == "Câu trả lời có căn cứ [1]."
    assert check_citations("Câu có căn cứ [1] và bịa [7].", 2) is None
    assert check_citations("Không có trích dẫn nào ở đây cả.", 2) is None
    assert check_citations("Đoạn một có căn cứ [1].\n\nĐoạn hai thì không có căn cứ gì cả.", 2) is None


def test_streaming_tokens_arrive_and_invented_citations_are_caught(store: Store,
                                                                    fake_llm: tuple[str, list[dict[str, object]]]) -> None:
    base, _ = fake_llm
    good = _assistant(store, base, "good")
    answer, plan = good.prepare(QUESTION)
    tokens = list(good.llm.stream(answer, plan))  # type: ignore[union-attr]
    assert len(tokens) > 5 and check_citations("".join(tokens), len(answer.citations))
    bad = _assistant(store, base, "invent")
    answer, plan = bad.prepare(QUESTION)
    assert check_citations("".join(bad.llm.stream(answer, plan)), len(answer.citations)) is None  # type: ignore[union-attr]
