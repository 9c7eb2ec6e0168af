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


def test_signing_out_ends_the_session_and_the_remember_cookie(app, db):
    from tests.web.journey import post_form

    client = app.test_client()
    sign_up(client, "Lee Learner", "lee@example.org")
    post_form(
        client,
        "/login",
        {
            "email": "lee@example.org",
            "password": "a long enough password",
            "remember": "y",
        },
        form_page="/login",
    )
    stolen = {c.key: c.value for c in client._cookies.values()}
    assert "remember_token" in stolen and "session" in stolen

    post_form(client, "/logout", {}, form_page="/")

    replay = app.test_client()
    for key, value in stolen.items():
        replay.set_cookie(key, value)
    assert replay.get("/certificate").status_code == 302
    only_remember = app.test_client()
    only_remember.set_cookie("remember_token", stolen["remember_token"])
    assert only_remember.get("/certificate").status_code == 302
