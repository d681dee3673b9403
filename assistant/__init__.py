"""Assistant stage: understand the question, retrieve, rank, answer with citations."""

from assistant.assistant import Assistant
from assistant.awards import AWARDS, Award, award_for
from assistant.dossier import LINE_KIND_LABELS, Checklist, ChecklistLine, ChecklistSection, dossier_checklist
from assistant.errors import (
    AssistantError,
    EmptyQuestion,
    InvalidQuestion,
    LLMError,
    QuestionTooLong,
    UnknownDocument,
)
from assistant.forms import FormView, get_form, list_forms
from assistant.llm import LLMClient
from assistant.quiz import Quiz, QuizQuestion, build_quiz
from assistant.records import Answer, ArticleView, Citation, DocumentView, TocEntry
from assistant.settings import AssistantSettings
from assistant.sheet import AnswerSheet, SheetEntry, answer_sheet, read_questions

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
    "answer_sheet",
    "award_for",
    "build_quiz",
    "dossier_checklist",
    "get_form",
    "list_forms",
    "read_questions",
]
