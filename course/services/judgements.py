"""Assessors' judgements: one per criterion, appended, never edited."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.errors import InvalidInput, NotFound, PermissionDenied
from course.services.assessment import record_sample_if_picked
from course.services.audit import record_event
from course.services.cohorts import is_learner_visible
from course.store.db import Database
from course.store.models import Answer, Judgement, User, utcnow

log = logging.getLogger(__name__)

DECISIONS = ("met", "not_yet_met")
MAX_FEEDBACK_LENGTH = 5000
ASSESSING_ROLES = ("assessor", "lead_assessor", "admin")


def record_judgement(
    db: Database,
    *,
    assessor_id: int,
    answer_id: int,
    criterion_id: str,
    decision: str,
    feedback: str,
) -> Judgement:
    """Record a decision on one criterion of one submitted answer."""
    [judgement] = record_judgements(
        db,
        assessor_id=assessor_id,
        answer_id=answer_id,
        decisions={criterion_id: (decision, feedback)},
    )
    return judgement


def check_decision(decision: str, feedback: str) -> str:
    """The problem with one decision and its feedback, or "" if it is fine."""
    if len(feedback) > MAX_FEEDBACK_LENGTH:
        return (
            f"Feedback can be at most {MAX_FEEDBACK_LENGTH} characters; this has "
            f"{len(feedback)}. Shorten it and record the judgement again."
        )
    if decision not in DECISIONS:
        return "Choose met or not yet met."
    if decision == "not_yet_met" and not feedback:
        return "Say what is missing: feedback is required for not yet met."
    return ""


def record_judgements(
    db: Database,
    *,
    assessor_id: int,
    answer_id: int,
    decisions: Mapping[str, tuple[str, str]],
) -> list[Judgement]:
    """Record decisions on several criteria of one answer: all of them, or none.

    ``decisions`` maps each criterion to its (decision, feedback).
    """
    decisions = {c: (d, f.strip()) for c, (d, f) in decisions.items()}
    if not decisions:
        raise InvalidInput("Choose met or not yet met for at least one criterion.")
    problems = [
        f"{criterion}: {problem}"
        for criterion, (decision, feedback) in decisions.items()
        if (problem := check_decision(decision, feedback))
    ]
    if problems:
        raise InvalidInput(" ".join(problems))

    with db.transaction() as session:
        answer = get_judgeable_answer(session, assessor_id, answer_id)
        unclaimed = set(decisions) - set(answer.criteria.get("ids", []))
        if unclaimed:
            raise InvalidInput("This answer does not claim that criterion.")
        judgements = [
            add_judgement(session, assessor_id, answer, criterion, decision, feedback)
            for criterion, (decision, feedback) in decisions.items()
        ]

    for judgement in judgements:
        log.info(
            "judgement recorded for criterion %s by assessor %s",
            judgement.criterion_id,
            assessor_id,
        )
    return judgements


def get_judgeable_answer(session: Session, assessor_id: int, answer_id: int) -> Answer:
    """The answer, if this assessor may judge it now; raise otherwise."""
    # Locking the assessor's row keeps their judgement count exact for
    # quality-assurance sampling when two judgements arrive at once.
    assessor = session.get(User, assessor_id, with_for_update=True)
    if assessor is None or assessor.role not in ASSESSING_ROLES:
        raise PermissionDenied("Only assessors can record judgements.")
    answer = session.get(Answer, answer_id)
    if answer is None or answer.status != "submitted":
        raise NotFound("There is no submitted answer with that number.")
    if not is_learner_visible(session, assessor, answer.user_id):
        raise NotFound("There is no submitted answer with that number.")
    if has_newer_version(session, answer):
        raise InvalidInput(
            "The learner has submitted a newer version; judge that one instead."
        )
    return answer


def add_judgement(
    session: Session,
    assessor_id: int,
    answer: Answer,
    criterion_id: str,
    decision: str,
    feedback: str,
) -> Judgement:
    """Append one judgement with its audit entry and, maybe, a QA sample."""
    judgement = Judgement(
        learner_id=answer.user_id,
        criterion_id=criterion_id,
        answer_id=answer.id,
        assessor_id=assessor_id,
        decision=decision,
        feedback=feedback,
    )
    session.add(judgement)
    session.flush()
    record_event(
        session,
        actor_id=assessor_id,
        action="judgement.recorded",
        subject_type="judgement",
        subject_id=judgement.id,
        learner_id=answer.user_id,
        after=describe_judgement(judgement),
    )
    record_sample_if_picked(session, judgement)
    return judgement


def release_judgements(db: Database, *, assessor_id: int, learner_id: int) -> int:
    """Show a learner every unreleased judgement on their work; return how many."""
    with db.transaction() as session:
        assessor = session.get(User, assessor_id)
        if assessor is None or assessor.role not in ASSESSING_ROLES:
            raise PermissionDenied("Only assessors can release judgements.")
        if not is_learner_visible(session, assessor, learner_id):
            raise NotFound("There is no learner with that number in your cohorts.")
        pending = session.scalars(
            select(Judgement).where(
                Judgement.learner_id == learner_id,
                Judgement.released_at.is_(None),
            )
        ).all()
        moment = utcnow()
        for judgement in pending:
            judgement.released_at = moment
            record_event(
                session,
                actor_id=assessor_id,
                action="judgement.released",
                subject_type="judgement",
                subject_id=judgement.id,
                learner_id=learner_id,
                before={"released_at": None},
                after={"released_at": moment.isoformat()},
            )
        count = len(pending)

    log.info(
        "%s judgements released to learner %s by %s", count, learner_id, assessor_id
    )
    return count


def has_newer_version(session: Session, answer: Answer) -> bool:
    """Whether the learner submitted a later version of the same answer."""
    return bool(
        session.scalar(
            select(func.count()).where(
                Answer.user_id == answer.user_id,
                Answer.unit_code == answer.unit_code,
                Answer.check_id == answer.check_id,
                Answer.status == "submitted",
                Answer.version > answer.version,
            )
        )
    )


def describe_judgement(judgement: Judgement) -> dict[str, object]:
    """A judgement as the audit log keeps it."""
    return {
        "answer_id": judgement.answer_id,
        "criterion_id": judgement.criterion_id,
        "decision": judgement.decision,
        "feedback": judgement.feedback,
    }


def find_judgements(db: Database, learner_id: int) -> list[Judgement]:
    """Every judgement on a learner's work, oldest first."""
    with db.reading() as session:
        return list(
            session.scalars(
                select(Judgement)
                .where(Judgement.learner_id == learner_id)
                .order_by(Judgement.id)
            )
        )
