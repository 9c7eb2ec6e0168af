"""Judging, resubmission, QA sampling, sign-off and the course rule."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from course.engine.progress import Evidence, evaluate_all, is_course_complete
from course.errors import InvalidInput, NotFound, PermissionDenied
from course.services.assessment import (
    NEW_ASSESSOR_JUDGEMENTS,
    QueueFilters,
    find_queue,
    find_returned_judgements,
    find_samples,
    render_criteria_csv,
    render_judgements_csv,
    review_sample,
    set_sampling,
    sign_off_unit,
)
from course.services.judgements import record_judgement, release_judgements
from course.services.progress import get_learner_progress
from course.store.models import Judgement, QaSample, utcnow
from tests.services.people import (
    COVERING_TASKS,
    judge_all,
    make_team,
    meet_unit,
    submit,
)


def count_judgements(db) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Judgement))


def test_not_yet_met_needs_feedback_and_writes_nothing_without_it(db):
    team = make_team(db)
    answer = submit(db, team.learner)

    with pytest.raises(InvalidInput, match="feedback is required"):
        record_judgement(
            db,
            assessor_id=team.assessor.id,
            answer_id=answer.id,
            criterion_id="ESC-1.1",
            decision="not_yet_met",
            feedback="   ",
        )
    assert count_judgements(db) == 0


def test_an_assessor_cannot_judge_outside_their_cohorts(db):
    team = make_team(db)
    answer = submit(db, team.stranger)

    with pytest.raises(NotFound):
        judge_all(db, team.assessor, answer)
    with pytest.raises(NotFound):
        judge_all(
            db,
            team.outsider_assessor,
            submit(db, team.learner, "RCC", "task-complaint"),
        )
    judge_all(db, team.lead, answer)
    assert count_judgements(db) == 4


def test_resubmission_keeps_every_version_and_only_the_newest_is_judged(db):
    team = make_team(db)
    first = submit(db, team.learner, text="First go.")
    judge_all(db, team.assessor, first, "not_yet_met", "Say who you would tell.")
    release_judgements(db, assessor_id=team.assessor.id, learner_id=team.learner.id)
    seen = get_learner_progress(db, team.learner.id).criteria["ESC-1.2"]
    assert seen.status == "not_yet_met"
    assert seen.feedback == "Say who you would tell."

    second = submit(db, team.learner, text="Second go: my line manager.")
    with pytest.raises(InvalidInput, match="newer version"):
        judge_all(db, team.assessor, first)
    assert second.version == 2
    assert get_learner_progress(db, team.learner.id).criteria["ESC-1.2"].status == (
        "awaiting"
    )

    judge_all(db, team.assessor, second)
    hidden = get_learner_progress(db, team.learner.id).criteria["ESC-1.2"]
    assert hidden.status == "awaiting"  # not released yet
    release_judgements(db, assessor_id=team.assessor.id, learner_id=team.learner.id)
    assert get_learner_progress(db, team.learner.id).criteria["ESC-1.2"].status == "met"
    assert count_judgements(db) == 8


def test_the_queue_lists_unjudged_latest_versions_oldest_first_with_filters(db):
    team = make_team(db)
    older = submit(db, team.classmate, "RCC", "task-complaint")
    newer = submit(db, team.learner, "ESC", "task-email")
    submit(db, team.stranger, "ESC", "task-email")

    queue = find_queue(db, team.assessor, QueueFilters())
    assert [i.answer.id for i in queue.items] == [older.id, newer.id]
    assert (queue.total, queue.by_unit) == (2, {"RCC": 1, "ESC": 1})
    assert len(find_queue(db, team.lead, QueueFilters()).items) == 3

    by_unit = find_queue(db, team.assessor, QueueFilters(unit_code="ESC"))
    assert [i.answer.id for i in by_unit.items] == [newer.id]
    by_criterion = find_queue(db, team.assessor, QueueFilters(criterion_id="RCC-1.7"))
    assert [i.answer.id for i in by_criterion.items] == [older.id]
    later = utcnow() + timedelta(days=3)
    assert find_queue(db, team.assessor, QueueFilters(min_age_days=2), later).items
    assert not find_queue(db, team.assessor, QueueFilters(min_age_days=2)).items
    other = find_queue(db, team.lead, QueueFilters(cohort_id=team.cohort.id + 1))
    assert other.items == []

    record_judgement(
        db,
        assessor_id=team.assessor.id,
        answer_id=newer.id,
        criterion_id="ESC-1.1",
        decision="met",
        feedback="",
    )
    waiting = find_queue(db, team.assessor, QueueFilters(unit_code="ESC")).items
    assert waiting[0].waiting == ("ESC-1.2", "ESC-1.3", "ESC-1.4")
    judge_all(db, team.assessor, older)
    assert [
        i.answer.id for i in find_queue(db, team.assessor, QueueFilters()).items
    ] == [newer.id]


def test_a_new_assessor_is_sampled_in_full_then_at_their_rate(db):
    team = make_team(db)
    set_sampling(
        db,
        actor_id=team.lead.id,
        assessor_id=team.assessor.id,
        sample_rate=50,
        is_new=False,
    )
    for _ in range(4):  # 4 versions x 4 criteria = 16 judgements
        judge_all(db, team.assessor, submit(db, team.learner))

    with db.reading() as session:
        reasons = list(session.scalars(select(QaSample.reason).order_by(QaSample.id)))
    assert reasons.count("new assessor") == NEW_ASSESSOR_JUDGEMENTS
    assert reasons.count("sampling rate") == 3  # judgements 12, 14 and 16

    set_sampling(
        db,
        actor_id=team.lead.id,
        assessor_id=team.assessor.id,
        sample_rate=0,
        is_new=True,
    )
    judge_all(db, team.assessor, submit(db, team.learner))
    assert len(find_samples(db, reviewed=False)) == 13 + 4


def test_sampling_is_set_by_lead_assessors_only_and_within_range(db):
    team = make_team(db)
    with pytest.raises(PermissionDenied):
        set_sampling(
            db,
            actor_id=team.assessor.id,
            assessor_id=team.assessor.id,
            sample_rate=0,
            is_new=False,
        )
    with pytest.raises(InvalidInput, match="0 to 100"):
        set_sampling(
            db,
            actor_id=team.lead.id,
            assessor_id=team.assessor.id,
            sample_rate=101,
            is_new=False,
        )


def test_a_returned_sample_changes_nothing_until_a_new_judgement(db):
    team = make_team(db)
    answer = meet_unit(db, team.assessor, team.learner, "ESC", "task-email")
    with db.reading() as session:
        first = session.scalar(select(Judgement).order_by(Judgement.id))

    with pytest.raises(InvalidInput, match="action is required"):
        review_sample(
            db,
            reviewer_id=team.lead.id,
            judgement_id=first.id,
            outcome="returned",
            action="",
        )
    with pytest.raises(PermissionDenied):
        review_sample(
            db,
            reviewer_id=team.assessor.id,
            judgement_id=first.id,
            outcome="agreed",
            action="",
        )
    review_sample(
        db,
        reviewer_id=team.lead.id,
        judgement_id=first.id,
        outcome="returned",
        action="The answer never names who to escalate to; look again.",
    )
    with pytest.raises(InvalidInput, match="already been reviewed"):
        review_sample(
            db,
            reviewer_id=team.lead.id,
            judgement_id=first.id,
            outcome="agreed",
            action="",
        )

    progress = get_learner_progress(db, team.learner.id)
    assert progress.criteria[first.criterion_id].status == "met"
    returned = find_returned_judgements(db, team.assessor.id)
    assert [v.judgement.id for v in returned] == [first.id]

    record_judgement(
        db,
        assessor_id=team.assessor.id,
        answer_id=answer.id,
        criterion_id=first.criterion_id,
        decision="not_yet_met",
        feedback="Name the person you would escalate to.",
    )
    assert find_returned_judgements(db, team.assessor.id) == []
    release_judgements(db, assessor_id=team.assessor.id, learner_id=team.learner.id)
    progress = get_learner_progress(db, team.learner.id)
    assert progress.criteria[first.criterion_id].status == "not_yet_met"


def test_a_lead_cannot_review_their_own_judgement(db):
    team = make_team(db)
    judge_all(db, team.lead, submit(db, team.learner))
    with db.reading() as session:
        own = session.scalar(select(Judgement.id))

    with pytest.raises(InvalidInput, match="Another lead assessor"):
        review_sample(
            db,
            reviewer_id=team.lead.id,
            judgement_id=own,
            outcome="agreed",
            action="",
        )


def test_a_unit_is_signed_off_only_when_met_and_released(db):
    team = make_team(db)
    answer = submit(db, team.learner)

    with pytest.raises(InvalidInput, match="cannot be signed off yet"):
        sign_off_unit(
            db,
            assessor_id=team.assessor.id,
            learner_id=team.learner.id,
            unit_code="ESC",
        )
    judge_all(db, team.assessor, answer)
    with pytest.raises(InvalidInput, match="released"):
        sign_off_unit(
            db,
            assessor_id=team.assessor.id,
            learner_id=team.learner.id,
            unit_code="ESC",
        )
    release_judgements(db, assessor_id=team.assessor.id, learner_id=team.learner.id)
    with pytest.raises(NotFound):
        sign_off_unit(
            db,
            assessor_id=team.outsider_assessor.id,
            learner_id=team.learner.id,
            unit_code="ESC",
        )

    sign_off_unit(
        db, assessor_id=team.assessor.id, learner_id=team.learner.id, unit_code="ESC"
    )
    with pytest.raises(InvalidInput, match="already signed off"):
        sign_off_unit(
            db,
            assessor_id=team.assessor.id,
            learner_id=team.learner.id,
            unit_code="ESC",
        )
    assert get_learner_progress(db, team.learner.id).signed_off == {"ESC"}


def test_signed_off_rule_needs_every_unit_signed_off():
    progress = evaluate_all(
        ["A-1", "B-1"],
        [Evidence("A-1", "check", "a", True), Evidence("B-1", "check", "b", True)],
    )

    assert is_course_complete("all-criteria", progress, ["A", "B"], set())
    assert not is_course_complete("signed-off", progress, ["A", "B"], {"A"})
    assert is_course_complete("signed-off", progress, ["A", "B"], {"A", "B"})
    assert not is_course_complete("signed-off", progress, [], set())


def test_the_course_uses_the_signed_off_rule(db):
    team = make_team(db)
    for unit, task in COVERING_TASKS.items():
        meet_unit(db, team.assessor, team.learner, unit, task)
        sign_off_unit(
            db,
            assessor_id=team.assessor.id,
            learner_id=team.learner.id,
            unit_code=unit,
        )

    progress = get_learner_progress(db, team.learner.id)
    assert progress.catalogue.course.completion == "signed-off"
    assert not progress.is_complete  # CSD is neither met nor signed off


def test_exports_list_criteria_by_learner_and_judgements_safely(db):
    team = make_team(db)
    answer = submit(db, team.learner)
    judge_all(db, team.assessor, answer, "not_yet_met", '=HYPERLINK("x") needs who')
    release_judgements(db, assessor_id=team.assessor.id, learner_id=team.learner.id)

    criteria = list(
        csv.reader(io.StringIO(render_criteria_csv(db, [team.learner, team.classmate])))
    )
    judgements = list(
        csv.reader(io.StringIO(render_judgements_csv(db, [team.learner])))
    )

    header = criteria[0]
    assert header[:2] == ["name", "email"] and "ESC-1.1" in header
    row = dict(zip(header, criteria[1], strict=True))
    assert row["email"] == "learner@example.org"
    assert row["ESC-1.1"] == "Not yet met"
    assert len(criteria) == 3
    assert len(judgements) == 5
    first = dict(zip(judgements[0], judgements[1], strict=True))
    assert first["assessor"] == "Asha Assessor"
    assert first["decision"] == "not_yet_met"
    assert first["feedback"].startswith("'=")
    assert first["released_at"]
