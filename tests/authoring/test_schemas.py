"""Compiled models match the packaged JSON Schemas, which are published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course.authoring.scenarios import parse_scenario
from course.authoring.serialise import (
    find_schema_errors,
    get_schema,
    scenario_to_dict,
    unit_to_dict,
)
from course.authoring.units import parse_unit

HERE = Path(__file__).parent
DOCS = HERE.parents[1] / "docs" / "schemas"
PACKAGE = HERE.parents[1] / "course" / "authoring" / "schemas"


@pytest.mark.parametrize("name", ["scenario", "unit", "course"])
def test_published_schema_is_identical_to_the_packaged_one(name: str) -> None:
    packaged = (PACKAGE / f"{name}.json").read_bytes()

    assert (DOCS / f"{name}.json").read_bytes() == packaged
    assert get_schema(name) == json.loads(packaged)


def test_a_parsed_scenario_matches_its_schema() -> None:
    text = (HERE / "good" / "late-figures.md").read_text(encoding="utf-8")
    scenario, _ = parse_scenario(text, "s.md")
    assert scenario is not None

    data = scenario_to_dict(scenario)

    assert find_schema_errors("scenario", data) == []
    assert json.loads(json.dumps(data)) == data


def test_a_parsed_unit_matches_its_schema() -> None:
    unit, _ = parse_unit((HERE / "good" / "units" / "csd.md").read_text(), "u.md")
    assert unit is not None

    assert find_schema_errors("unit", unit_to_dict(unit)) == []


def test_the_schema_rejects_a_broken_scenario() -> None:
    text = (HERE / "good" / "late-figures.md").read_text(encoding="utf-8")
    scenario, _ = parse_scenario(text, "s.md")
    assert scenario is not None
    data = scenario_to_dict(scenario)
    data["pass_mark"] = 0
    data["scenes"]["start"]["choices"][0]["action"] = "ignore"

    errors = find_schema_errors("scenario", data)

    assert len(errors) == 2
