"""Assessors' judgements: one per criterion, appended, never edited."""

from __future__ import annotations

import logging

from sqlalchemy import select, update

from course.errors import InvalidInput, NotFound, PermissionDenied
from course.store.db import Database
from course.store.models import Answer, Judgement, User, utcnow

log = logging.getLogger(__name__)

DECISIONS = ("met", "not_yet_met")
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
    feedback = feedback.strip()
    if decision not in DECISIONS:
        raise InvalidInput("Choose met or not yet met.")
    if decision == "not_yet_met" and not feedback:
        raise InvalidInput("Say what is missing: feedback is required for not yet met.")

    with db.transaction() as session:
        assessor = session.get(User, assessor_id)
        if assessor is None or assessor.role not in ASSESSING_ROLES:
            raise PermissionDenied("Only assessors can record judgements.")
        answer = session.get(Answer, answer_id)
        if answer is None or answer.status != "submitted":
            raise NotFound("There is no submitted answer with that number.")
        if criterion_id not in answer.criteria.get("ids", []):
            raise InvalidInput("This answer does not claim that criterion.")
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

    log.info(
        "judgement recorded for criterion %s by assessor %s", criterion_id, assessor_id
    )
    return judgement


def release_judgements(db: Database, *, assessor_id: int, learner_id: int) -> int:
    """Show a learner every unreleased judgement on their work; return how many."""
    with db.transaction() as session:
        result = session.execute(
            update(Judgement)
            .where(
                Judgement.learner_id == learner_id,
                Judgement.released_at.is_(None),
            )
            .values(released_at=utcnow())
        )
        count = result.rowcount or 0

    log.info("%s judgements released to learner %s by %s", count, learner_id, assessor_id)
    return count


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
