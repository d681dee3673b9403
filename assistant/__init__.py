"""Assistant stage: understand the question, retrieve, rank, answer with citations."""

from assistant.assistant import Assistant
from assistant.errors import AssistantError, EmptyQuestion, InvalidQuestion, LLMError, QuestionTooLong, UnknownDocument
from assistant.llm import LLMClient
from assistant.records import Answer, ArticleView, Citation, DocumentView, TocEntry
from assistant.settings import AssistantSettings

__all__ = [
    "Answer",
    "ArticleView",
    "Assistant",
    "AssistantError",
    "AssistantSettings",
    "Citation",
    "DocumentView",
    "EmptyQuestion",
    "InvalidQuestion",
    "LLMClient",
    "LLMError",
    "QuestionTooLong",
    "TocEntry",
    "UnknownDocument",
]
