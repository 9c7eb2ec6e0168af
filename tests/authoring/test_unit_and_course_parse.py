"""Parsing unit and course files."""

from __future__ import annotations

from pathlib import Path

from course.authoring.courses import parse_course
from course.authoring.units import parse_unit

UNIT = Path(__file__).parent / "good" / "units" / "csd.md"


def test_the_good_unit_parses_into_outcomes_sections_and_checks() -> None:
    unit, diagnostics = parse_unit(UNIT.read_text(encoding="utf-8"), "u.md")

    assert diagnostics == []
    assert unit is not None
    assert [c.id for c in unit.criteria] == ["CSD-1.5", "CSD-1.6"]
    assert [s.id for s in unit.sections] == ["why"]
    check, task = unit.checks
    assert (check.kind, check.title, check.criteria) == (
        "single",
        "Who do you go to first?",
        ("CSD-1.5",),
    )
    assert [(o.text, o.correct) for o in check.options] == [
        ("Your line manager", True),
        ("The director", False),
    ]
    assert (task.kind, task.options, task.criteria) == (
        "written",
        (),
        ("CSD-1.5", "CSD-1.6"),
    )


def test_the_course_lists_units_in_order() -> None:
    text = "---\ntitle: Escalation\nunits: [CSD, ESC]\n---\nWelcome *all*.\n"

    course, diagnostics = parse_course(text, "course.md", known_units={"CSD", "ESC"})

    assert diagnostics == []
    assert course is not None
    assert (course.units, course.body) == (("CSD", "ESC"), "Welcome *all*.")
