"""Parsing a scenario file into a :class:`Scenario`, with located diagnostics.

The body is first read into an outline of scenes (``##`` headings), their
blocks and list items: by the line scanner when it is written in the plain
shapes, else from markdown-it's token stream. Then, in small steps: read each
heading's ``{...}`` attributes, find the choice lists, read each choice's link,
attributes and feedback quote.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from course.authoring.checks import check_scenario_graph, check_scenario_rules
from course.authoring.codes import has_errors, make_diagnostic
from course.authoring.conditions import (
    CONDITION_HINT,
    EFFECT_HINT,
    parse_condition,
    parse_effects,
)
from course.authoring.frontmatter import Field, FrontMatter, read_front_matter
from course.authoring.markdown import (
    Attributes,
    find_attribute_problems,
    find_position,
    find_unsafe_markup,
    parse_tokens,
    slugify,
    split_attributes,
)
from course.authoring.model import (
    ACTIONS,
    OUTCOMES,
    Choice,
    Condition,
    Diagnostic,
    Effect,
    Person,
    Scenario,
    Scene,
)
from course.authoring.outline import (
    Block,
    ListItem,
    SceneOutline,
    read_token_outline,
)
from course.authoring.scanner import scan_scenes
from course.authoring.source import normalise_text
from course.engine.analysis import Analysis, analyse_scenario

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PERSON_FIELDS = {"id": Field("text"), "title": Field("text")}
SCENARIO_FIELDS = {
    "id": Field("text"),
    "title": Field("text"),
    "summary": Field("text", required=False),
    "criteria": Field("texts"),
    "pass_mark": Field("int"),
    "feedback": Field("text", required=False),
    "attempts": Field("int", required=False),
    "score_policy": Field("text", required=False),
    "ladder": Field("records", fields=PERSON_FIELDS),
}
SCENE_ATTRIBUTES = ("#", ".key", "outcome", "set")
CHOICE_ATTRIBUTES = ("action", "to", "points", "if", "set")
FEEDBACK_MODES = ("immediate", "debrief")
SCORE_POLICIES = ("best", "last", "mean")


@dataclass
class Context:
    """What every step of one file's parse needs: its lines and its findings."""

    path: str
    lines: list[str]
    #: Add this to a 0-based body line index to get the 1-based file line.
    line_offset: int
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, line: int, col: int, code: str, **values: object) -> None:
        """Add a diagnostic at a file line and column."""
        self.diagnostics.append(make_diagnostic(self.path, line, col, code, **values))


def parse_scenario(
    text: str,
    path: str,
    *,
    known_criteria: Collection[str] | None = None,
    report_unchecked_criteria: bool = False,
) -> tuple[Scenario | None, list[Diagnostic]]:
    """Parse and check a scenario file; the model is None if there are errors.

    ``known_criteria`` are the full criterion ids of the loaded units; when it
    is None criteria are not checked (and, if ``report_unchecked_criteria``,
    a warning says so).
    """
    scenario, diagnostics, _ = check_scenario_text(
        text,
        path,
        known_criteria=known_criteria,
        report_unchecked_criteria=report_unchecked_criteria,
    )
    return scenario, diagnostics


def check_scenario_text(
    text: str,
    path: str,
    *,
    known_criteria: Collection[str] | None = None,
    report_unchecked_criteria: bool = False,
) -> tuple[Scenario | None, list[Diagnostic], Analysis | None]:
    """Like :func:`parse_scenario`, also returning the graph analysis if clean."""
    text = normalise_text(text)
    scenario, diagnostics, front = read_scenario_parts(text, path)
    if scenario is None or front is None:
        return None, sort_diagnostics(diagnostics), None

    lines = text.split("\n")
    diagnostics += drop_repeats(check_scenario_rules(scenario, lines), diagnostics)
    if known_criteria is not None:
        diagnostics += check_criteria(scenario, known_criteria, front, path)
    elif report_unchecked_criteria:
        line, col = front.get_location("criteria")
        diagnostics.append(make_diagnostic(path, line, col, "S012"))
    if has_errors(diagnostics):
        return None, sort_diagnostics(diagnostics), None

    analysis = analyse_scenario(scenario)
    diagnostics += check_scenario_graph(scenario, lines, analysis)
    if has_errors(diagnostics):
        return None, sort_diagnostics(diagnostics), None
    return scenario, sort_diagnostics(diagnostics), analysis


