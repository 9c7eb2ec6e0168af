"""The whole course through the test client: sign-up to a verified certificate."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from course.services.accounts import authenticate
from course.services.assessment import QueueFilters, find_queue
from course.services.cohorts import assign_assessor, create_cohort
from course.services.content import get_catalogue
from tests.web.journey import make_user, play_best_path, post_form, sign_in, sign_up

LEARNER_NAME = "Siobhán O'Connor-Nguyễn"


def answer_every_check(client, db) -> None:  # type: ignore[no-untyped-def]
    """Answer each knowledge check correctly and submit each written task."""
    for code, (_, unit) in get_catalogue(db).units.items():
        for check in unit.checks:
            if check.kind == "written":
                url = f"/units/{code}/tasks/{check.id}"
                response = post_form(
                    client,
                    url,
                    {
                        "text": "I told my manager the facts, the impact and my ask.",
                        "send": "Submit for assessment",
                    },
                    form_page=url,
                )
                assert response.status_code == 302
                continue
            correct = [str(i) for i, o in enumerate(check.options) if o.correct]
            response = post_form(
                client,
                f"/units/{code}/checks/{check.id}",
                {"option": correct},
                form_page=f"/units/{code}",
            )
            assert response.status_code == 302


def set_up_cohort(app, db):  # type: ignore[no-untyped-def]
    """A cohort with an assessor; returns the assessor and the invitation path."""
    admin = make_user(db, "admin", "admin@example.org", "An Admin")
    assessor = make_user(db, "assessor", "assessor@example.org", "An Assessor")
    cohort = create_cohort(db, actor_id=admin.id, name="Journey cohort")
    assign_assessor(db, actor_id=admin.id, cohort_id=cohort.id, assessor_id=assessor.id)
    return assessor, f"/join/{cohort.invite_token}"


def judge_and_sign_off(app, db, assessor, learner_id):  # type: ignore[no-untyped-def]
    """An assessor judges every answer met, releases, and signs off each unit."""
    client = app.test_client()
    assert sign_in(client, "assessor@example.org").status_code == 302
    for item in find_queue(db, assessor, QueueFilters()).items:
        page = f"/assess/answers/{item.answer.id}"
        decisions = {f"decision-{criterion}": "met" for criterion in item.waiting}
        response = post_form(client, f"{page}/judgements", decisions, form_page=page)
        assert response.status_code == 302
    record = f"/assess/learners/{learner_id}"
    assert post_form(client, f"{record}/release", {}, record).status_code == 302
    for unit in get_catalogue(db).ordered_units():
        response = post_form(client, f"{record}/units/{unit.code}/sign-off", {}, record)
        assert response.status_code == 302
    page = client.get(record).get_data(as_text=True)
    assert "the certificate has been issued" in page


def test_learner_goes_from_sign_up_to_a_verified_certificate(app, client, db):
    assessor, invitation = set_up_cohort(app, db)
    client.get(invitation)
    response = sign_up(client, LEARNER_NAME, "learner@example.org")
    assert response.status_code == 302
    client.post("/logout", data={})  # without a token: refused, still signed in
    assert sign_in(client, "learner@example.org").status_code == 302

    dashboard = client.get("/").get_data(as_text=True)
    assert "What to do next" in dashboard
    assert "Explain when and to whom to escalate problems" in dashboard

    for key in get_catalogue(db).scenarios:
        attempt_id = play_best_path(client, db, key)
        debrief = client.get(f"/attempts/{attempt_id}/debrief").get_data(as_text=True)
        assert "passed" in debrief and "The best path" in debrief
    assert "Your certificate is ready" not in client.get("/").get_data(as_text=True)
    answer_every_check(client, db)
    assert 'class="code"' not in client.get("/certificate").get_data(as_text=True)
    learner = authenticate(db, "learner@example.org", "a long enough password")
    judge_and_sign_off(app, db, assessor, learner.id)

    page = client.get("/certificate").get_data(as_text=True)
    code = re.search(r'class="code">([A-Z0-9-]+)<', page).group(1)
    pdf = client.get(f"/certificates/{code}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert LEARNER_NAME in text
    assert code in text

    anonymous = app.test_client()
    verify = anonymous.get(f"/verify/{code}")
    assert verify.status_code == 200
    assert "This certificate is valid." in verify.get_data(as_text=True)
    assert LEARNER_NAME in verify.get_data(as_text=True).replace("&#39;", "'")
    assert anonymous.get("/verify/NOT-A-REAL-CODE").status_code == 404
