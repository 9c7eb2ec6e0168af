"""Gathering a learner's evidence and working out progress per criterion."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from course.engine.progress import (
    CriterionProgress,
    Evidence,
    evaluate_all,
    is_course_complete,
)
from course.engine.scoring import pick_counting_score
from course.services.attempts import order_finished
from course.services.content import Catalogue, get_catalogue
from course.store.db import Database
from course.store.models import Answer, Attempt, CheckResponse, Judgement, UnitSignOff


@dataclass(frozen=True)
class LearnerProgress:
    """Every criterion of the course with its status, and whether all are met."""

    catalogue: Catalogue
    criteria: dict[str, CriterionProgress]
    #: codes of the units an assessor has signed off
    signed_off: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_complete(self) -> bool:
        """Whether the course's completion rule is met."""
        course = self.catalogue.course
        rule = course.completion if course else "all-criteria"
        units = [u.code for u in self.catalogue.ordered_units()]
        return is_course_complete(rule, self.criteria, units, self.signed_off)

    def count(self, status: str) -> int:
        """How many criteria have ``status``."""
        return sum(1 for p in self.criteria.values() if p.status == status)


def gather_evidence(
    db: Database,
    user_id: int,
    catalogue: Catalogue,
    *,
    include_unreleased: bool = False,
) -> list[Evidence]:
    """Every piece of evidence a learner has towards the current criteria."""
    with db.reading() as session:
        attempts = list(
            session.scalars(
                select(Attempt).where(
                    Attempt.user_id == user_id, Attempt.finished_at.is_not(None)
                )
            )
        )
        responses = list(
            session.scalars(
                select(CheckResponse)
                .where(CheckResponse.user_id == user_id)
                .order_by(CheckResponse.id)
            )
        )
        answers = list(
            session.scalars(
                select(Answer)
                .where(Answer.user_id == user_id, Answer.status == "submitted")
                .order_by(Answer.version)
            )
        )
        judgements = list(
            session.scalars(
                select(Judgement)
                .where(Judgement.learner_id == user_id)
                .order_by(Judgement.id)
            )
        )

    evidence = evidence_from_attempts(attempts, catalogue)
    evidence += evidence_from_checks(responses, catalogue)
    evidence += evidence_from_answers(answers, judgements, include_unreleased)
    return evidence


def evidence_from_attempts(
    attempts: list[Attempt], catalogue: Catalogue
) -> list[Evidence]:
    """A scenario evidences its criteria by the score its retry policy counts.

    Finished attempts are taken oldest first, and ``pick_counting_score``
    picks the counted percentage (best, last or mean) overall and for each
    criterion's own share; both must reach the scenario's pass mark.
    A scenario no longer published keeps its old rule: any passed attempt.
    """
    by_scenario: dict[str, list[Attempt]] = {}
    for attempt in order_finished(attempts):
        by_scenario.setdefault(attempt.scenario_key, []).append(attempt)

    evidence = []
    for key, runs in by_scenario.items():
        entry = catalogue.scenarios.get(key)
        if entry is None:
            evidence += evidence_from_unpublished(key, runs)
            continue
        scenario = entry[1]
        policy = scenario.score_policy
        counted = pick_counting_score([a.percent for a in runs], policy) or 0
        criteria = sorted({c for a in runs for c in a.criterion_scores})
        for criterion in criteria:
            shares = [
                a.criterion_scores[criterion]["percent"]
                for a in runs
                if criterion in a.criterion_scores
            ]
            share = pick_counting_score(shares, policy) or 0
            evidence.append(
                Evidence(
                    criterion_id=criterion,
                    kind="scenario",
                    label=f"Scenario: {scenario.title} ({policy} score {counted}%)",
                    met=counted >= scenario.pass_mark and share >= scenario.pass_mark,
                )
            )
    return evidence


def evidence_from_unpublished(key: str, runs: list[Attempt]) -> list[Evidence]:
    """Attempts at a scenario that is no longer published: any pass counts."""
    return [
        Evidence(
            criterion_id=criterion,
            kind="scenario",
            label=f"Scenario: {key} ({attempt.percent}%)",
            met=attempt.passed and share["passed"],
        )
        for attempt in runs
        for criterion, share in attempt.criterion_scores.items()
    ]


def evidence_from_checks(
    responses: list[CheckResponse], catalogue: Catalogue
) -> list[Evidence]:
    """A knowledge check answered correctly (at any try) evidences its criteria.

    Each check gives one piece of evidence, however often it was tried.
    """
    correct_by_check: dict[tuple[str, str], bool] = {}
    for response in responses:
        key = (response.unit_code, response.check_id)
        correct_by_check[key] = correct_by_check.get(key, False) or response.correct

    evidence = []
    for (unit_code, check_id), correct in correct_by_check.items():
        entry = catalogue.units.get(unit_code)
        check = (
            next((c for c in entry[1].checks if c.id == check_id), None)
            if entry
            else None
        )
        if check is None:
            continue
        for criterion in check.criteria:
            evidence.append(
                Evidence(criterion, "check", f"Check: {check.title}", correct)
            )
    return evidence


def evidence_from_answers(
    answers: list[Answer], judgements: list[Judgement], include_unreleased: bool
) -> list[Evidence]:
    """A submitted answer waits for judgement; a released judgement decides it.

    An older version that was never judged is left out: a newer version
    replaced it, so it no longer waits for anything.
    """
    newest = {}
    for answer in answers:
        newest[(answer.unit_code, answer.check_id)] = answer.version
    evidence = []
    for answer in answers:
        is_newest = newest[(answer.unit_code, answer.check_id)] == answer.version
        for criterion in answer.criteria.get("ids", []):
            decided = [
                j
                for j in judgements
                if j.answer_id == answer.id
                and j.criterion_id == criterion
                and (include_unreleased or j.released_at is not None)
            ]
            label = f"Written answer, version {answer.version}"
            if not decided:
                if is_newest:
                    evidence.append(Evidence(criterion, "answer", label, None))
                continue
            latest = decided[-1]
            evidence.append(
                Evidence(
                    criterion,
                    "answer",
                    label,
                    latest.decision == "met",
                    feedback=latest.feedback,
                    judged=True,
                )
            )
    return evidence


def get_learner_progress(
    db: Database, user_id: int, *, include_unreleased: bool = False
) -> LearnerProgress:
    """Where a learner stands on every criterion of the current course."""
    catalogue = get_catalogue(db)
    evidence = gather_evidence(
        db, user_id, catalogue, include_unreleased=include_unreleased
    )
    criteria = evaluate_all(
        catalogue.criteria().keys(), evidence, assessed=catalogue.assessed_criteria()
    )
    return LearnerProgress(catalogue, criteria, find_signed_off_units(db, user_id))


def find_signed_off_units(db: Database, user_id: int) -> frozenset[str]:
    """The codes of the units signed off for a learner."""
    with db.reading() as session:
        rows = session.scalars(
            select(UnitSignOff.unit_code).where(UnitSignOff.learner_id == user_id)
        )
        return frozenset(rows)
