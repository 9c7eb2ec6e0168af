"""Splitting and reading front matter."""

from __future__ import annotations

from course.authoring.frontmatter import Field, read_front_matter, split_front_matter

FIELDS = {
    "title": Field("text"),
    "count": Field("int", required=False),
    "tags": Field("texts", required=False),
}


def test_split_returns_yaml_body_and_first_body_line() -> None:
    assert split_front_matter("---\na: 1\nb: 2\n---\nBody\n") == (
        "a: 1\nb: 2\n",
        "Body\n",
        5,
    )


def test_a_dashed_line_inside_a_value_does_not_close_the_front_matter() -> None:
    parts = split_front_matter("---\ntitle: a ---b\n---\nBody")

    assert parts is not None and parts[0] == "title: a ---b\n"


def test_values_keep_their_locations() -> None:
    front, diagnostics = read_front_matter(
        "---\ntitle: Hello\ntags:\n  - one\n  - two\n---\n", "f.md", FIELDS, "x"
    )

    assert diagnostics == []
    assert front is not None
    assert front.values == {"title": "Hello", "tags": ["one", "two"]}
    assert front.get_location("tags", 1) == (5, 5)


def test_yes_no_and_numbers_are_not_taken_as_text() -> None:
    _, diagnostics = read_front_matter(
        "---\ntitle: yes\ntags: [1.5]\n---\n", "f.md", FIELDS, "x"
    )

    assert [(d.code, d.line, d.col) for d in diagnostics] == [
        ("F007", 2, 8),
        ("F007", 3, 8),
    ]


def test_an_empty_front_matter_is_not_a_mapping() -> None:
    front, diagnostics = read_front_matter("---\n---\nBody", "f.md", FIELDS, "x")

    assert front is None
    assert [d.code for d in diagnostics] == ["F004"]
