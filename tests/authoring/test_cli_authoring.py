"""The trainers' commands: lint, play and graph."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from course.cli_authoring import commands

GOOD = Path(__file__).parent / "good"
BROKEN = Path(__file__).parent / "broken"
ROOT = Path(__file__).parents[2]
READING_EASE = re.compile(r"^(.+): reading ease (-?\d+\.\d)$", re.MULTILINE)


@click.group()
def cli() -> None:
    """A group of our own, as the real ``course`` group will be."""


for command in commands:
    cli.add_command(command)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_lint_of_clean_files_exits_0_and_sums_up_each_scenario(
    runner: CliRunner,
) -> None:
    result = runner.invoke(cli, ["lint", str(GOOD)])

    assert result.exit_code == 0, result.output
    assert "6 scenes, 6 choices, 3 endings; best score 5" in result.output
    assert "via start[1] -> wednesday[1]; 5 distinct paths" in result.output


def test_lint_reports_errors_like_a_compiler_and_exits_1(runner: CliRunner) -> None:
    path = BROKEN / "s002-missing-target" / "scenario.md"

    result = runner.invoke(cli, ["lint", str(path), str(GOOD / "units")])

    assert result.exit_code == 1
    assert f"{path}:16:12: error[S002]: the choice leads to '#godo'" in result.output
    assert "  hint: did you mean '#good'?" in result.output


def test_warnings_fail_only_with_strict(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(GOOD / "late-figures.md", tmp_path / "alone.md")

    relaxed = runner.invoke(cli, ["lint", str(tmp_path)])
    strict = runner.invoke(cli, ["lint", "--strict", str(tmp_path)])

    assert "warning[S012]" in relaxed.output
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["lint"]).exit_code == 2
    assert runner.invoke(cli, ["lint", "/no/such/file.md"]).exit_code == 2
    assert runner.invoke(cli, ["lint", "--format", "xml", str(GOOD)]).exit_code == 2


def test_lint_json_output(runner: CliRunner) -> None:
    path = BROKEN / "s008-not-on-ladder" / "scenario.md"

    result = runner.invoke(
        cli, ["lint", "--format", "json", str(path), str(GOOD / "units")]
    )

    data = json.loads(result.output)
    assert result.exit_code == 1
    assert data["errors"] == 1 and data["clean"] is False
    assert data["files"][0]["diagnostics"][0]["code"] == "S008"


def test_lint_stats_prints_a_line_per_unit_and_scenario(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["lint", "--stats", str(GOOD)])

    measured = [path for path, _ in READING_EASE.findall(result.output)]
    assert sorted(measured) == [
        str(GOOD / "late-figures.md"),
        str(GOOD / "units" / "csd.md"),
    ]


def find_shipped_files() -> list[str]:
    """Return the paths of every shipped unit and scenario."""
    units = sorted((ROOT / "content" / "units").glob("*.md"))
    return [str(path) for path in [*units, *sorted((ROOT / "scenarios").glob("*.md"))]]


def test_lint_stats_measures_every_shipped_unit_and_scenario(
    runner: CliRunner,
) -> None:
    folders = [str(ROOT / "content"), str(ROOT / "scenarios")]

    result = runner.invoke(cli, ["lint", "--stats", *folders])

    measured = {path: float(ease) for path, ease in READING_EASE.findall(result.output)}
    assert sorted(measured) == sorted(find_shipped_files()), result.output
    assert all(0 < ease <= 121 for ease in measured.values())


def test_lint_stats_in_json_gives_a_number_for_every_shipped_file(
    runner: CliRunner,
) -> None:
    folders = [str(ROOT / "content"), str(ROOT / "scenarios")]

    result = runner.invoke(cli, ["lint", "--stats", "--format", "json", *folders])

    files = json.loads(result.output)["files"]
    measured = {f["path"]: f["reading_ease"] for f in files if f["kind"] != "course"}
    assert sorted(measured) == sorted(find_shipped_files())
    assert all(isinstance(ease, float) for ease in measured.values()), measured


def test_lint_stats_says_why_a_broken_file_is_not_measured(
    runner: CliRunner,
) -> None:
    path = BROKEN / "s013-ending-without-outcome" / "scenario.md"

    result = runner.invoke(cli, ["lint", "--stats", str(path), str(GOOD / "units")])

    assert f"{path}: reading ease not measured (fix the errors first)" in result.output


def test_play_follows_choices_from_stdin_and_scores(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["play", str(GOOD / "late-figures.md")], input="1\n1\n")

    assert result.exit_code == 0, result.output
    assert "Proportionate: give the other person a chance first." in result.output
    assert "Outcome: good. Score 5 of 5 (100%): passed." in result.output


def test_play_reports_a_poor_ending_as_not_passed(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["play", str(GOOD / "late-figures.md")], input="2\n2\n")

    assert "Outcome: poor. Score 0 of 5 (0%): not passed yet." in result.output


def test_play_hides_choices_whose_condition_is_false(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = (GOOD / "late-figures.md").read_text(encoding="utf-8")
    path = tmp_path / "s.md"
    path.write_text(text.replace("points=2 set=reminded}", "points=2}"))

    result = runner.invoke(cli, ["play", str(path)], input="1\n1\n")

    assert "Ask your line manager" not in result.output
    assert "1. Use last quarter's figures and say so" in result.output
    assert "Outcome: mixed. Score 3 of 4 (75%): passed." in result.output


def test_play_refuses_a_broken_scenario(runner: CliRunner) -> None:
    path = BROKEN / "s013-ending-without-outcome" / "scenario.md"

    result = runner.invoke(cli, ["play", str(path)])

    assert result.exit_code == 1
    assert "error[S013]" in result.output


def test_graph_mermaid_labels_choices_and_marks_endings(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["graph", str(GOOD / "late-figures.md")])

    assert result.output.startswith("flowchart TD\n")
    assert 'start -->|"escalate to finance-manager (+0)"| bounced' in result.output
    assert 'late(["Too late (ending: poor)"])' in result.output


def test_graph_dot(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["graph", "--format", "dot", str(GOOD / "late-figures.md")]
    )

    assert '"start" -> "wednesday" [label="handle (+2)"];' in result.output
    assert "shape=doublecircle" in result.output
