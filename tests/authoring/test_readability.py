"""Reading ease: plain text out of Markdown, and the Flesch figure of it."""

from __future__ import annotations

from pathlib import Path

from course.authoring.readability import (
    get_plain_text,
    get_prose,
    measure_reading_ease,
)
from course.authoring.scenarios import parse_scenario

GOOD = Path(__file__).parent / "good"
PLAIN = "Tell your manager. Say what went wrong. Ask for help by noon."
DENSE = (
    "Notwithstanding organisational considerations, practitioners must "
    "contemporaneously document and communicate identified deficiencies "
    "to appropriately designated supervisory personnel."
)


def test_plain_text_drops_markdown_syntax() -> None:
    text = get_plain_text(
        "## Who first? {#who}\n\n- [Call **Sam**](#sam){action=handle}\n"
    )

    assert text == "Who first?\nCall Sam."


def test_plain_text_leaves_out_raw_html_tags() -> None:
    assert get_plain_text("Ask <b>now</b>") == "Ask now."


def test_reading_ease_tells_plain_from_dense_prose() -> None:
    assert measure_reading_ease(PLAIN) >= 60
    assert measure_reading_ease(DENSE) < 30


def test_reading_ease_of_no_words_is_zero() -> None:
    assert measure_reading_ease("  42 -- !") == 0.0


def test_reading_ease_is_the_flesch_formula() -> None:
    # 3 words, 1 sentence; "manager" hyphenates as man-ag-er: 1 + 1 + 3 syllables.
    expected = 206.835 - 1.015 * 3 / 1 - 84.6 * 5 / 3

    assert measure_reading_ease("Tell your manager.") == expected


def test_scenario_prose_holds_scenes_choices_and_feedback_only() -> None:
    text = (GOOD / "late-figures.md").read_text(encoding="utf-8")
    scenario, _ = parse_scenario(text, "late-figures.md")
    assert scenario is not None

    prose = get_prose(scenario)

    assert "Monday morning.\nFinance promised the quarterly figures today." in prose
    assert "Send the analyst a short, polite reminder." in prose
    assert "Proportionate: give the other person a chance first." in prose
    assert "action=" not in prose and "#wednesday" not in prose
