"""Follow-up questions: the previous turns of a conversation, kept in memory for a while."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

__all__ = ["Conversations", "Turn"]


@dataclass(frozen=True, slots=True)
class Turn:
    question: str  # the question as understood (with its context)
    refused: bool


class Conversations:
    """A bounded, thread-safe map conversation id → recent turns, with expiry."""

    def __init__(self, *, max_turns: int = 6, max_conversations: int = 10_000, ttl_seconds: float = 6 * 3600) -> None:
        if max_turns < 1 or max_conversations < 1:
            raise ValueError("max_turns and max_conversations must be >= 1")
        self.max_turns = max_turns
        self.max_conversations = max_conversations
        self.ttl = ttl_seconds
        self._data: OrderedDict[str, tuple[float, list[Turn]]] = OrderedDict()
        self._lock = threading.Lock()

    def history(self, conversation_id: str) -> list[Turn]:
        with self._lock:
            item = self._data.get(conversation_id)
            if item is None or time.monotonic() - item[0] > self.ttl:
                self._data.pop(conversation_id, None)
                return []
            return list(item[1])

    def add(self, conversation_id: str, turn: Turn) -> None:
        with self._lock:
            _, turns = self._data.pop(conversation_id, (0.0, []))
            turns = (turns + [turn])[-self.max_turns:]
            self._data[conversation_id] = (time.monotonic(), turns)
            while len(self._data) > self.max_conversations:
                self._data.popitem(last=False)

    def reset(self, conversation_id: str) -> None:
        with self._lock:
            self._data.pop(conversation_id, None)
