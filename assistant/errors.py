"""Assistant errors (see the tree in corpus/errors.py)."""

from __future__ import annotations

from corpus.errors import TdktError

__all__ = ["AssistantError", "EmptyQuestion", "InvalidQuestion", "LLMError", "QuestionTooLong", "TopicNotCovered",
           "UnknownDocument", "WordlessQuestion"]


class AssistantError(TdktError):
    code = "assistant.error"


class InvalidQuestion(AssistantError):
    code = "assistant.invalid_question"


class EmptyQuestion(InvalidQuestion):
    code = "assistant.empty_question"


class WordlessQuestion(EmptyQuestion):
    """Nothing but emoji, symbols or punctuation: nothing to search for."""

    code = "assistant.wordless_question"


class QuestionTooLong(InvalidQuestion):
    code = "assistant.question_too_long"


class UnknownDocument(AssistantError):
    code = "assistant.unknown_document"


class LLMError(AssistantError):
    code = "assistant.llm"


class TopicNotCovered(InvalidQuestion):
    """A trainer's topic the documents in the library do not govern ("thuế thu nhập cá nhân")."""

    code = "assistant.topic_not_covered"
