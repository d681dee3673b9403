"""Which retrieved passages the answer may quote: the best chunk, its close siblings, close runners-up."""

from __future__ import annotations

from assistant.rank import Ranked
from assistant.settings import AssistantSettings

__all__ = ["choose"]


def choose(groups: list[list[Ranked]], settings: AssistantSettings) -> list[Ranked]:
    """Most specific first: the best chunk, its close siblings, then close runners-up elsewhere."""
    best = groups[0][0]
    chosen = [best]
    siblings = [r for r in groups[0][1:] if r.score >= settings.sibling_ratio * best.score]
    others = [r for g in groups[1:4] for r in g[:1] if r.score >= settings.runner_ratio * best.score]
    for r in sorted(siblings + others, key=lambda r: r.score, reverse=True):
        if len(chosen) >= settings.max_quotes:
            break
        chosen.append(r)
    return chosen
