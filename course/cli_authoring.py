"""Command-line tools for trainers: lint, play and graph content files.

The ``commands`` list is registered on the ``course`` click group.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from course.authoring.lint import FileResult, LintReport
from course.authoring.model import Choice, Diagnostic, Scenario, Scene, Unit
from course.authoring.readability import get_prose, measure_reading_ease
from course.authoring.scenarios import parse_scenario
from course.authoring.source import decode_source
from course.engine.analysis import Analysis, analyse_scenario, apply_effects
from course.loader import lint_paths

EXIT_CLEAN = 0
EXIT_FAILED = 1


@click.command("lint")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the results.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--stats", is_flag=True, help="Print reading ease of each file's prose.")
def lint_command(
    paths: tuple[Path, ...], output_format: str, strict: bool, stats: bool
) -> None:
    """Check units, scenarios and the course file for mistakes."""
    report = lint_paths(list(paths), strict=strict)
    if output_format == "json":
        click.echo(json.dumps(describe_report(report, stats), indent=2))
    else:
        echo_report(report, stats)
    raise SystemExit(EXIT_CLEAN if report.is_clean() else EXIT_FAILED)


def echo_report(report: LintReport, stats: bool) -> None:
    """Print diagnostics like a compiler, then a line per clean scenario."""
    for diagnostic in report.diagnostics:
        click.echo(diagnostic.render())
    for result in report.files:
        if result.analysis is not None:
            click.echo(describe_analysis_line(result.path, result.analysis))
        if stats and result.kind != "course":
            click.echo(f"{result.path}: reading ease {describe_reading_ease(result)}")
    click.echo(
        f"{len(report.files)} file(s): {report.error_count} error(s), "
        f"{report.warning_count} warning(s)"
    )


def describe_analysis_line(path: str, analysis: Analysis) -> str:
    """Return one line summing up a clean scenario's graph."""
    route = " -> ".join(f"{scene}[{index + 1}]" for scene, index in analysis.best_path)
    return (
        f"{path}: {analysis.scene_count} scenes, {analysis.choice_count} choices, "
        f"{analysis.ending_count} endings; best score {analysis.best_score} "
        f"via {route or '(start is an ending)'}; {analysis.path_count} distinct paths"
    )


def describe_report(report: LintReport, stats: bool) -> dict[str, Any]:
    """Return the report as JSON-able data."""
    files = []
    for result in report.files:
        entry: dict[str, Any] = {
            "path": result.path,
            "kind": result.kind,
            "diagnostics": [describe_diagnostic(d) for d in result.diagnostics],
        }
        if result.analysis is not None:
            entry["analysis"] = describe_analysis(result.analysis)
        if stats and result.kind != "course":
            entry["reading_ease"] = get_reading_ease(result)
        files.append(entry)
    return {
        "files": files,
        "errors": report.error_count,
        "warnings": report.warning_count,
        "clean": report.is_clean(),
    }


def describe_diagnostic(diagnostic: Diagnostic) -> dict[str, Any]:
    """Return one diagnostic as JSON-able data."""
    return {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "col": diagnostic.col,
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    }


def describe_analysis(analysis: Analysis) -> dict[str, Any]:
    """Return the parts of an analysis a trainer cares about."""
    return {
        "scenes": analysis.scene_count,
        "choices": analysis.choice_count,
        "endings": analysis.ending_count,
        "best_score": analysis.best_score,
        "best_criterion_scores": analysis.best_criterion_scores,
        "worst_score": analysis.worst_score,
        "best_path": [[scene, index] for scene, index in analysis.best_path],
        "paths": analysis.path_count,
    }


def get_reading_ease(result: FileResult) -> float | None:
    """Return the Flesch reading ease of a file's prose, or None if not measured.

    Only units and scenarios that parsed have prose to measure.
    """
    if not isinstance(result.model, (Unit, Scenario)):
        return None
    prose = get_prose(result.model)
    if not prose.strip():
        return None
    return round(measure_reading_ease(prose), 1)


def describe_reading_ease(result: FileResult) -> str:
    """Return the reading ease as a trainer reads it in the text report."""
    ease = get_reading_ease(result)
    if ease is not None:
        return f"{ease:.1f}"
    if result.model is None:
        return "not measured (fix the errors first)"
    return "not measured (no prose)"