def drop_repeats(
    found: list[Diagnostic], earlier: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """Leave out "no outcome" where a bad outcome was already reported."""
    bad_outcome_lines = {d.line for d in earlier if d.code == "S025"}
    return [d for d in found if not (d.code == "S013" and d.line in bad_outcome_lines)]


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Return diagnostics in file order."""
    return sorted(diagnostics, key=lambda d: (d.path, d.line, d.col, d.code))


def read_scenario_parts(
    text: str, path: str
) -> tuple[Scenario | None, list[Diagnostic], FrontMatter | None]:
    """Parse a scenario's structure, without the later checks."""
    front, diagnostics = read_front_matter(text, path, SCENARIO_FIELDS, "front matter")
    if front is None:
        return None, diagnostics, None
    diagnostics += check_scenario_settings(front, path)

    lines = front.body.split("\n")
    context = Context(path, lines, front.body_line, diagnostics)
    outline, tokens = read_outline(front.body, lines)
    diagnostics += find_unsafe_markup(tokens, lines, front.body_line, path)
    scenes = build_scenes(outline, context)
    if not scenes:
        context.report(front.body_line, 1, "S021")
        return None, diagnostics, front

    check_targets(scenes, context)
    scenario = make_scenario(front, scenes, path)
    check_criterion_points(scenario, context)
    return scenario, diagnostics, front


def read_outline(body: str, lines: list[str]) -> tuple[list[SceneOutline], list[Token]]:
    """Return the body's scene outline and the tokens it was read from.

    A body in the plain shapes is read by the line scanner and has no tokens:
    it can hold neither raw HTML nor a link other than a choice's ``#`` link.
    """
    scenes = scan_scenes(body, lines)
    if scenes is not None:
        return scenes, []
    tokens = parse_tokens(body)
    return read_token_outline(tokens, lines), tokens


def check_scenario_settings(front: FrontMatter, path: str) -> list[Diagnostic]:
    """Check the front-matter values that have a fixed form or range."""
    values = front.values
    found: list[Diagnostic] = []

    def report(where: tuple[str | int, ...], code: str, **fmt: object) -> None:
        line, col = front.get_location(*where)
        found.append(make_diagnostic(path, line, col, code, **fmt))

    scenario_id = values.get("id")
    if isinstance(scenario_id, str) and not ID_PATTERN.match(scenario_id):
        report(("id",), "F009", key="id", value=scenario_id, hint=ID_HINT)
    pass_mark = values.get("pass_mark")
    if isinstance(pass_mark, int) and not 1 <= pass_mark <= 100:
        report(("pass_mark",), "F010", value=pass_mark)
    check_choice_setting(values, "feedback", FEEDBACK_MODES, report)
    check_choice_setting(values, "score_policy", SCORE_POLICIES, report)
    attempts = values.get("attempts")
    if isinstance(attempts, int) and attempts < 1:
        report(("attempts",), "F009", key="attempts", value=attempts, hint=ATTEMPTS)
    found += check_ladder(front, path)
    return found


ID_HINT = "use lower-case letters, digits and hyphens, such as late-figures"
ATTEMPTS = "use a whole number of 1 or more, or leave 'attempts' out for no limit"


def check_choice_setting(
    values: dict[str, Any], key: str, allowed: Sequence[str], report: Any
) -> None:
    """Report a setting whose value is not one of ``allowed``."""
    value = values.get(key)
    if isinstance(value, str) and value not in allowed:
        hint = "use one of: " + ", ".join(allowed)
        report((key,), "F009", key=key, value=value, hint=hint)


def check_ladder(front: FrontMatter, path: str) -> list[Diagnostic]:
    """Report an empty ladder, badly formed ids and ids used twice."""
    ladder = front.values.get("ladder")
    found: list[Diagnostic] = []
    if not isinstance(ladder, list):
        return found
    if not ladder:
        line, col = front.get_location("ladder")
        hint = "add at least one person, lowest first: - id: colleague"
        found.append(
            make_diagnostic(
                path, line, col, "F009", key="ladder", value="[]", hint=hint
            )
        )
    seen: set[str] = set()
    for index, rung in enumerate(ladder):
        person_id = rung.get("id") if isinstance(rung, dict) else None
        if not isinstance(person_id, str):
            continue
        line, col = front.get_location("ladder", index, "id")
        if not ID_PATTERN.match(person_id):
            found.append(
                make_diagnostic(
                    path, line, col, "F009", key="id", value=person_id, hint=ID_HINT
                )
            )
        if person_id in seen:
            found.append(make_diagnostic(path, line, col, "S023", id=person_id))
        seen.add(person_id)
    return found


def build_scenes(outline: Sequence[SceneOutline], context: Context) -> list[Scene]:
    """Build every scene, reporting duplicate ids."""
    scenes: list[Scene] = []
    first_line: dict[str, int] = {}
    for part in outline:
        scene = build_scene(part, context)
        if scene is None:
            continue
        if scene.id in first_line:
            body_line = scene.line - context.line_offset
            _, col = find_position(
                context.lines, body_line, body_line + 1, "#" + scene.id, 0
            )
            context.report(
                scene.line, col, "S001", id=scene.id, first=first_line[scene.id]
            )
            continue
        first_line[scene.id] = scene.line
        scenes.append(scene)
    return scenes


def build_scene(outline: SceneOutline, context: Context) -> Scene | None:
    """Build one scene from its heading and blocks."""
    line = outline.line + context.line_offset
    attributes = split_attributes(outline.heading)
    brace_col = get_brace_column(context, outline.line, attributes)
    check_attribute_syntax(attributes, SCENE_ATTRIBUTES, context, line, brace_col)

    scene_id = attributes.get_value("#")
    if not scene_id:
        context.report(
            line,
            1,
            "S016",
            title=attributes.before,
            suggestion=slugify(attributes.before),
        )
        return None

    choices, body = read_scene_blocks(outline.blocks, context)
    outcome = read_outcome(attributes, context, line, brace_col)
    effects = read_effects(attributes, context, line, brace_col)
    return Scene(
        id=scene_id,
        title=attributes.before,
        body=body,
        choices=tuple(choices),
        outcome=outcome,  # type: ignore[arg-type]
        key=attributes.has(".key"),
        effects=effects,
        line=line,
    )


def get_brace_column(context: Context, body_line: int, attributes: Attributes) -> int:
    """Return the 1-based column of a heading or choice's ``{`` in its line."""
    if attributes.offset < 0 or body_line >= len(context.lines):
        return 1
    return context.lines[body_line].rfind("{") + 1 or 1


def check_attribute_syntax(
    attributes: Attributes,
    allowed: Sequence[str],
    context: Context,
    line: int,
    brace_col: int,
) -> None:
    """Report unreadable text and unknown names inside a ``{...}`` block."""
    context.diagnostics.extend(
        find_attribute_problems(attributes, allowed, context.path, line, brace_col)
    )


def read_outcome(
    attributes: Attributes, context: Context, line: int, col: int
) -> str | None:
    """Return a heading's outcome, reporting values that are not allowed."""
    outcome = attributes.get_value("outcome")
    if outcome is None or outcome in OUTCOMES:
        return outcome
    context.report(
        line,
        col,
        "S025",
        value=outcome,
        what="outcome",
        hint="use outcome=good, outcome=mixed or outcome=poor",
    )
    return None


def read_effects(
    attributes: Attributes, context: Context, line: int, col: int
) -> tuple[Effect, ...]:
    """Return the effects of a ``set=`` attribute, reporting malformed ones."""
    text = attributes.get_value("set")
    if text is None:
        return ()
    effects = parse_effects(text)
    if effects is None:
        context.report(line, col, "C001", what="effect", text=text, hint=EFFECT_HINT)
        return ()
    return effects


def read_scene_blocks(
    blocks: Sequence[Block], context: Context
) -> tuple[list[Choice], str]:
    """Split a scene's blocks into its choices and its body text."""
    choices: list[Choice] = []
    body_parts: list[str] = []
    for block in blocks:
        if block.items is not None and is_choice_list(block.items):
            choices += read_choices(block.items, context, len(choices))
        elif block.source:
            body_parts.append(block.source)
    return choices, "\n\n".join(body_parts)


def is_choice_list(items: Sequence[ListItem]) -> bool:
    """Return whether any item of the list starts with a link."""
    return any(item.link is not None for item in items)


def read_choices(
    items: Sequence[ListItem], context: Context, first_index: int
) -> list[Choice]:
    """Read every item of a choice list."""
    choices: list[Choice] = []
    for item in items:
        choice = read_choice(item, context, first_index + len(choices))
        if choice is not None:
            choices.append(choice)
    return choices


def read_choice(item: ListItem, context: Context, index: int) -> Choice | None:
    """Read one choice: link, attributes, and the feedback quote under it."""
    line = item.line + context.line_offset
    if item.link is None:
        context.report(line, 1, "S022")
        return None

    attributes = split_attributes(item.link.content)
    brace_col = get_brace_column(context, item.line, attributes)
    link_col = context.lines[item.line].find("[") + 1 or 1
    check_attribute_syntax(attributes, CHOICE_ATTRIBUTES, context, line, brace_col)
    target = read_target(item.link.href, context, line, link_col)
    feedback = read_feedback(item, context, line, link_col)
    return make_choice(
        index, item.link.text, target, feedback, attributes, context, line, brace_col
    )


def read_target(href: str, context: Context, line: int, col: int) -> str:
    """Return the scene id a choice's link points at ('' if it is not one)."""
    if href.startswith("#") and len(href) > 1:
        return href[1:]
    context.report(line, col, "S003", href=href)
    return ""


def read_feedback(item: ListItem, context: Context, line: int, col: int) -> str:
    """Return the feedback quote under a choice ('' and a warning if none)."""
    if item.feedback is None:
        context.report(line, col, "S020")
        return ""
    return item.feedback


def make_choice(
    index: int,
    text: str,
    target: str,
    feedback: str,
    attributes: Attributes,
    context: Context,
    line: int,
    col: int,
) -> Choice:
    """Build a choice from its attributes, reporting missing or bad ones."""
    action = read_action(attributes, context, line, col)
    to = attributes.get_value("to")
    if action == "escalate" and not to:
        context.report(line, col, "S009")
    elif action not in ("escalate", "") and to is not None:
        context.report(line, col, "S010", to=to)

    points, criterion_points = read_points(attributes, context, line, col)
    return Choice(
        index=index,
        text=text,
        action=action or "handle",  # type: ignore[arg-type]
        target=target,
        to=to or None,
        points=points,
        criterion_points=criterion_points,
        feedback=feedback,
        condition=read_condition(attributes, context, line, col),
        effects=read_effects(attributes, context, line, col),
        line=line,
    )


def read_action(attributes: Attributes, context: Context, line: int, col: int) -> str:
    """Return the choice's action, or '' after reporting a missing or bad one."""
    action = attributes.get_value("action")
    if action in ACTIONS:
        return str(action)
    problem = "no" if action is None else f"the unknown '{action}' as its"
    context.report(line, col, "S017", problem=problem)
    return ""


def read_points(
    attributes: Attributes, context: Context, line: int, col: int
) -> tuple[int, dict[str, int]]:
    """Return total points and per-criterion points of a choice."""
    criterion_points: dict[str, int] = {}
    for item in attributes.items:
        if item.name.startswith("points.") and item.value is not None:
            value = read_integer(item.value, context, line, col)
            criterion_points[item.name.removeprefix("points.")] = value

    total = attributes.get_value("points")
    if total is not None:
        return read_integer(total, context, line, col), criterion_points
    if not criterion_points:
        context.report(line, col, "S018")
    return sum(criterion_points.values()), criterion_points


def read_integer(text: str, context: Context, line: int, col: int) -> int:
    """Return ``text`` as an integer, reporting it if it is not one."""
    try:
        return int(text)
    except ValueError:
        context.report(
            line,
            col,
            "S025",
            value=text,
            what="number of points",
            hint="write whole numbers such as points=2 or points=-1",
        )
        return 0


def read_condition(
    attributes: Attributes, context: Context, line: int, col: int
) -> Condition | None:
    """Return the ``if=`` condition of a choice, reporting a malformed one."""
    text = attributes.get_value("if")
    if text is None:
        return None
    condition = parse_condition(text)
    if condition is None:
        context.report(
            line, col, "C001", what="condition", text=text, hint=CONDITION_HINT
        )
    return condition


def check_targets(scenes: Sequence[Scene], context: Context) -> None:
    """Report choices leading to scenes that do not exist."""
    ids = [scene.id for scene in scenes]
    for scene in scenes:
        for choice in scene.choices:
            if not choice.target or choice.target in ids:
                continue
            col = find_position(
                context.lines,
                choice.line - context.line_offset,
                choice.line - context.line_offset + 1,
                "#" + choice.target,
                context.line_offset,
            )[1]
            context.report(
                choice.line,
                col,
                "S002",
                target=choice.target,
                hint=suggest_scene(choice.target, ids),
            )


def suggest_scene(target: str, ids: Sequence[str]) -> str:
    """Return a hint naming the closest scene id, or all of them."""
    close = difflib.get_close_matches(target, ids, n=1)
    if close:
        return f"did you mean '#{close[0]}'?"
    return "scene ids in this file: " + ", ".join(ids[:8])


def make_scenario(front: FrontMatter, scenes: Sequence[Scene], path: str) -> Scenario:
    """Build the scenario model from checked front matter and scenes."""
    values = front.values
    ladder = tuple(
        Person(str(rung.get("id") or ""), str(rung.get("title") or ""), level)
        for level, rung in enumerate(values.get("ladder") or [], start=1)
        if isinstance(rung, dict)
    )
    criteria = tuple(c for c in values.get("criteria") or [] if isinstance(c, str))
    return Scenario(
        id=str(values.get("id") or ""),
        title=str(values.get("title") or ""),
        summary=str(values.get("summary") or ""),
        criteria=criteria,
        pass_mark=int(values.get("pass_mark") or 0),
        feedback_mode=values.get("feedback") or "immediate",
        ladder=ladder,
        scenes={scene.id: scene for scene in scenes},
        start=scenes[0].id,
        attempts_allowed=values.get("attempts"),
        score_policy=values.get("score_policy") or "best",
        path=path,
    )


def check_criteria(
    scenario: Scenario, known_criteria: Collection[str], front: FrontMatter, path: str
) -> list[Diagnostic]:
    """Report front-matter criteria that no loaded unit defines."""
    found: list[Diagnostic] = []
    known = sorted(known_criteria)
    for index, criterion in enumerate(scenario.criteria):
        if criterion in known_criteria:
            continue
        close = difflib.get_close_matches(criterion, known, n=1)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else "write criteria as unit code, hyphen and ref, such as CSD-1.5"
        )
        line, col = front.get_location("criteria", index)
        found.append(
            make_diagnostic(path, line, col, "S011", criterion=criterion, hint=hint)
        )
    return found


def check_criterion_points(scenario: Scenario, context: Context) -> None:
    """Report per-criterion points for criteria the scenario does not list."""
    listed = ", ".join(scenario.criteria) or "none"
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            for criterion in choice.criterion_points:
                if criterion in scenario.criteria:
                    continue
                body_line = choice.line - context.line_offset
                col = find_position(
                    context.lines,
                    body_line,
                    body_line + 1,
                    "points." + criterion,
                    context.line_offset,
                )[1]
                hint = f"name one of the scenario's criteria ({listed})"
                context.report(choice.line, col, "S011", criterion=criterion, hint=hint)
