"""Checks on a built scenario: ladder, endings, and what its graph allows."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from course.authoring.codes import make_diagnostic
from course.authoring.conditions import describe_condition
from course.authoring.model import Choice, Diagnostic, Scenario, Scene
from course.engine.analysis import MAX_STATES, Analysis, analyse_scenario


@dataclass
class Locator:
    """Finds columns of fragments in the file's lines, for precise diagnostics."""

    path: str
    lines: Sequence[str]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def find_col(self, line: int, fragment: str) -> int:
        """Return the 1-based column of ``fragment`` on ``line``, or 1."""
        if not 1 <= line <= len(self.lines) or not fragment:
            return 1
        return self.lines[line - 1].find(fragment) + 1 or 1

    def report(self, line: int, fragment: str, code: str, **values: object) -> None:
        """Add a diagnostic at ``fragment`` on ``line``."""
        col = self.find_col(line, fragment)
        self.diagnostics.append(make_diagnostic(self.path, line, col, code, **values))


def check_scenario_rules(scenario: Scenario, lines: Sequence[str]) -> list[Diagnostic]:
    """Check ladder use, outcomes and choice counts scene by scene."""
    locator = Locator(scenario.path, lines)
    for scene in scenario.scenes.values():
        check_scene_outcome(scene, locator)
        for choice in scene.choices:
            check_escalation(scenario, choice, locator)
    if not any(scene.is_ending for scene in scenario.scenes.values()):
        first = next(iter(scenario.scenes.values()))
        locator.report(first.line, "", "S024")
    return locator.diagnostics


def check_scene_outcome(scene: Scene, locator: Locator) -> None:
    """Report endings without an outcome, outcomes on choice scenes, lone choices."""
    if scene.is_ending and scene.outcome is None:
        locator.report(scene.line, "{", "S013", id=scene.id)
    elif not scene.is_ending and scene.outcome is not None:
        locator.report(scene.line, "outcome=", "S015", id=scene.id)
    elif len(scene.choices) == 1:
        locator.report(scene.line, "{", "S014", id=scene.id)


def check_escalation(scenario: Scenario, choice: Choice, locator: Locator) -> None:
    """Report an escalation to someone who is not on the ladder."""
    if choice.action != "escalate" or not choice.to:
        return
    if scenario.get_person(choice.to) is not None:
        return
    ids = [person.id for person in scenario.ladder]
    close = difflib.get_close_matches(choice.to, ids, n=1)
    hint = (
        f"did you mean '{close[0]}'?" if close else "the ladder has: " + ", ".join(ids)
    )
    locator.report(choice.line, "to=", "S008", to=choice.to, hint=hint)


def check_scenario_graph(
    scenario: Scenario, lines: Sequence[str] = (), analysis: Analysis | None = None
) -> list[Diagnostic]:
    """Check reachability, dead ends, loops, scores and state variables."""
    analysis = analysis or analyse_scenario(scenario)
    locator = Locator(scenario.path, lines)
    report_graph_flaws(scenario, analysis, locator)
    set_names = report_variables(scenario, locator)
    for scene_id, index in analysis.never_offered:
        choice = scenario.scenes[scene_id].choices[index]
        assert choice.condition is not None
        if choice.condition.variable not in set_names:
            continue  # already reported as never set (C002 or C003)
        text = describe_condition(choice.condition)
        locator.report(choice.line, "if=", "C004", text=text)
    return locator.diagnostics


def report_graph_flaws(
    scenario: Scenario, analysis: Analysis, locator: Locator
) -> None:
    """Report unreachable scenes, dead ends, trapped and growing loops."""
    scenes = scenario.scenes
    if analysis.truncated:
        first = scenes[scenario.start]
        locator.report(first.line, "", "C005", limit=MAX_STATES)
    else:
        for scene in scenes.values():
            if scene.id not in analysis.reachable_scenes:
                locator.report(scene.line, "{", "S004", id=scene.id)
    for scene_id in analysis.dead_end_scenes:
        locator.report(scenes[scene_id].line, "{", "S005", id=scene_id)
    for scene_id in analysis.trapped_scenes:
        locator.report(scenes[scene_id].line, "{", "S006", id=scene_id)
    for scene_id in analysis.growing_loop_scenes:
        locator.report(scenes[scene_id].line, "{", "S007", id=scene_id)


def report_variables(scenario: Scenario, locator: Locator) -> set[str]:
    """Report tested variables that nothing sets (typos are errors).

    Return the names of the variables that something sets.
    """
    set_names = {
        effect.variable
        for scene in scenario.scenes.values()
        for effect in (*scene.effects, *(e for c in scene.choices for e in c.effects))
    }
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            condition = choice.condition
            if condition is None or condition.variable in set_names:
                continue
            close = difflib.get_close_matches(
                condition.variable, sorted(set_names), n=1
            )
            if close:
                locator.report(
                    choice.line,
                    "if=",
                    "C002",
                    name=condition.variable,
                    suggestion=close[0],
                )
            else:
                locator.report(choice.line, "if=", "C003", name=condition.variable)
    return set_names
