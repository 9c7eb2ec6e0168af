"""The whole course through the test client: sign-up to a verified certificate."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from course.services.content import get_catalogue
from tests.web.journey import play_best_path, post_form, sign_in, sign_up

LEARNER_NAME = "Siobhán O'Connor-Nguyễn"


def answer_every_check(client, db) -> None:  # type: ignore[no-untyped-def]
    """Answer each knowledge check correctly and submit each written task."""
    for code, (_, unit) in get_catalogue(db).units.items():
        for check in unit.checks:
            if check.kind == "written":
                url = f"/units/{code}/tasks/{check.id}"
                response = post_form(
                    client, url,
                    {"text": "I told my manager the facts, the impact and my ask.",
                     "send": "Submit for assessment"},
                    form_page=url,
                )
                assert response.status_code == 302
                continue
            correct = [str(i) for i, o in enumerate(check.options) if o.correct]
            response = post_form(
                client, f"/units/{code}/checks/{check.id}", {"option": correct},
                form_page=f"/units/{code}",
            )
            assert response.status_code == 302


def test_learner_goes_from_sign_up_to_a_verified_certificate(app, client, db):
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
