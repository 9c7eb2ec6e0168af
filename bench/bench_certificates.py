"""Time issuing a certificate against WeasyPrint alone and against a stored download.

Run from the repository root:

    .venv/bin/python bench/bench_certificates.py [--repeat N]

It prints the median of N runs of (a) a bare WeasyPrint render of the same HTML
(same base URL, WeasyPrint's own fetcher), (b) ``render_certificate_pdf``, the
cost of issuing, and (c) reading a stored
PDF back from a SQLite BLOB, standing for a download from storage; then the
ratios b/a (target at most 1.3) and a/c (target at least 20).
"""

from __future__ import annotations

import argparse
import datetime
import sqlite3
import statistics
import sys
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

SAMPLE = CertificateData(
    learner_name="Siobhán O'Brien",
    course_title="Knowing when to escalate",
    units=(
        ("CSD", "Deliver customer service", "Level 2 Diploma in Customer Service"),
        ("RCC", "Resolve customer complaints", "Level 2 Diploma in Customer Service"),
        ("ESC", "Escalate problems at work", "Own unit"),
    ),
    issued_on=datetime.date(2026, 12, 4),
    signatory_name="Dr Amara Okafor",
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


def main() -> None:
    """Run the three measurements and print them with their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat

    html = render_certificate_html(SAMPLE)
    base_url = find_template_folder().as_uri() + "/"
    bare = measure_median_seconds(
        lambda: HTML(string=html, base_url=base_url).write_pdf(), repeat
    )
    issue = measure_median_seconds(lambda: render_certificate_pdf(SAMPLE), repeat)
    read = measure_median_seconds(
        make_stored_pdf_reader(render_certificate_pdf(SAMPLE)), repeat * 20
    )

    print(f"medians of {repeat} runs (reads: {repeat * 20})")
    print(f"(a) bare WeasyPrint render   {bare * 1000:9.2f} ms")
    print(f"(b) render_certificate_pdf   {issue * 1000:9.2f} ms")
    print(f"(c) read stored PDF (SQLite) {read * 1000:9.4f} ms")
    print(f"b/a = {issue / bare:.2f} (target <= 1.3)")
    print(f"a/c = {bare / read:.0f} (target >= 20)")


if __name__ == "__main__":
    main()
