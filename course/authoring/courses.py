"""Parsing the course file: title, ordered unit codes, completion rule."""

from __future__ import annotations

import difflib
from collections.abc import Collection

from course.authoring.codes import has_errors, make_diagnostic
from course.authoring.frontmatter import Field, FrontMatter, read_front_matter
from course.authoring.markdown import find_unsafe_markup, parse_tokens
from course.authoring.model import Course, Diagnostic
from course.authoring.source import normalise_text

COMPLETION_RULES = ("all-criteria", "signed-off")
COURSE_FIELDS = {
    "title": Field("text"),
    "summary": Field("text", required=False),
    "units": Field("texts"),
    "completion": Field("text", required=False),
}


def parse_course(
    text: str, path: str, *, known_units: Collection[str] | None = None
) -> tuple[Course | None, list[Diagnostic]]:
    """Parse and check the course file; unit codes are checked if known."""
    text = normalise_text(text)
    front, diagnostics = read_front_matter(text, path, COURSE_FIELDS, "front matter")
    if front is None:
        return None, diagnostics

    diagnostics += check_course_settings(front, path, known_units)
    lines = front.body.split("\n")
    diagnostics += find_unsafe_markup(
        parse_tokens(front.body), lines, front.body_line, path
    )
    if has_errors(diagnostics):
        return None, diagnostics
    values = front.values
    course = Course(
        title=str(values["title"]),
        summary=str(values.get("summary") or ""),
        units=tuple(values["units"]),
        completion=values.get("completion") or "all-criteria",
        body=front.body.strip(),
        path=path,
    )
    return course, diagnostics


def check_course_settings(
    front: FrontMatter, path: str, known_units: Collection[str] | None
) -> list[Diagnostic]:
    """Report a bad completion rule, units listed twice and unknown units."""
    found: list[Diagnostic] = []
    completion = front.values.get("completion")
    if isinstance(completion, str) and completion not in COMPLETION_RULES:
        line, col = front.get_location("completion")
        found.append(
            make_diagnostic(
                path,
                line,
                col,
                "F009",
                key="completion",
                value=completion,
                hint="use all-criteria or signed-off",
            )
        )
    seen: set[str] = set()
    for index, code in enumerate(front.values.get("units") or []):
        if not isinstance(code, str):
            continue
        line, col = front.get_location("units", index)
        if code in seen:
            found.append(make_diagnostic(path, line, col, "K002", code=code))
        seen.add(code)
        if known_units is not None and code not in known_units:
            found.append(
                make_diagnostic(
                    path,
                    line,
                    col,
                    "K001",
                    code=code,
                    hint=suggest_unit(code, known_units),
                )
            )
    return found


def suggest_unit(code: str, known_units: Collection[str]) -> str:
    """Return a hint naming the closest unit code, or the codes found."""
    close = difflib.get_close_matches(code, sorted(known_units), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    found = ", ".join(sorted(known_units)) or "none"
    return f"units found: {found}"
