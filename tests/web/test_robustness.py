"""Malformed input gets a clear answer, never a server error."""

from __future__ import annotations

from course.services.assessment import safe_cell
from course.services.attempts import start_attempt
from course.services.learning import find_answer_versions
from tests.web.journey import make_user, post_form, sign_in


def test_huge_ids_in_addresses_are_not_found(app, db):
    make_user(db, "admin", "admin@example.org", "Ada Admin")
    client = app.test_client()
    sign_in(client, "admin@example.org")

    for url in ("/attempts/99999999999999999999999", "/assess/learners/99999999999999"):
        assert client.get(url).status_code == 404, url


def test_odd_digits_in_a_step_are_refused_politely(app, db):
    learner = make_user(db, "learner", "lee@example.org", "Lee Learner")
    attempt = start_attempt(db, learner.id, "late-figures")
    client = app.test_client()
    sign_in(client, "lee@example.org")
    url = f"/attempts/{attempt.id}"

    for step, choice in (("²", "0"), ("0", "²"), ("0", "9" * 40)):
        response = post_form(client, url, {"step": step, "choice": choice}, url)
        assert response.status_code in (400, 409), (step, choice)


def test_nul_characters_are_dropped_not_fatal(app, db):
    learner = make_user(db, "learner", "lee@example.org", "Lee Learner")
    client = app.test_client()
    sign_in(client, "lee@example.org")
    url = "/units/ESC/tasks/task-email"

    response = post_form(client, url, {"text": "Dear\x00 manager", "save": "Save"}, url)
    refused = post_form(
        client, "/login", {"email": "a\x00@example.org", "password": "x" * 12}, "/login"
    )

    assert response.status_code == 302 and refused.status_code == 400
    versions = find_answer_versions(db, learner.id, "ESC", "task-email")
    assert versions and versions[-1].text == "Dear manager"


def test_csv_cells_cannot_become_formulas_in_any_locale():
    assert safe_cell("=SUM(A1)").startswith("'")
    assert safe_cell("Dan;=2*21;x").startswith("'")
    assert safe_cell("Ann Smith-Jones") == "Ann Smith-Jones"
