"""Parsing scenario files into models."""

from __future__ import annotations

from pathlib import Path

from course.authoring.model import Condition, Effect
from course.authoring.scenarios import parse_scenario

GOOD = Path(__file__).parent / "good" / "late-figures.md"


def test_the_good_scenario_parses_without_diagnostics() -> None:
    scenario, diagnostics = parse_scenario(
        GOOD.read_text(encoding="utf-8"), "s.md", known_criteria={"CSD-1.5"}
    )

    assert diagnostics == []
    assert scenario is not None
    assert scenario.id == "late-figures" and scenario.start == "start"
    assert [p.id for p in scenario.ladder] == [
        "colleague",
        "line-manager",
        "finance-manager",
    ]
    assert [p.level for p in scenario.ladder] == [1, 2, 3]


def test_choices_carry_their_attributes_feedback_and_line() -> None:
    scenario, _ = parse_scenario(GOOD.read_text(encoding="utf-8"), "s.md")
    assert scenario is not None

    first, second = scenario.scenes["start"].choices

    assert (first.action, first.target, first.points, first.line) == (
        "handle",
        "wednesday",
        2,
        20,
    )
    assert first.effects == (Effect("reminded", "=", 1),)
    assert first.feedback == "Proportionate: give the other person a chance first."
    assert (second.action, second.to, second.index) == (
        "escalate",
        "finance-manager",
        1,
    )


def test_scene_headings_carry_key_effects_and_outcome() -> None:
    scenario, _ = parse_scenario(GOOD.read_text(encoding="utf-8"), "s.md")
    assert scenario is not None

    wednesday = scenario.scenes["wednesday"]

    assert wednesday.key and wednesday.title == "Wednesday"
    assert wednesday.effects == (Effect("days", "+=", 2),)
    assert wednesday.choices[0].condition == Condition("reminded", "!=", 0)
    assert scenario.scenes["late"].outcome == "poor"
    assert scenario.scenes["late"].is_ending


def test_scene_body_is_the_markdown_without_the_choices() -> None:
    scenario, _ = parse_scenario(GOOD.read_text(encoding="utf-8"), "s.md")
    assert scenario is not None

    assert scenario.scenes["start"].body == (
        "Finance promised the quarterly figures today. Nothing has come."
    )


def test_crlf_and_bom_parse_exactly_like_plain_text() -> None:
    text = GOOD.read_text(encoding="utf-8")

    plain = parse_scenario(text, "s.md")
    windows = parse_scenario("\ufeff" + text.replace("\n", "\r\n"), "s.md")

    assert plain == windows


def test_per_criterion_points_add_up_when_points_is_left_out() -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        "points=3 if=reminded", "points.CSD-1.5=3 if=reminded"
    )

    scenario, diagnostics = parse_scenario(text, "s.md")

    assert diagnostics == []
    assert scenario is not None
    choice = scenario.scenes["wednesday"].choices[0]
    assert (choice.points, dict(choice.criterion_points)) == (3, {"CSD-1.5": 3})


def test_a_heading_inside_feedback_does_not_start_a_scene() -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        "  > Proportionate: give the other person a chance first.",
        "  > ## Why\n  > Proportionate: give the other person a chance first.",
    )

    scenario, diagnostics = parse_scenario(text, "s.md")

    assert diagnostics == []
    assert scenario is not None
    assert len(scenario.scenes) == 6
    assert scenario.scenes["start"].choices[0].feedback.startswith("## Why\n")
