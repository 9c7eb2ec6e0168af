"""Simultaneous requests never lose an update or do a thing twice."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from sqlalchemy import func, select

from course.errors import CourseError
from course.services import certificates as certificate_service
from course.services.attempts import get_attempt_view, start_attempt, take_step
from course.services.content import get_analysis
from course.store.models import Certificate, Step
from tests.web.journey import make_user


def run_together(count: int, work) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Run ``work`` in ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results: list = [None] * count  # type: ignore[type-arg]

    def run(slot: int) -> None:
        barrier.wait()
        try:
            results[slot] = work()
        except CourseError as error:
            results[slot] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_the_same_step_sent_many_times_at_once_counts_once(db):
    learner = make_user(db, "learner", "learner@example.org", "Lee Learner")
    attempt = start_attempt(db, learner.id, "late-figures")
    _, first_choice = get_analysis(db, attempt.version_id).best_path[0]

    results = run_together(
        6,
        lambda: take_step(
            db,
            user_id=learner.id,
            attempt_id=attempt.id,
            step_number=0,
            choice_index=first_choice,
            justification="Within my role.",
        ),
    )

    view = get_attempt_view(db, attempt.id, learner.id)
    assert view.attempt.step_count == 1
    assert len(view.steps) == 1
    assert sum(1 for r in results if isinstance(r, CourseError)) == 5
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Step)) == 1


def test_two_simultaneous_triggers_issue_one_certificate(db, monkeypatch, app):
    learner = make_user(db, "learner", "learner@example.org", "Lee Learner")
    real_progress = certificate_service.get_learner_progress

    def complete_progress(database, user_id):  # type: ignore[no-untyped-def]
        progress = real_progress(database, user_id)
        return SimpleNamespace(is_complete=True, catalogue=progress.catalogue)

    monkeypatch.setattr(certificate_service, "get_learner_progress", complete_progress)

    results = run_together(
        2,
        lambda: certificate_service.issue_certificate_if_complete(
            db,
            learner.id,
            signatory=("A Signatory", "Lead assessor"),
            public_url="http://127.0.0.1:5000",
        ),
    )

    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Certificate)) == 1
    assert results[0].code == results[1].code
