"""The audit log and judgements are append-only, in the database itself."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from course.services.assessment import sign_off_unit
from course.services.audit import find_events, record_event
from course.services.judgements import release_judgements
from course.store.models import AuditEvent, Judgement, QaSample, UnitSignOff
from tests.services.people import judge_all, make_team, meet_unit, submit


def add_event(db):  # type: ignore[no-untyped-def]
    """Write one audit event and return its id."""
    with db.transaction() as session:
        event = record_event(
            session,
            actor_id=None,
            action="test.event",
            subject_type="test",
            subject_id=1,
            before={"x": 1},
            after={"x": 2},
        )
        session.flush()
        return event.id


def test_an_audit_event_cannot_be_updated_through_the_orm_or_core(db):
    event_id = add_event(db)

    with pytest.raises(DBAPIError), db.transaction() as session:
        session.get(AuditEvent, event_id).action = "rewritten"
    with pytest.raises(DBAPIError), db.transaction() as session:
        session.execute(update(AuditEvent).values(after={"x": 99}))

    with db.reading() as session:
        event = session.get(AuditEvent, event_id)
    assert (event.action, event.after) == ("test.event", {"x": 2})


def test_an_audit_event_cannot_be_deleted_through_the_orm_or_core(db):
    event_id = add_event(db)

    with pytest.raises(DBAPIError), db.transaction() as session:
        session.delete(session.get(AuditEvent, event_id))
    with pytest.raises(DBAPIError), db.transaction() as session:
        session.execute(delete(AuditEvent))

    with db.reading() as session:
        assert session.get(AuditEvent, event_id) is not None


def test_a_judgement_cannot_be_edited_or_deleted_only_released_once(db):
    team = make_team(db)
    judge_all(db, team.assessor, submit(db, team.learner), "not_yet_met", "Add who.")
    with db.reading() as session:
        judgement_id = session.scalars(select(Judgement.id)).first()

    with pytest.raises(DBAPIError), db.transaction() as session:
        session.get(Judgement, judgement_id).decision = "met"
    with pytest.raises(DBAPIError), db.transaction() as session:
        session.execute(update(Judgement).values(feedback="softer words"))
    with pytest.raises(DBAPIError), db.transaction() as session:
        session.delete(session.get(Judgement, judgement_id))
    with pytest.raises(DBAPIError), db.transaction() as session:
        session.execute(delete(Judgement))

    released = release_judgements(
        db, assessor_id=team.assessor.id, learner_id=team.learner.id
    )
    assert released == 4
    with pytest.raises(DBAPIError), db.transaction() as session:
        session.execute(update(Judgement).values(released_at=None))
    with db.reading() as session:
        judgement = session.get(Judgement, judgement_id)
    assert judgement.decision == "not_yet_met"
    assert judgement.feedback == "Add who."
    assert judgement.released_at is not None


def test_sign_offs_and_qa_samples_cannot_be_removed(db):
    team = make_team(db)
    meet_unit(db, team.assessor, team.learner, "ESC", "task-email")
    sign_off_unit(
        db, assessor_id=team.assessor.id, learner_id=team.learner.id, unit_code="ESC"
    )

    for model in (UnitSignOff, QaSample):
        with pytest.raises(DBAPIError), db.transaction() as session:
            session.execute(delete(model))
    with db.reading() as session:
        assert session.scalars(select(UnitSignOff)).all()
        assert session.scalars(select(QaSample)).all()


def test_judgements_releases_and_sign_offs_are_logged_with_who_and_what(db):
    team = make_team(db)
    meet_unit(db, team.assessor, team.learner, "ESC", "task-email")
    sign_off_unit(
        db, assessor_id=team.assessor.id, learner_id=team.learner.id, unit_code="ESC"
    )

    events = find_events(db, learner_id=team.learner.id)
    actions = [e.action for e in reversed(events)]

    assert actions.count("judgement.recorded") == 4
    assert actions.count("judgement.released") == 4
    assert actions.count("qa.sampled") == 4
    assert actions[-1] == "unit.signed_off"
    recorded = next(e for e in events if e.action == "judgement.recorded")
    assert recorded.actor_id == team.assessor.id
    assert recorded.after["decision"] == "met"
    released = next(e for e in events if e.action == "judgement.released")
    assert released.before == {"released_at": None}
