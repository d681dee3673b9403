"""Assistant stage: understand the question, retrieve, rank, answer with citations.

Names load their module on first use (PEP 562), so importing one light module of the
package (its settings, its errors) does not import the heavy ones: the CLI starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.lazy import lazy_getattr

if TYPE_CHECKING:
    from assistant.assistant import Assistant
    from assistant.awards import AWARDS, Award, award_for
    from assistant.dossier import (
        LINE_KIND_LABELS,
        Checklist,
        ChecklistLine,
        ChecklistSection,
        dossier_checklist,
    )
    from assistant.errors import (
        AssistantError,
        EmptyQuestion,
        InvalidQuestion,
        LLMError,
        QuestionTooLong,
        UnknownDocument,
        WordlessQuestion,
    )
    from assistant.forms import FormView, get_form, list_forms
    from assistant.llm import LLMClient
    from assistant.quiz import Quiz, QuizQuestion, build_quiz
    from assistant.records import Answer, ArticleView, Citation, DocumentView, TocEntry
    from assistant.settings import AssistantSettings
    from assistant.sheet import AnswerSheet, SheetEntry, answer_sheet, read_questions

_FROM = {
    "Assistant": "assistant.assistant",
    "AWARDS": "assistant.awards",
    "Award": "assistant.awards",
    "award_for": "assistant.awards",
    "LINE_KIND_LABELS": "assistant.dossier",
    "Checklist": "assistant.dossier",
    "ChecklistLine": "assistant.dossier",
    "ChecklistSection": "assistant.dossier",
    "dossier_checklist": "assistant.dossier",
    "AssistantError": "assistant.errors",
    "EmptyQuestion": "assistant.errors",
    "InvalidQuestion": "assistant.errors",
    "LLMError": "assistant.errors",
    "QuestionTooLong": "assistant.errors",
    "UnknownDocument": "assistant.errors",
    "WordlessQuestion": "assistant.errors",
    "FormView": "assistant.forms",
    "get_form": "assistant.forms",
    "list_forms": "assistant.forms",
    "LLMClient": "assistant.llm",
    "Quiz": "assistant.quiz",
    "QuizQuestion": "assistant.quiz",
    "build_quiz": "assistant.quiz",
    "Answer": "assistant.records",
    "ArticleView": "assistant.records",
    "Citation": "assistant.records",
    "DocumentView": "assistant.records",
    "TocEntry": "assistant.records",
    "AssistantSettings": "assistant.settings",
    "AnswerSheet": "assistant.sheet",
    "SheetEntry": "assistant.sheet",
    "answer_sheet": "assistant.sheet",
    "read_questions": "assistant.sheet",
}

__all__ = [
    "AWARDS",
    "Answer",
    "AnswerSheet",
    "ArticleView",
    "Assistant",
    "AssistantError",
    "AssistantSettings",
    "Award",
    "Checklist",
    "ChecklistLine",
    "ChecklistSection",
    "Citation",
    "DocumentView",
    "EmptyQuestion",
    "FormView",
    "InvalidQuestion",
    "LINE_KIND_LABELS",
    "LLMClient",
    "LLMError",
    "QuestionTooLong",
    "Quiz",
    "QuizQuestion",
    "SheetEntry",
    "TocEntry",
    "UnknownDocument",
    "WordlessQuestion",
    "answer_sheet",
    "award_for",
    "build_quiz",
    "dossier_checklist",
    "get_form",
    "list_forms",
    "read_questions",
]


__getattr__ = lazy_getattr(__name__, _FROM, globals())
