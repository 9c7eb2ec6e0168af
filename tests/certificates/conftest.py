"""Shared helpers for the certificate tests: sample data and a loopback HTTP trap."""

from __future__ import annotations

import datetime
import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from course.certificates.render import CertificateData, find_template_folder

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "certificates"


def make_certificate_data(learner_name: str, **changes: object) -> CertificateData:
    """Return certificate data for ``learner_name`` with typical other values."""
    values: dict[str, object] = {
        "learner_name": learner_name,
        "course_title": "Knowing when to escalate",
        "units": (
            ("CSD", "Deliver customer service", "Level 2 Diploma in Customer Service"),
            ("ESC", "Escalate problems at work", "Own unit"),
        ),
        "issued_on": datetime.date(2026, 12, 4),
        "signatory_name": "Dr Amara Okafor",
        "signatory_role": "Head of Training",
        "code": "K7QM-3XPR-W9TD-H4NC",
        "verify_url": "https://training.example.org/verify/K7QM-3XPR-W9TD-H4NC",
    }
    values.update(changes)
    return CertificateData(**values)  # type: ignore[arg-type]


class RequestTrap:
    """An HTTP server on 127.0.0.1 that records every request it receives."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        trap = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                trap.paths.append(self.path)
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                """Keep the test output quiet."""

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RequestTrap:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def request_trap() -> Iterator[RequestTrap]:
    """Yield a running loopback server that fails a test by being contacted."""
    with RequestTrap() as trap:
        yield trap


@pytest.fixture(scope="session")
def certificate_data_for() -> Callable[..., CertificateData]:
    """Return the factory of typical certificate data for a learner's name."""
    return make_certificate_data


@pytest.fixture()
def template_copy(tmp_path: Path) -> Path:
    """Return a private copy of the certificate template folder to tamper with."""
    folder = tmp_path / "certificates"
    shutil.copytree(find_template_folder(), folder)
    return folder
