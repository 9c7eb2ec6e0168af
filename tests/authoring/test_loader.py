"""Loading a content tree from disk, and linting paths."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from course.authoring.model import Diagnostic, Scenario
from course.loader import lint_paths, load_content, load_model

GOOD = Path(__file__).parent / "good"
COURSE = "---\ntitle: Knowing when to escalate\nunits: [CSD]\n---\nWelcome.\n"


@pytest.fixture
def content_tree(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    scenarios = tmp_path / "scenarios"
    (content / "units").mkdir(parents=True)
    scenarios.mkdir()
    (content / "course.md").write_text(COURSE, encoding="utf-8")
    shutil.copy(GOOD / "units" / "csd.md", content / "units" / "csd.md")
    shutil.copy(GOOD / "late-figures.md", scenarios / "late-figures.md")
    return content, scenarios


def test_load_content_loads_course_units_and_scenarios(
    content_tree: tuple[Path, Path],
) -> None:
    content, scenarios = content_tree

    bundle = load_content(content, scenarios)

    assert bundle.course is not None and bundle.course.units == ("CSD",)
    assert list(bundle.units) == ["CSD"]
    assert list(bundle.scenarios) == ["late-figures"]
    assert bundle.diagnostics == ()
    assert "CSD-1.5" in bundle.criteria


def test_models_carry_path_and_hash_of_the_bytes(
    content_tree: tuple[Path, Path],
) -> None:
    content, scenarios = content_tree
    path = scenarios / "late-figures.md"

    scenario = load_content(content, scenarios).scenarios["late-figures"]

    assert scenario.path == str(path)
    assert scenario.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_broken_file_is_reported_and_skipped(content_tree: tuple[Path, Path]) -> None:
    content, scenarios = content_tree
    (scenarios / "broken.md").write_text("no front matter\n", encoding="utf-8")

    bundle = load_content(content, scenarios)

    assert list(bundle.scenarios) == ["late-figures"]
    assert [(d.code, d.path) for d in bundle.diagnostics] == [
        ("F001", str(scenarios / "broken.md"))
    ]


def test_an_unknown_criterion_keeps_the_scenario_out(
    content_tree: tuple[Path, Path],
) -> None:
    content, scenarios = content_tree
    path = scenarios / "late-figures.md"
    path.write_text(path.read_text().replace("[CSD-1.5]", "[CSD-7.7]"))

    bundle = load_content(content, scenarios)

    assert bundle.scenarios == {}
    assert [d.code for d in bundle.diagnostics] == ["S011"]


def test_missing_course_file_is_reported(content_tree: tuple[Path, Path]) -> None:
    content, scenarios = content_tree
    (content / "course.md").unlink()

    bundle = load_content(content, scenarios)

    assert bundle.course is None
    assert [d.code for d in bundle.diagnostics] == ["E002"]


def test_crlf_and_bom_load_like_plain_files(content_tree: tuple[Path, Path]) -> None:
    content, scenarios = content_tree
    path = scenarios / "late-figures.md"
    plain = load_content(content, scenarios).scenarios["late-figures"]
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))

    windows = load_content(content, scenarios).scenarios["late-figures"]

    assert windows.scenes == plain.scenes
    assert windows.content_hash != plain.content_hash


def test_schema_mismatch_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("anything", encoding="utf-8")
    found: list[Diagnostic] = []
    scenario = Scenario("Not An Id", "", "", (), 0, "immediate", (), {}, "start")

    loaded = load_model(path, lambda text, name: (scenario, []), "scenario", found)

    assert loaded is None
    assert [d.code for d in found] == ["L003"]


def test_lint_paths_finds_units_in_the_default_content_folder(
    content_tree: tuple[Path, Path],
) -> None:
    _, scenarios = content_tree

    report = lint_paths([scenarios / "late-figures.md"])

    assert report.diagnostics == []
    assert report.files[0].analysis is not None


def test_lint_paths_warns_when_no_units_are_found(tmp_path: Path) -> None:
    shutil.copy(GOOD / "late-figures.md", tmp_path / "alone.md")

    report = lint_paths([tmp_path])

    assert [d.code for d in report.diagnostics] == ["S012"]
    assert report.is_clean() and not report.is_clean(strict=True)
