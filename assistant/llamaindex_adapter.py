"""The one llama-index adapter: tdkt's validity-aware retrieval as a llama-index retriever.

Integrators who build llama-index pipelines (query engines, agents) get ranked, in-force
passages whose metadata carries the full citation.
"""

from __future__ import annotations

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.assistant import Assistant
from assistant.compose import citation_for
from assistant.query import plan_query
from assistant.rank import group_articles

__all__ = ["TdktRetriever"]


class TdktRetriever(BaseRetriever):
    """One node per article, best first; metadata: citation label, document, Điều/Khoản, validity."""

    def __init__(self, assistant: Assistant, *, top_k: int = 5) -> None:
        if top_k < 1:
            raise ValueError(f"top_k must be >= 1, got {top_k}")
        super().__init__()
        self._assistant = assistant
        self._top_k = top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        a = self._assistant
        plan = plan_query(query_bundle.query_str, catalog=a.catalog, today=a.today())
        nodes = []
        for group in group_articles(a.retrieve(plan))[: self._top_k]:
            best = group[0]
            c = citation_for(best, plan, a.catalog)
            node = TextNode(
                id_=best.chunk.id,
                text=best.chunk.text,
                metadata={
                    "citation": c.label, "doc_number": c.doc_number, "article": c.article, "clause": c.clause,
                    "status": c.status, "validity_note": c.validity_note, "article_title": c.article_title,
                },
            )
            nodes.append(NodeWithScore(node=node, score=best.score))
        return nodes
