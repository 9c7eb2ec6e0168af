"""Cohorts through the web: create, import, invite, assign, export, revoke."""

from __future__ import annotations

import io
import re

from course.services.cohorts import find_members
from tests.services.people import make_team
from tests.web.journey import post_form, sign_in, sign_up


def signed_in(app, email: str):  # type: ignore[no-untyped-def]
    """A test client signed in as ``email``."""
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def test_a_trainer_creates_a_cohort_and_assigns_an_assessor(app, db):
    team = make_team(db)
    trainer = signed_in(app, "trainer@example.org")

    empty = post_form(trainer, "/admin/cohorts", {"name": "   "}, "/admin/cohorts")
    created = post_form(
        trainer, "/admin/cohorts", {"name": "May intake"}, "/admin/cohorts"
    )
    page_url = created.location
    cohort_id = int(page_url.rstrip("/").split("/")[-1])
    assigned = post_form(
        trainer,
        f"/admin/cohorts/{cohort_id}/assessors",
        {"assessor": str(team.outsider_assessor.id)},
        page_url,
    )
    bad = post_form(
        trainer,
        f"/admin/cohorts/{cohort_id}/assessors",
        {"assessor": str(team.learner.id)},
        page_url,
    )

    assert empty.status_code == 400
    assert "Give the cohort a name" in empty.get_data(as_text=True)
    assert created.status_code == 302 and assigned.status_code == 302
    page = trainer.get(page_url).get_data(as_text=True)
    assert "Otto Assessor" in page and "/join/" in page
    assert bad.status_code == 302
    assert "Choose an assessor from the list." in page
    assert "Lee Learner" not in page


def test_a_bad_csv_is_reported_by_row_and_nothing_is_imported(app, db):
    team = make_team(db)
    trainer = signed_in(app, "trainer@example.org")
    page = f"/admin/cohorts/{team.cohort.id}"
    before = len(find_members(db, team.cohort.id))

    response = post_form(
        trainer,
        f"{page}/import",
        {"text": "name,email\nSam Stranger,stranger@example.org\nBad,not-an-email\n"},
        page,
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was imported" in html and "Row 3:" in html
    assert len(find_members(db, team.cohort.id)) == before

    good = post_form(
        trainer,
        f"{page}/import",
        {"text": "name,email\nSam Stranger,stranger@example.org\n"},
        page,
    )
    assert good.status_code == 302
    assert "1 enrolled" in trainer.get(page).get_data(as_text=True)
    assert len(find_members(db, team.cohort.id)) == before + 1


def test_an_uploaded_file_must_be_utf8_text(app, db):
    team = make_team(db)
    trainer = signed_in(app, "trainer@example.org")
    page = f"/admin/cohorts/{team.cohort.id}"
    good = "name,email\nSam Stranger,stranger@example.org\n".encode("utf-8-sig")

    latin = post_form(
        trainer,
        f"{page}/import",
        {
            "file": (
                io.BytesIO("name,email\nZoë,z@example.org\n".encode("latin-1")),
                "people.csv",
            )
        },
        page,
    )
    message = trainer.get(page).get_data(as_text=True)
    uploaded = post_form(
        trainer, f"{page}/import", {"file": (io.BytesIO(good), "people.csv")}, page
    )

    assert latin.status_code == 302 and "not UTF-8 text" in message
    assert uploaded.status_code == 302
    assert "stranger@example.org" in {u.email for u in find_members(db, team.cohort.id)}


def test_an_invitation_link_enrols_whoever_signs_up_or_in_through_it(app, db):
    team = make_team(db)
    link = f"/join/{team.cohort.invite_token}"

    newcomer = app.test_client()
    assert newcomer.get(link).location.endswith("/signup")
    sign_up(newcomer, "Nia Newcomer", "nia@example.org")
    stranger = app.test_client()
    stranger.get(link)
    sign_in(stranger, "stranger@example.org")
    signed = signed_in(app, "stranger@example.org")

    emails = {u.email for u in find_members(db, team.cohort.id)}
    assert {"nia@example.org", "stranger@example.org"} <= emails
    assert "Join Spring cohort" in signed.get(link).get_data(as_text=True)
    assert app.test_client().get("/join/not-a-token").status_code == 404
    staff = signed_in(app, "trainer@example.org")
    assert staff.get(link).status_code == 302


def test_a_signed_in_learner_joins_by_confirming(app, db):
    team = make_team(db)
    make_learner = app.test_client()
    sign_up(make_learner, "Jo Joiner", "jo@example.org")
    link = f"/join/{team.cohort.invite_token}"

    assert make_learner.get(link).status_code == 200
    assert "jo@example.org" not in {u.email for u in find_members(db, team.cohort.id)}
    response = post_form(make_learner, link, {}, link)

    assert response.status_code == 302
    assert "jo@example.org" in {u.email for u in find_members(db, team.cohort.id)}


def test_exports_are_csv_and_scoped_to_the_viewer(app, db):
    team = make_team(db)
    assessor = signed_in(app, "assessor@example.org")
    outsider = signed_in(app, "other-assessor@example.org")
    base = f"/admin/cohorts/{team.cohort.id}"

    criteria = assessor.get(f"{base}/criteria.csv")
    judgements = assessor.get(f"{base}/judgements.csv")

    assert criteria.mimetype == "text/csv"
    lines = criteria.get_data(as_text=True).splitlines()
    assert lines[0].startswith('\ufeff"name","email","CSD-1.1"')
    assert len(lines) == 3 and any("Cal Classmate" in line for line in lines)
    assert judgements.get_data(as_text=True).startswith(
        '\ufeff"judgement","learner","email"'
    )
    assert outsider.get(f"{base}/criteria.csv").status_code == 404
    assert (
        signed_in(app, "learner@example.org").get(f"{base}/criteria.csv").status_code
        == 403
    )


def test_an_admin_revokes_a_certificate_with_a_reason(app, db):
    from course.store.models import Certificate

    team = make_team(db)
    with db.transaction() as session:
        session.add(
            Certificate(
                user_id=team.learner.id,
                code="ABCD-EFGH-JKMN-PQRS",
                learner_name="Lee Learner",
                course_title="Course",
                issued_on="2026-01-01",
                pdf=b"%PDF",
                pdf_sha256="0" * 64,
            )
        )
    admin = signed_in(app, "admin@example.org")
    url = "/admin/certificates/ABCD-EFGH-JKMN-PQRS/revoke"

    empty = post_form(admin, url, {"reason": " "}, url)
    done = post_form(admin, url, {"reason": "Issued in error."}, url)

    assert empty.status_code == 400 and "Say why" in empty.get_data(as_text=True)
    assert done.status_code == 302
    page = admin.get(url).get_data(as_text=True)
    assert re.search(r"Status: <strong>revoked</strong>", page)
    assert signed_in(app, "lead@example.org").get(url).status_code == 403
    audit = (
        signed_in(app, "lead@example.org").get("/assess/audit").get_data(as_text=True)
    )
    assert "certificate.revoked" in audit
