"""The broken-file catalogue: each folder's diagnostics match expected.txt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.authoring.codes import CODES
from tests.authoring.catalogue import BROKEN, find_fixtures, lint_fixture

#: Codes no content file can produce; each has its own test named here.
UNREACHABLE_BY_FILES = {"L003": "test_loader.py::test_schema_mismatch_is_reported"}
CODE_IN_LINE = re.compile(r"^\S+:\d+:\d+: (?:error|warning)\[([A-Z]\d{3})\]: ")


def read_expected_codes(folder: Path) -> list[str]:
    """Return the codes listed in a fixture's expected.txt, in order."""
    text = (folder / "expected.txt").read_text(encoding="utf-8")
    return [m.group(1) for line in text.splitlines() if (m := CODE_IN_LINE.match(line))]


@pytest.mark.parametrize("folder", find_fixtures(), ids=lambda p: p.name)
def test_fixture_reports_exactly_what_is_expected(folder: Path) -> None:
    expected = (folder / "expected.txt").read_text(encoding="utf-8")

    actual = lint_fixture(folder)

    assert actual == expected


@pytest.mark.parametrize("folder", find_fixtures(), ids=lambda p: p.name)
def test_fixture_name_names_a_code_it_reports(folder: Path) -> None:
    named = folder.name.removeprefix("lone-").split("-", 1)[0].upper()

    assert named in read_expected_codes(folder)


def test_every_code_is_covered_by_the_catalogue() -> None:
    covered = {
        code for folder in find_fixtures() for code in read_expected_codes(folder)
    }

    missing = set(CODES) - covered - set(UNREACHABLE_BY_FILES)

    assert not missing, f"codes with no broken file in {BROKEN}: {sorted(missing)}"


def test_catalogue_names_only_real_codes() -> None:
    listed = {
        code for folder in find_fixtures() for code in read_expected_codes(folder)
    }

    assert listed <= set(CODES)


def test_every_code_has_a_message_and_a_one_line_hint() -> None:
    for code, info in CODES.items():
        assert re.fullmatch(r"[EFMSCUKL]\d{3}", code)
        assert info.message and "\n" not in info.message
        assert info.hint and "\n" not in info.hint
