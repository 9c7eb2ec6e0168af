"""Scoring an attempt against the best achievable score of its scenario.

Pure core: plain data in, plain data out; no Flask, SQLAlchemy or I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from course.authoring.model import Choice, Scenario


@dataclass(frozen=True)
class Result:
    """A scored run: totals, percentages and pass or not, overall and per criterion."""

    score: int
    best_score: int
    percent: int
    passed: bool
    criterion_scores: Mapping[str, int]
    criterion_best: Mapping[str, int]
    criterion_percent: Mapping[str, int]
    criterion_passed: Mapping[str, bool]
    actions: Mapping[str, int]


def percent_of(score: int, best: int) -> int:
    """``score`` as a whole percentage of ``best``, between 0 and 100."""
    if best <= 0:
        return 100 if score >= best else 0
    return max(0, min(100, (score * 100) // best))


def score_choices(
    scenario: Scenario,
    choices: Sequence[Choice],
    best_score: int,
    criterion_best: Mapping[str, int],
) -> Result:
    """Score the choices taken, given the best achievable totals."""
    score = sum(c.points for c in choices)
    percent = percent_of(score, best_score)

    criterion_scores = {
        criterion: sum(c.points_for(criterion) for c in choices)
        for criterion in scenario.criteria
    }
    criterion_percent = {
        criterion: percent_of(total, criterion_best.get(criterion, 0))
        for criterion, total in criterion_scores.items()
    }
    actions = {"handle": 0, "workaround": 0, "escalate": 0}
    for choice in choices:
        actions[choice.action] += 1

    return Result(
        score=score,
        best_score=best_score,
        percent=percent,
        passed=percent >= scenario.pass_mark,
        criterion_scores=criterion_scores,
        criterion_best=dict(criterion_best),
        criterion_percent=criterion_percent,
        criterion_passed={
            c: p >= scenario.pass_mark for c, p in criterion_percent.items()
        },
        actions=actions,
    )


def pick_counting_score(percents: Sequence[int], policy: str) -> int | None:
    """The percentage that counts under a retry policy: best, last or mean."""
    if not percents:
        return None
    if policy == "last":
        return percents[-1]
    if policy == "mean":
        return round(sum(percents) / len(percents))
    return max(percents)
