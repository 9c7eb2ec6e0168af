"""Time issuing a certificate against WeasyPrint alone and against a stored download.

Run from the repository root:

    .venv/bin/python bench/bench_certificates.py [--repeat N]

It prints the median of N runs of (a) a bare WeasyPrint render of the same HTML
(same base URL, WeasyPrint's own fetcher), (b) ``render_certificate_pdf``,
(c) reading a stored PDF back from a SQLite BLOB, (d) issuing through the real
service (completion check, render, store) for a learner who has met the
completion rule, and (e) downloading the stored PDF through the web app as
that learner; then the ratios b/a and d/a (target at most 1.3) and a/c and a/e
(target at least 20).
"""

from __future__ import annotations

import argparse
import datetime
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from weasyprint import HTML

from course.certificates.render import (
    CertificateData,
    find_template_folder,
    render_certificate_html,
    render_certificate_pdf,
)
from course.services.certificates import describe_certificate

SAMPLE = CertificateData(
    learner_name="Siobhán O'Brien",
    course_title="Knowing when to escalate",
    units=(
        ("CSD", "Deliver customer service", "Level 2 Diploma in Customer Service"),
        ("RCC", "Resolve customer complaints", "Level 2 Diploma in Customer Service"),
        ("ESC", "Escalate problems at work", "Own unit"),
    ),
    issued_on=datetime.date(2026, 12, 4),
    signatory_name="Course Signatory",
    signatory_role="Head of Training",
    code="K7QM-3XPR-W9TD-H4NC",
    verify_url="https://training.example.org/verify/K7QM-3XPR-W9TD-H4NC",
)


def measure_median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Return the median seconds of ``repeat`` calls of ``action``, after a warm-up."""
    action()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def make_stored_pdf_reader(pdf: bytes) -> Callable[[], bytes]:
    """Return a function that reads ``pdf`` back from a SQLite BLOB column."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE certificate (code TEXT PRIMARY KEY, pdf BLOB)")
    connection.execute("INSERT INTO certificate VALUES (?, ?)", (SAMPLE.code, pdf))
    connection.commit()

    def read_stored_pdf() -> bytes:
        row = connection.execute(
            "SELECT pdf FROM certificate WHERE code = ?", (SAMPLE.code,)
        ).fetchone()
        return bytes(row[0])

    return read_stored_pdf


def make_issuing_app(folder: Path):  # type: ignore[no-untyped-def]
    """An app on a fresh SQLite database with one learner who has completed."""
    from course.loader import load_content
    from course.services.accounts import create_user
    from course.services.assessment import sign_off_unit
    from course.services.content import get_catalogue, publish_bundle
    from course.services.learning import record_check_response
    from course.store.db import upgrade_database
    from course.web import create_app

    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade_database(url)
    app = create_app({"DATABASE_URL": url}, instance_path=folder)
    db = app.extensions["course.db"]
    repo = Path(__file__).resolve().parents[1]
    publish_bundle(db, load_content(repo / "content", repo / "scenarios"))

    password = "bench password 1"
    learner = create_user(
        db, email="l@example.org", name=SAMPLE.learner_name, password=password
    )
    admin = create_user(
        db, email="a@example.org", name="Bench Admin", password=password, role="admin"
    )
    for code, (_, unit) in get_catalogue(db).units.items():
        for check in unit.checks:
            if check.kind != "written":
                correct = [i for i, o in enumerate(check.options) if o.correct]
                record_check_response(
                    db,
                    user_id=learner.id,
                    unit_code=code,
                    check_id=check.id,
                    selected=correct,
                )
        sign_off_unit(db, assessor_id=admin.id, learner_id=learner.id, unit_code=code)
    return app, learner, password


def make_issuer(app, learner_id: int) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    """Issue through the service; the previous certificate is removed untimed."""
    from sqlalchemy import delete

    from course.services.certificates import issue_certificate_if_complete
    from course.store.models import Certificate

    db = app.extensions["course.db"]

    def issue() -> object:
        certificate = issue_certificate_if_complete(
            db,
            learner_id,
            signatory=("Course Signatory", "Head of Training"),
            public_url="http://127.0.0.1:5000",
        )
        assert certificate is not None, "the bench learner has not completed"
        return certificate

    def remove() -> None:
        with db.transaction() as session:
            session.execute(delete(Certificate))

    timed = {"seconds": []}

    def issue_once() -> object:
        remove()
        started = time.perf_counter()
        result = issue()
        timed["seconds"].append(time.perf_counter() - started)
        return result

    issue_once.timings = timed["seconds"]  # type: ignore[attr-defined]
    return issue_once


def make_downloader(app, email: str, password: str, code: str) -> Callable[[], bytes]:  # type: ignore[no-untyped-def]
    """Download the stored PDF through the web app as its learner."""
    from flask_login import login_user

    from course.services.accounts import authenticate

    client = app.test_client()
    user = authenticate(app.extensions["course.db"], email, password)
    with app.test_request_context():
        login_user(user)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True

    def download() -> bytes:
        response = client.get(f"/certificates/{code}.pdf")
        assert response.status_code == 200, response.status_code
        return response.data

    return download


def main() -> None:
    """Run the three measurements and print them with their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat

    with tempfile.TemporaryDirectory() as folder:
        app, learner, password = make_issuing_app(Path(folder))
        issue_once = make_issuer(app, learner.id)
        for _ in range(repeat + 1):
            issue_once()
        service = statistics.median(issue_once.timings[1:])
        certificate = issue_once()
        download = measure_median_seconds(
            make_downloader(app, "l@example.org", password, certificate.code),
            repeat * 20,
        )
        app.extensions["course.db"].dispose()

    # The bare render and the renderer get the HTML of the certificate issued.
    data = describe_certificate(certificate)
    html = render_certificate_html(data)
    base_url = find_template_folder().as_uri() + "/"
    bare = measure_median_seconds(
        lambda: HTML(string=html, base_url=base_url).write_pdf(), repeat
    )
    issue = measure_median_seconds(lambda: render_certificate_pdf(data), repeat)
    read = measure_median_seconds(
        make_stored_pdf_reader(render_certificate_pdf(data)), repeat * 20
    )

    print(f"medians of {repeat} runs (reads and downloads: {repeat * 20})")
    print(f"(a) bare WeasyPrint render       {bare * 1000:9.2f} ms")
    print(f"(b) render_certificate_pdf       {issue * 1000:9.2f} ms")
    print(f"(c) read stored PDF (SQLite)     {read * 1000:9.4f} ms")
    print(f"(d) issue through the service    {service * 1000:9.2f} ms")
    print(f"(e) download through the web app {download * 1000:9.4f} ms")
    print(f"b/a = {issue / bare:.2f} (target <= 1.3)")
    print(f"d/a = {service / bare:.2f} (target <= 1.3)")
    print(f"a/c = {bare / read:.0f} (target >= 20)")
    print(f"a/e = {bare / download:.0f} (target >= 20)")


if __name__ == "__main__":
    main()