def read_scenario_file(path: Path) -> Scenario:
    """Read and parse a scenario, or stop with its diagnostics."""
    text, diagnostics = decode_source(path.read_bytes(), str(path))
    scenario = None
    if text is not None:
        scenario, diagnostics = parse_scenario(text, str(path))
    if scenario is None:
        for diagnostic in diagnostics:
            click.echo(diagnostic.render(), err=True)
        raise SystemExit(EXIT_FAILED)
    return scenario


@click.command("play")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def play_command(file: Path) -> None:
    """Play a scenario in the terminal, reading choices from standard input."""
    scenario = read_scenario_file(file)
    best = analyse_scenario(scenario).best_score
    scene = scenario.scenes[scenario.start]
    state = apply_effects({}, scene.effects)
    score = 0
    debrief: list[str] = []
    click.echo(f"{scenario.title}\n")

    while not scene.is_ending:
        choice = ask_choice(scene, state)
        score += choice.points
        note = choice.feedback or "(no feedback)"
        if scenario.feedback_mode == "immediate":
            click.echo(f"\n  {note}  [{choice.points:+d} points]\n")
        else:
            debrief.append(f"- {choice.text}: {note} [{choice.points:+d}]")
        scene = scenario.scenes[choice.target]
        state = apply_effects(apply_effects(state, choice.effects), scene.effects)

    echo_ending(scenario, scene, score, best, debrief)


def ask_choice(scene: Scene, state: dict[str, int]) -> Choice:
    """Show a scene and return the choice the learner types the number of."""
    offered = [
        c for c in scene.choices if c.condition is None or c.condition.holds(state)
    ]
    click.echo(f"## {scene.title}\n{scene.body}\n")
    for number, choice in enumerate(offered, start=1):
        click.echo(f"  {number}. {choice.text}")
    picked = click.prompt("Your choice", type=click.IntRange(1, len(offered)))
    return offered[picked - 1]


def echo_ending(
    scenario: Scenario, scene: Scene, score: int, best: int, debrief: Sequence[str]
) -> None:
    """Show the ending, the score against the best, and any debrief."""
    click.echo(f"## {scene.title}\n{scene.body}\n")
    if debrief:
        click.echo("Debrief:\n" + "\n".join(debrief) + "\n")
    percent = round(100 * score / best) if best > 0 else 100
    verdict = "passed" if percent >= scenario.pass_mark else "not passed yet"
    click.echo(
        f"Outcome: {scene.outcome}. Score {score} of {best} ({percent}%): {verdict}."
    )


@click.command("graph")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help="Diagram language.",
)
def graph_command(file: Path, output_format: str) -> None:
    """Print a scenario's scenes and choices as a Mermaid or Graphviz diagram."""
    scenario = read_scenario_file(file)
    render = render_mermaid if output_format == "mermaid" else render_dot
    click.echo(render(scenario))


def label_choice(choice: Choice) -> str:
    """Return a choice's edge label: action, person and points."""
    action = f"escalate to {choice.to}" if choice.to else choice.action
    return f"{action} ({choice.points:+d})"


def quote_label(text: str) -> str:
    """Return text safe inside a double-quoted diagram label."""
    return text.replace("\\", "\\\\").replace('"', "'")


def render_mermaid(scenario: Scenario) -> str:
    """Return a Mermaid flowchart; endings are rounded and show their outcome."""
    lines = ["flowchart TD"]
    for scene in scenario.scenes.values():
        title = quote_label(scene.title)
        if scene.is_ending:
            lines.append(f'    {scene.id}(["{title} (ending: {scene.outcome})"])')
        else:
            lines.append(f'    {scene.id}["{title}"]')
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            label = quote_label(label_choice(choice))
            lines.append(f'    {scene.id} -->|"{label}"| {choice.target}')
    return "\n".join(lines)


def render_dot(scenario: Scenario) -> str:
    """Return a Graphviz digraph; endings are double circles with their outcome."""
    lines = [f'digraph "{quote_label(scenario.id)}" {{']
    for scene in scenario.scenes.values():
        title = quote_label(scene.title)
        if scene.is_ending:
            label = f"{title}\\n(ending: {scene.outcome})"
            lines.append(f'  "{scene.id}" [label="{label}", shape=doublecircle];')
        else:
            lines.append(f'  "{scene.id}" [label="{title}", shape=box];')
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            label = quote_label(label_choice(choice))
            lines.append(f'  "{scene.id}" -> "{choice.target}" [label="{label}"];')
    lines.append("}")
    return "\n".join(lines)


commands = [lint_command, play_command, graph_command]
