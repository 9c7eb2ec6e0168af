"""Every example in the trainers' guide parses, and every code is explained."""

from __future__ import annotations

import re
from pathlib import Path

from course.authoring.codes import CODES
from course.authoring.courses import parse_course
from course.authoring.scenarios import parse_scenario
from course.authoring.units import parse_unit

GUIDE = Path(__file__).parents[2] / "docs" / "authoring.md"
FENCE = re.compile(r"^```markdown\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def find_examples() -> list[str]:
    return FENCE.findall(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_has_a_course_a_unit_and_a_scenario_example() -> None:
    examples = find_examples()

    kinds = sorted(guess_kind(text) for text in examples)

    assert kinds == ["course", "scenario", "unit"]


def guess_kind(text: str) -> str:
    if re.search(r"^code:", text, re.MULTILINE):
        return "unit"
    if re.search(r"^units:", text, re.MULTILINE):
        return "course"
    return "scenario"


def test_every_example_parses_without_any_diagnostic() -> None:
    examples = find_examples()
    unit_texts = [text for text in examples if guess_kind(text) == "unit"]
    units = [parse_unit(text, "guide")[0] for text in unit_texts]
    criteria = {c.id for unit in units if unit for c in unit.criteria}
    codes = {unit.code for unit in units if unit}

    for text in examples:
        kind = guess_kind(text)
        if kind == "unit":
            model, diagnostics = parse_unit(text, "guide")
        elif kind == "course":
            model, diagnostics = parse_course(text, "guide", known_units=codes)
        else:
            model, diagnostics = parse_scenario(text, "guide", known_criteria=criteria)
        assert diagnostics == [], text[:60]
        assert model is not None


def test_every_code_is_explained_in_the_guide() -> None:
    guide = GUIDE.read_text(encoding="utf-8")

    explained = set(
        re.findall(r"^\| ([A-Z]\d{3}) \| (?:error|warning) \|", guide, re.MULTILINE)
    )

    assert explained == set(CODES)


def test_the_guide_gives_each_code_its_real_severity() -> None:
    guide = GUIDE.read_text(encoding="utf-8")

    rows = dict(
        re.findall(r"^\| ([A-Z]\d{3}) \| (error|warning) \|", guide, re.MULTILINE)
    )

    assert rows == {code: info.severity for code, info in CODES.items()}
