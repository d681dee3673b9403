"""Which retrieved passages the answer may quote: the best chunk, its close siblings, close runners-up; for a
dossier, an article that lists papers."""

from __future__ import annotations

from collections.abc import Callable

from assistant.awards import asked_awards, named_awards, title_awards
from assistant.measures import NAMES_PAPERS, asked_measures, states_measure
from assistant.query import QueryPlan, asking_sentence
from assistant.rank import Ranked
from assistant.settings import AssistantSettings
from assistant.validity import status_on
from corpus import Catalog
from corpus.refs import doc_key
from corpus.text import fold
from indexer import Chunk

__all__ = ["amount_first", "choose", "current_first", "law_first", "papers_first"]


_RIVALS = 4  # groups looked at for a rule in force
_PAPERS_REACH = 5  # groups looked at for a dossier's list of papers (hand-set)
_AMOUNT_REACH = 10  # groups looked at for an award's amount (hand-set: a province's rules framed by the question
# fill the first places, the decree's amounts follow)
_LAW_SHARE = 0.05  # of a training report's score (scores are exp(linear - best)): a linear gap of 3; set between
# what the dev splits show: the reports an answer rightly rests on lead every legal text by > 7 (share < 0.001),
# those that wrongly led had a provision at share 0.17 or more
_RIVAL_SHARE = 0.5  # of the replaced text's score; hand-set (0.3 / 0.5 / 0.7 on the dev splits moved precision by
# at most 0.006, cites not at all)


def current_first(groups: list[list[Ranked]], plan: QueryPlan, catalog: Catalog) -> list[list[Ranked]]:
    """An article replaced on the date asked, whose successor the library holds, is not what the answer
    rests on unless the question names its document or asks what changed: the rules in force answer.
    The ranking keeps it (search lists it, labelled); the answer quotes the current articles first."""
    if plan.intents & {"change", "transition"}:
        return groups
    named = {doc_key(n) for n in plan.doc_numbers}

    def old(group: list[Ranked]) -> bool:
        c = group[0].chunk
        return (c.doc_kind == "legal" and doc_key(c.doc_number) not in named
                and status_on(c, plan.as_of, catalog) in ("superseded", "expired"))

    def replaced(group: list[Ranked]) -> bool:
        return old(group) and any(f.text_available for f in catalog.successors(group[0].chunk.doc_number))

    current = [g for g in groups if not replaced(g)]
    ordered = current + [g for g in groups if replaced(g)] if current else groups
    # A replaced text whose successor the library lacks still leads only when no rule in force answers
    # nearly as well: the current law's own provision before the old circular.
    if ordered and old(ordered[0]):
        rival = next((g for g in ordered[1:_RIVALS] if not old(g)
                      and g[0].score >= _RIVAL_SHARE * ordered[0][0].score), None)
        if rival is not None:
            ordered = [rival, *[g for g in ordered if g is not rival]]

    # Beside a rule in force, a replaced text is not quoted as support, its successor on hand or not.
    return ordered[:1] + [g for g in ordered[1:] if not old(g)] if not old(ordered[0]) else ordered


def law_first(groups: list[list[Ranked]]) -> list[list[Ranked]]:
    """An answer rests on the legal texts: a news report of a training session ("Hội nghị tổng kết …")
    leads only when no provision among the next few comes close to it (a question about that session). Else
    the closest provision leads and the report may follow as support. The ranking (search) keeps its order."""
    if not groups or groups[0][0].chunk.doc_kind != "material":
        return groups
    law = next((g for g in groups[1:_RIVALS] if g[0].chunk.doc_kind != "material"
                and g[0].score >= _LAW_SHARE * groups[0][0].score), None)
    return groups if law is None else [law, *[g for g in groups if g is not law]]


