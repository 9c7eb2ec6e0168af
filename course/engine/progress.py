"""Where a learner stands on each criterion, from the evidence gathered.

Pure core: plain data in, plain data out; no Flask, SQLAlchemy or I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

EvidenceKind = Literal["scenario", "check", "answer"]
CriterionStatus = Literal[
    "not_started", "in_progress", "awaiting", "met", "not_yet_met"
]

STATUS_LABELS: Mapping[str, str] = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "awaiting": "Awaiting assessment",
    "met": "Met",
    "not_yet_met": "Not yet met",
}


@dataclass(frozen=True)
class Evidence:
    """One thing that may meet a criterion.

    ``met`` is True when it meets the criterion, False when it does not (a
    failed attempt, a wrong answer, a "not yet met" judgement), and None while
    it waits for an assessor.
    """

    criterion_id: str
    kind: EvidenceKind
    label: str
    met: bool | None
    feedback: str = ""
    #: a judgement, as opposed to a learner's own try
    judged: bool = False


@dataclass(frozen=True)
class CriterionProgress:
    """A criterion's status and the evidence behind it."""

    criterion_id: str
    status: CriterionStatus
    evidence: tuple[Evidence, ...]

    @property
    def label(self) -> str:
        """The status in words."""
        return STATUS_LABELS[self.status]

    @property
    def feedback(self) -> str:
        """The latest judged feedback, if any."""
        judged = [e.feedback for e in self.evidence if e.judged and e.feedback]
        return judged[-1] if judged else ""


def evaluate_criterion(
    criterion_id: str, evidence: Iterable[Evidence], *, assessed: bool = False
) -> CriterionProgress:
    """Decide one criterion's status from its evidence.

    A written answer, once submitted, decides on its own: the newest version
    waits for judgement or carries the assessor's latest released decision,
    so a "not yet met" is never outvoted by a quiz. A criterion that a written
    task claims (``assessed``) can only be met that way; any other is met by
    any meeting evidence: a passed scenario or a correctly answered check.
    """
    items = tuple(e for e in evidence if e.criterion_id == criterion_id)
    answers = [e for e in items if e.kind == "answer"]
    if answers:
        status = decide_from_answer(answers[-1])
    elif assessed:
        status = "in_progress" if items else "not_started"
    elif any(e.met for e in items):
        status = "met"
    else:
        status = "in_progress" if items else "not_started"
    return CriterionProgress(criterion_id, status, items)


def decide_from_answer(latest: Evidence) -> CriterionStatus:
    """The status a written answer's newest version gives its criterion."""
    if latest.met is None:
        return "awaiting"
    return "met" if latest.met else "not_yet_met"


def evaluate_all(
    criteria: Iterable[str],
    evidence: Iterable[Evidence],
    *,
    assessed: Collection[str] = (),
) -> dict[str, CriterionProgress]:
    """Evaluate every criterion in order; ``assessed`` need an assessor's word."""
    evidence = list(evidence)
    return {
        c: evaluate_criterion(c, evidence, assessed=c in assessed) for c in criteria
    }


def is_complete(progress: Mapping[str, CriterionProgress]) -> bool:
    """The all-criteria completion rule: every criterion is met."""
    return bool(progress) and all(p.status == "met" for p in progress.values())


def is_course_complete(
    rule: str,
    progress: Mapping[str, CriterionProgress],
    units: Iterable[str],
    signed_off: Collection[str],
) -> bool:
    """Apply a course's completion rule.

    "all-criteria" needs every criterion met; "signed-off" also needs an
    assessor to have signed off every unit of the course.
    """
    if not is_complete(progress):
        return False
    if rule == "signed-off":
        codes = list(units)
        return bool(codes) and all(code in signed_off for code in codes)
    return True
