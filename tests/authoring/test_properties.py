"""Whatever the bytes, parsing gives a model or diagnostics, never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from course.authoring.codes import CODES, has_errors
from course.authoring.courses import parse_course
from course.authoring.lint import Source, lint_sources
from course.authoring.markdown import PLAIN_CHOICE, parse_inline
from course.authoring.model import Diagnostic
from course.authoring.scenarios import parse_scenario
from course.authoring.source import decode_source
from course.authoring.units import parse_unit

GOOD = Path(__file__).parent / "good"
SCENARIO = (GOOD / "late-figures.md").read_text(encoding="utf-8")
UNIT = (GOOD / "units" / "csd.md").read_text(encoding="utf-8")
COURSE = "---\ntitle: Escalation\nunits: [CSD]\n---\nWelcome.\n"
TRICKY = [
    *list("{}[]()#>-*:=\"'!.;<>&\\|`~ \t\n\r\x00\ufeff"),
    "---\n",
    "## ",
    "- [",
    "](#",
    "){",
    "action=",
    "to=",
    "points=",
    "if=",
    "set=",
    "outcome=",
    "<b>",
    "javascript:",
    "\xa0",
    "ÿ",
    "\u2028",
]
PARSERS = {
    "scenario": lambda text: parse_scenario(text, "s.md", known_criteria={"CSD-1.5"}),
    "unit": lambda text: parse_unit(text, "u.md"),
    "course": lambda text: parse_course(text, "c.md", known_units={"CSD"}),
}
SEEDS = {"scenario": SCENARIO, "unit": UNIT, "course": COURSE}
FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    """Return ``seed`` with a few random cuts, insertions and line swaps."""
    text = seed
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "swap", "duplicate"]))
        if kind == "insert":
            piece = draw(
                st.lists(st.sampled_from(TRICKY) | st.text(max_size=3), max_size=4)
            )
            text = text[:position] + "".join(piece) + text[position:]
        elif kind == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 40)) :]
        else:
            lines = text.split("\n")
            a = draw(st.integers(0, len(lines) - 1))
            b = draw(st.integers(0, len(lines) - 1))
            if kind == "swap":
                lines[a], lines[b] = lines[b], lines[a]
            else:
                lines.insert(b, lines[a])
            text = "\n".join(lines)
    return text


def assert_model_or_errors(result: tuple[object, list[Diagnostic]]) -> None:
    model, diagnostics = result
    assert model is not None or has_errors(diagnostics)
    for diagnostic in diagnostics:
        assert diagnostic.code in CODES
        assert diagnostic.line >= 1 and diagnostic.col >= 1
        assert diagnostic.message and "Traceback" not in diagnostic.message


@FAST
@given(kind=st.sampled_from(sorted(PARSERS)), data=st.data())
def test_mutated_files_never_raise(kind: str, data: st.DataObject) -> None:
    text = data.draw(mutated(SEEDS[kind]))

    assert_model_or_errors(PARSERS[kind](text))


@FAST
@given(kind=st.sampled_from(sorted(PARSERS)), text=st.text(max_size=400))
def test_arbitrary_text_never_raises(kind: str, text: str) -> None:
    assert_model_or_errors(PARSERS[kind]("---\n" + text))
    assert_model_or_errors(PARSERS[kind](text))


@FAST
@given(data=st.data())
def test_mutated_bytes_never_raise(data: st.DataObject) -> None:
    raw = bytearray(SCENARIO.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))

    text, diagnostics = decode_source(bytes(raw), "s.md")

    if text is None:
        assert [d.code for d in diagnostics] == ["E001"]
    else:
        assert_model_or_errors(PARSERS["scenario"](text))


@FAST
@given(blobs=st.lists(st.binary(max_size=300), min_size=1, max_size=3))
def test_the_linter_reports_any_bytes_without_raising(blobs: list[bytes]) -> None:
    sources = [
        Source(
            f"units/f{i}.md" if i % 2 else f"f{i}.md",
            "unit" if i % 2 else "scenario",
            blob,
        )
        for i, blob in enumerate(blobs)
    ]

    report = lint_sources(sources)

    assert len(report.files) == len(blobs)
    assert all(
        result.model is not None or result.diagnostics for result in report.files
    )


PLAIN_TEXT = st.text(alphabet="abcXYZ019 ,.;:'?-", min_size=1, max_size=30).filter(
    lambda text: text[-1] in "abcXYZ019.?'"
)
PLAIN_ATTRIBUTES = st.text(alphabet="abz09 =\"'#.+-;>", max_size=30)


@FAST
@given(
    text=PLAIN_TEXT,
    href=st.from_regex(r"#[A-Za-z0-9_-]{1,12}", fullmatch=True),
    attributes=PLAIN_ATTRIBUTES,
)
def test_the_plain_choice_shortcut_matches_markdown_it(
    text: str, href: str, attributes: str
) -> None:
    line = f"[{text}]({href}){{{attributes}}}"
    assert PLAIN_CHOICE.fullmatch(line) is not None  # the shortcut is taken
    reference = MarkdownIt("commonmark", {"html": True})
    reference.validateLink = lambda url: True  # type: ignore[method-assign]

    expected = reference.parseInline(line)[0].children or []
    actual = parse_inline(line, {})

    assert [t.as_dict() for t in actual] == [t.as_dict() for t in expected]
