"""The line scanner reads plain scenario bodies exactly as markdown-it does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from course.authoring import scenarios
from course.authoring.frontmatter import split_front_matter
from course.authoring.markdown import find_unsafe_markup
from course.authoring.outline import SceneOutline, read_token_outline
from course.authoring.scanner import scan_scenes
from course.authoring.scenarios import parse_scenario

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SCENARIO_FILES = sorted(
    path
    for path in [
        *(HERE / "good").glob("*.md"),
        *(HERE / "broken").glob("*/*.md"),
        *(ROOT / "scenarios").glob("*.md"),
    ]
    if path.is_file()
)
EXAMPLES = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

WORD_START = st.sampled_from([*"aZéü", '"', "'", "(", "“", "‘", "**B", "_i", "7 "])
PROSE_TAIL = st.text(alphabet="abXYé019 ,.;:'’\"()*_`&!?-#{}=\\>|~+", max_size=30)
LINK_TEXT = st.text(alphabet="abcXYZ019 ,.;:'?-", min_size=1, max_size=20).filter(
    lambda text: text[-1] in "abcXYZ019.?'"
)
ATTRIBUTES = st.text(alphabet="abz09 =\"'#.+-;>", max_size=25)
SCENE_ID = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
TRAILING = st.sampled_from(["", " ", "  "])
ROUGH_LINES = [
    "",
    " ",
    "  more text",
    "   > three spaces",
    "  >",
    "  >  two spaces",
    "> a top-level quote",
    "* star item",
    "+ plus item",
    "-",
    "- ",
    "-  two spaces",
    "1. numbered",
    "2) numbered",
    "2024. a year",
    "---",
    "***",
    "___",
    "===",
    "# h1",
    "### h3",
    "##",
    "## Closed ##",
    "## [Link](#x) {#x}",
    "    code",
    "```",
    "~~~",
    "<b>bold</b>",
    "Text with <i>html</i>",
    "[ref]: https://example.com",
    "See [this](javascript:alert(1)).",
    "- [Bad](javascript:x){action=handle points=1}",
    "- [Web](https://example.com){action=handle points=1}",
    "- [**Bold**](#a){action=handle points=1}",
    "Tab\there",
    "no\xa0break",
    "Plain words.",
    "- plain item",
    "- [Go](#a){action=handle points=1}",
    "  > Feedback.",
    "## Scene {#a}",
]


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Return a line of prose that starts like a sentence."""
    return draw(WORD_START) + draw(PROSE_TAIL).rstrip("\\") + draw(TRAILING)


@st.composite
def list_item(draw: st.DrawFn) -> str:
    """Return a choice or plain item, with zero to two feedback quotes."""
    if draw(st.booleans()):
        text, target, attributes = draw(LINK_TEXT), draw(SCENE_ID), draw(ATTRIBUTES)
        first = f"- [{text}](#{target}){{{attributes}}}" + draw(TRAILING)
    else:
        first = "- " + draw(prose())
    lines = [first]
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            lines.append("")
        lines += ["  > " + draw(prose()) for _ in range(draw(st.integers(1, 2)))]
    return "\n".join(lines)


@st.composite
def plain_scene(draw: st.DrawFn) -> str:
    """Return a scene in the plain shapes: heading, paragraphs and lists."""
    title = draw(PROSE_TAIL).replace("#", "").strip() or "Scene"
    heading = f"## {title} {{#{draw(SCENE_ID)}}}" + draw(TRAILING)
    blocks = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            lines = [draw(prose()) for _ in range(draw(st.integers(1, 3)))]
            blocks.append("\n".join(lines))
        else:
            items = draw(st.lists(list_item(), min_size=1, max_size=3))
            blocks.append(draw(st.sampled_from(["\n", "\n\n"])).join(items))
    if not blocks:
        return heading
    return heading + draw(st.sampled_from(["\n", "\n\n"])) + "\n\n".join(blocks)


PLAIN_BODY = st.lists(plain_scene(), max_size=4).map(
    lambda scenes: "\n" + "\n\n".join(scenes) + "\n"
)


def create_reference() -> MarkdownIt:
    """Return a full markdown-it parser configured as the linter reads content."""
    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


REFERENCE = create_reference()


def read_with_markdown_it(body: str) -> tuple[list[SceneOutline], bool]:
    """Return markdown-it's outline of ``body`` and whether it has unsafe markup."""
    lines = body.split("\n")
    tokens = REFERENCE.parse(body)
    unsafe = find_unsafe_markup(tokens, lines, 1, "s.md")
    return read_token_outline(tokens, lines), bool(unsafe)


@EXAMPLES
@given(body=PLAIN_BODY)
def test_plain_bodies_are_scanned_as_markdown_it_reads_them(body: str) -> None:
    scanned = scan_scenes(body, body.split("\n"))

    expected, unsafe = read_with_markdown_it(body)

    assert scanned is not None, "a plain body must take the fast path"
    assert scanned == expected
    assert not unsafe


@EXAMPLES
@given(
    pieces=st.lists(
        st.sampled_from(ROUGH_LINES) | prose() | list_item() | plain_scene(),
        max_size=12,
    )
)
def test_whatever_the_scanner_accepts_markdown_it_reads_the_same(
    pieces: list[str],
) -> None:
    body = "\n".join(pieces)

    scanned = scan_scenes(body, body.split("\n"))

    if scanned is not None:
        expected, unsafe = read_with_markdown_it(body)
        assert scanned == expected
        assert not unsafe


@pytest.mark.parametrize(
    "line",
    [
        "  more text",
        "> a top-level quote",
        "<b>bold</b>",
        "See [this](javascript:alert(1)).",
        "Tab\there",
        "1. numbered",
        "## Closed ##",
    ],
)
def test_unusual_lines_send_the_body_to_markdown_it(line: str) -> None:
    body = f"## Scene {{#a}}\nText.\n\n{line}\n"

    assert scan_scenes(body, body.split("\n")) is None


def get_body(path: Path) -> str:
    """Return the body of a content file, after its front matter."""
    parts = split_front_matter(path.read_text(encoding="utf-8"))
    assert parts is not None
    return parts[1]


def test_the_shipped_scenarios_take_the_fast_path() -> None:
    taken = [
        path.name
        for path in sorted((ROOT / "scenarios").glob("*.md"))
        if scan_scenes(get_body(path), get_body(path).split("\n")) is not None
    ]

    assert taken, "no shipped scenario is read by the scanner"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_readings_give_the_same_scenario_and_diagnostics(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    fast = parse_scenario(text, path.name, known_criteria={"CSD-1.5"})

    monkeypatch.setattr(scenarios, "scan_scenes", lambda body, lines: None)
    slow = parse_scenario(text, path.name, known_criteria={"CSD-1.5"})

    assert fast == slow
