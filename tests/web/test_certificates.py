"""Issuing in bulk, archival downloads, revocation, and who may see a certificate."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from course.cli import cli
from course.services import certificates as certificate_service
from tests.services.people import make_team
from tests.web.journey import sign_in


@pytest.fixture
def everyone_complete(monkeypatch):  # type: ignore[no-untyped-def]
    """Treat every learner as having met the completion rule."""
    real = certificate_service.get_learner_progress

    def complete(database, user_id):  # type: ignore[no-untyped-def]
        return SimpleNamespace(
            is_complete=True, catalogue=real(database, user_id).catalogue
        )

    monkeypatch.setattr(certificate_service, "get_learner_progress", complete)


def run_cli(app, *args: str):  # type: ignore[no-untyped-def]
    """Run the ``course`` command against the test app's database."""
    runner = CliRunner()
    env = {"COURSE_DATABASE_URL": app.config["DATABASE_URL"]}
    return runner.invoke(cli, ["--instance", app.instance_path, *args], env=env)


def test_bulk_issue_for_a_cohort_issues_each_certificate_once(
    app, db, everyone_complete
):
    team = make_team(db)

    first = run_cli(app, "certificates", "issue", "--cohort", str(team.cohort.id))
    second = run_cli(app, "certificates", "issue", "--cohort", str(team.cohort.id))

    assert first.exit_code == 0, first.output
    assert "Issued 2, already held 0" in first.output
    assert "Issued 0, already held 2" in second.output
    assert certificate_service.get_certificate_for_learner(db, team.stranger.id) is None


def test_revoked_certificate_stays_listed_with_its_reason(app, db, everyone_complete):
    team = make_team(db)
    certificate = certificate_service.issue_certificate_if_complete(
        db, team.learner.id, signatory=("S", "R"), public_url="http://127.0.0.1:5000"
    )

    result = run_cli(
        app,
        "certificates",
        "revoke",
        certificate.code.lower(),
        "--reason",
        "Issued in error",
        "--by",
        "admin@example.org",
    )

    assert result.exit_code == 0, result.output
    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Revoked certificate" in page and "Issued in error" in page


def test_archival_variant_is_pdfa_rendered_once_then_served(app, db, everyone_complete):
    team = make_team(db)
    certificate = certificate_service.issue_certificate_if_complete(
        db, team.learner.id, signatory=("S", "R"), public_url="http://127.0.0.1:5000"
    )
    client = app.test_client()
    sign_in(client, "learner@example.org")

    first = client.get(f"/certificates/{certificate.code}.pdf?variant=archival")
    second = client.get(f"/certificates/{certificate.code}.pdf?variant=archival")

    assert first.status_code == 200 and first.data == second.data
    metadata = PdfReader(io.BytesIO(first.data)).xmp_metadata
    assert metadata is not None and "pdfaid" in str(metadata.rdf_root.toxml())
    assert first.data != client.get(f"/certificates/{certificate.code}.pdf").data


def test_only_the_learner_and_staff_of_their_cohort_download(
    app, db, everyone_complete
):
    team = make_team(db)
    certificate = certificate_service.issue_certificate_if_complete(
        db, team.learner.id, signatory=("S", "R"), public_url="http://127.0.0.1:5000"
    )
    url = f"/certificates/{certificate.code}.pdf"
    expected = {
        "learner@example.org": 200,
        "classmate@example.org": 404,
        "assessor@example.org": 200,
        "other-assessor@example.org": 404,
        "admin@example.org": 200,
        "trainer@example.org": 403,
    }

    for email, status in expected.items():
        client = app.test_client()
        sign_in(client, email)
        assert client.get(url).status_code == status, email


def test_verify_page_is_rate_limited_and_explains_bad_codes(app):
    app.config["VERIFY_RATE_LIMIT"] = 3
    client = app.test_client()

    garbled = client.get("/verify/ABC")
    statuses = [client.get("/verify/2345-6789-ABCD-EFGH").status_code for _ in range(3)]

    assert garbled.status_code == 404
    assert "A verification code has 16 letters and digits" in garbled.get_data(
        as_text=True
    )
    assert statuses == [404, 404, 429]


def test_a_pdf_alone_verifies_and_the_archival_copy_counts_as_issued(
    app, db, everyone_complete
):
    from tests.web.journey import csrf_token

    team = make_team(db)
    certificate = certificate_service.issue_certificate_if_complete(
        db, team.learner.id, signatory=("S", "R"), public_url="http://127.0.0.1:5000"
    )
    learner = app.test_client()
    sign_in(learner, "learner@example.org")
    archival = learner.get(
        f"/certificates/{certificate.code}.pdf?variant=archival"
    ).data
    public = app.test_client()

    def upload(url: str, data: bytes):  # type: ignore[no-untyped-def]
        form = {"csrf_token": csrf_token(public, "/verify"), "code": certificate.code}
        form["pdf"] = (io.BytesIO(data), "certificate.pdf")
        return public.post(url, data=form, content_type="multipart/form-data")

    by_pdf = upload("/verify", certificate.pdf)
    forged = upload("/verify", certificate.pdf + b"%")
    by_code = upload(f"/verify/{certificate.code}", archival)

    assert by_pdf.status_code == 302 and certificate.code in by_pdf.headers["Location"]
    assert forged.status_code == 404
    assert "does not match any certificate" in forged.get_data(as_text=True)
    assert "byte for byte" in by_code.get_data(as_text=True)
