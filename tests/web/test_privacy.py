"""A learner never reaches another learner's attempts or certificates."""

from __future__ import annotations

from course.services.attempts import start_attempt
from course.store.models import Certificate
from tests.web.journey import sign_in, sign_up


def test_a_learner_cannot_fetch_another_learners_attempt_or_certificate(app, db):
    owner, other = app.test_client(), app.test_client()
    sign_up(owner, "Owner Learner", "owner@example.org")
    sign_up(other, "Other Learner", "other@example.org")
    sign_in(other, "other@example.org")

    from course.services.accounts import authenticate

    owner_user = authenticate(db, "owner@example.org", "a long enough password")
    attempt = start_attempt(db, owner_user.id, "late-figures")
    with db.transaction() as session:
        session.add(
            Certificate(
                user_id=owner_user.id,
                code="ABCD-EFGH-JKMN-PQRS",
                learner_name="Owner Learner",
                course_title="Course",
                issued_on="2026-01-01",
                pdf=b"%PDF-1.7 owner",
                pdf_sha256="0" * 64,
            )
        )

    assert owner.get(f"/attempts/{attempt.id}").status_code == 200
    assert other.get(f"/attempts/{attempt.id}").status_code == 404
    assert other.get(f"/attempts/{attempt.id}/debrief").status_code == 404
    assert other.get("/certificates/ABCD-EFGH-JKMN-PQRS.pdf").status_code == 404
    assert owner.get("/certificates/ABCD-EFGH-JKMN-PQRS.pdf").data == b"%PDF-1.7 owner"