def choose(groups: list[list[Ranked]], settings: AssistantSettings,
           adds: Callable[[str, str], float] | None = None,
           wanted: Callable[[Chunk], bool] | None = None) -> list[Ranked]:
    """Most specific first: the best chunk, its close siblings, then close runners-up elsewhere.

    ``adds(best, other)``: the share of what the question asks that the other passage holds and the
    best does not (``assistant.gate.coverage_gain``). A runner from another article is quoted only when
    it adds to what the best says: one that repeats the best's topic is noise beside it. A sibling
    clause is quoted when close in score or when it adds. ``wanted``: sibling clauses quoted whatever their
    score, right after the best (``assistant.extract.level_clauses``: an award's deciders at each level)."""
    best = groups[0][0]
    chosen = [best]

    def adding(r: Ranked) -> bool:
        return adds is not None and adds(best.chunk.titled_text, r.chunk.titled_text) >= settings.runner_gain

    firm = [r for r in groups[0][1:] if wanted is not None and wanted(r.chunk)]
    siblings = [r for r in groups[0][1:] if r not in firm and (r.score >= settings.sibling_ratio * best.score
                                                               or adding(r))]
    others = [r for g in groups[1:4] for r in g[:1]
              if r.score >= settings.runner_ratio * best.score and (adds is None or adding(r))]
    for r in [*firm, *sorted(siblings + others, key=lambda r: r.score, reverse=True)]:
        if len(chosen) >= settings.max_quotes:
            break
        chosen.append(r)
    return chosen


def papers_first(groups: list[list[Ranked]], plan: QueryPlan) -> list[list[Ranked]]:
    """"Hồ sơ đề nghị Huân chương Bảo vệ Tổ quốc hạng Ba gồm những gì?": the award's criteria article
    matches its name best, but only an article that lists papers answers. When the first article lists
    none, the best-ranked one of the next few that does (and is not about other awards: "Hồ sơ … Huân
    chương các loại" is about this one) answers first. The ranking (search) keeps its order."""
    asked = asking_sentence(plan.folded)
    if not groups or "papers" not in asked_measures(asked) or any(NAMES_PAPERS.search(r.chunk.text)
                                                                  for r in groups[0]):
        return groups
    awards = asked_awards(asked)

    def fits(group: list[Ranked]) -> bool:
        titled = title_awards(group[0].chunk.article_title) if awards else set()
        return any(NAMES_PAPERS.search(r.chunk.text) for r in group) and not (titled and not titled & awards)

    # Within the group, the passage that lists the papers first: those a proposal holds ("Hồ sơ đề nghị …")
    # before those a ministry sends on ("Hồ sơ Bộ Nội vụ trình …").
    return _moved_first(groups, _PAPERS_REACH, fits, lambda r: (not NAMES_PAPERS.search(r.chunk.text),
                                                                "Hồ sơ đề nghị" not in r.chunk.text))


def _moved_first(groups: list[list[Ranked]], reach: int, fits: Callable[[list[Ranked]], bool],
                 order: Callable[[Ranked], tuple[bool, ...]]) -> list[list[Ranked]]:
    """The best-ranked group of the next few (before ``reach``) that ``fits`` first, its passages by ``order``;
    the others keep their order. Unchanged when none fits."""
    found = next((g for g in groups[1:reach] if fits(g)), None)
    if found is None:
        return groups
    return [sorted(found, key=order), *[g for g in groups if g is not found]]


def amount_first(groups: list[list[Ranked]], plan: QueryPlan) -> list[list[Ranked]]:
    """"Theo quy định của tỉnh Bắc Ninh, Cờ thi đua của UBND tỉnh … kèm theo tiền thưởng bao nhiêu?": the
    province's rules rank first and state no amount; the decree does. When the sentence that asks asks an amount
    and the first article states none, the best-ranked one of the next few that states an amount and names the
    award asked answers first. The ranking (search) keeps its order."""
    asked = asking_sentence(plan.folded)
    if not groups or "amount" not in asked_measures(asked) \
            or any(states_measure(r.chunk.text, frozenset({"amount"})) for r in groups[0]):
        return groups
    awards = asked_awards(asked) or asked_awards(plan.folded)  # "… cờ này kèm theo tiền thưởng bao nhiêu?"
    if not awards:
        return groups

    def states(r: Ranked) -> bool:
        return states_measure(r.chunk.text, frozenset({"amount"})) and bool(named_awards(fold(r.chunk.text).lower())
                                                                            & awards)

    return _moved_first(groups, _AMOUNT_REACH, lambda g: any(states(r) for r in g), lambda r: (not states(r),))
