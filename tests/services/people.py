"""Builders shared by the assessment, cohort and audit tests."""

from __future__ import annotations

from dataclasses import dataclass

from course.services.cohorts import assign_assessor, create_cohort, enrol
from course.services.judgements import record_judgement, release_judgements
from course.services.learning import save_answer
from course.store.db import Database
from course.store.models import Answer, Cohort, User
from tests.web.journey import make_user


@dataclass
class Team:
    """A cohort with its people: two learners in it, one outside it."""

    admin: User
    trainer: User
    assessor: User
    outsider_assessor: User
    lead: User
    learner: User
    classmate: User
    stranger: User
    cohort: Cohort


def make_team(db: Database) -> Team:
    """Create everyone, one cohort, and assign the first assessor to it."""
    admin = make_user(db, "admin", "admin@example.org", "Ada Admin")
    team = Team(
        admin=admin,
        trainer=make_user(db, "trainer", "trainer@example.org", "Tom Trainer"),
        assessor=make_user(db, "assessor", "assessor@example.org", "Asha Assessor"),
        outsider_assessor=make_user(
            db, "assessor", "other-assessor@example.org", "Otto Assessor"
        ),
        lead=make_user(db, "lead_assessor", "lead@example.org", "Lena Lead"),
        learner=make_user(db, "learner", "learner@example.org", "Lee Learner"),
        classmate=make_user(db, "learner", "classmate@example.org", "Cal Classmate"),
        stranger=make_user(db, "learner", "stranger@example.org", "Sam Stranger"),
        cohort=create_cohort(db, actor_id=admin.id, name="Spring cohort"),
    )
    assign_assessor(
        db, actor_id=admin.id, cohort_id=team.cohort.id, assessor_id=team.assessor.id
    )
    with db.transaction() as session:
        enrol(session, team.cohort.id, team.learner.id)
        enrol(session, team.cohort.id, team.classmate.id)
    return team


def submit(
    db: Database,
    learner: User,
    unit: str = "ESC",
    check: str = "task-email",
    text: str = "I would tell my line manager what happened and what I need.",
) -> Answer:
    """Submit a written answer as a new version."""
    return save_answer(
        db, user_id=learner.id, unit_code=unit, check_id=check, text=text, submit=True
    )


def judge_all(
    db: Database,
    assessor: User,
    answer: Answer,
    decision: str = "met",
    feedback: str = "Clear and complete.",
) -> None:
    """Judge every criterion an answer claims the same way."""
    for criterion in answer.criteria["ids"]:
        record_judgement(
            db,
            assessor_id=assessor.id,
            answer_id=answer.id,
            criterion_id=criterion,
            decision=decision,
            feedback=feedback,
        )


def meet_unit(db: Database, assessor: User, learner: User, unit: str, check: str):  # type: ignore[no-untyped-def]
    """Submit a unit's written task, judge it met and release it."""
    answer = submit(db, learner, unit, check)
    judge_all(db, assessor, answer)
    release_judgements(db, assessor_id=assessor.id, learner_id=learner.id)
    return answer


#: the written task of each unit whose criteria it covers on its own
COVERING_TASKS = {"ESC": "task-email", "RCC": "task-complaint", "CCR": "task-concern"}
