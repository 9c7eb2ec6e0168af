"""The catalogue of diagnostic codes: one message and one hint per code.

Every diagnostic the authoring tools produce is made here, so a code always
reads the same way and the test suite can check that each code is covered.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.authoring.model import Diagnostic, Severity


@dataclass(frozen=True)
class CodeInfo:
    """The fixed wording of one diagnostic code."""

    severity: Severity
    message: str
    hint: str


CODES: dict[str, CodeInfo] = {
    # Bytes and text.
    "E001": CodeInfo(
        "error",
        "the file is not valid UTF-8 (bad byte at column {column})",
        "save the file as UTF-8 in your editor",
    ),
    "E002": CodeInfo(
        "error",
        "the file could not be read: {reason}",
        "check that the file exists and that you may read it",
    ),
    # Front matter.
    "F001": CodeInfo(
        "error",
        "the file does not start with front matter",
        "put a line '---', the settings, and another '---' at the very top",
    ),
    "F002": CodeInfo(
        "error",
        "the front matter is never closed",
        "add a line with only '---' after the last setting",
    ),
    "F003": CodeInfo(
        "error",
        "YAML error in the front matter: {problem}",
        "{hint}",
    ),
    "F004": CodeInfo(
        "error",
        "the front matter must be a list of 'key: value' settings",
        "write one setting per line, such as 'title: My title'",
    ),
    "F005": CodeInfo(
        "error",
        "unknown setting '{key}'",
        "{hint}",
    ),
    "F006": CodeInfo(
        "error",
        "missing setting '{key}'",
        "add a line '{key}: ...' to the {where}",
    ),
    "F007": CodeInfo(
        "error",
        "'{key}' should be {expected}, but YAML read {found}",
        "{hint}",
    ),
    "F008": CodeInfo(
        "error",
        "the setting '{key}' is given twice",
        "keep one of the two lines",
    ),
    "F009": CodeInfo(
        "error",
        "'{key}' cannot be '{value}'",
        "{hint}",
    ),
    "F010": CodeInfo(
        "error",
        "the pass mark {value} is out of range",
        "use a whole number from 1 to 100 (a percentage of the best score)",
    ),
    # Markdown shared by every file.
    "M001": CodeInfo(
        "error",
        "raw HTML '{html}' would be dropped from the page",
        "use Markdown instead: *emphasis*, **bold**, lists and links",
    ),
    "M002": CodeInfo(
        "error",
        "unsafe link '{href}'",
        "links may use http:, https:, mailto: or point inside the course",
    ),
    # Scenarios.
    "S001": CodeInfo(
        "error",
        "the scene id '{id}' is used twice (first on line {first})",
        "give every scene its own id in '{{#...}}'",
    ),
    "S002": CodeInfo(
        "error",
        "the choice leads to '#{target}', but there is no scene with that id",
        "{hint}",
    ),
    "S003": CodeInfo(
        "error",
        "the choice link '{href}' does not point at a scene",
        "write the link as (#scene-id), for example [Call Sam](#call-sam)",
    ),
    "S004": CodeInfo(
        "warning",
        "the scene '{id}' can never be reached",
        "link to it from a choice, or delete it",
    ),
    "S005": CodeInfo(
        "error",
        "the scene '{id}' can leave the learner with no choice available",
        "add a choice without an 'if', or make it an ending with an outcome",
    ),
    "S006": CodeInfo(
        "error",
        "from the scene '{id}' the learner can never reach an ending",
        "give one of the scenes in this loop a choice that leads to an ending",
    ),
    "S007": CodeInfo(
        "error",
        "the score can grow without limit by going round the loop through '{id}'",
        "give the choices in the loop 0 points, or limit the loop with 'if'",
    ),
    "S008": CodeInfo(
        "error",
        "'{to}' is not on the escalation ladder",
        "{hint}",
    ),
    "S009": CodeInfo(
        "error",
        "the escalation does not say to whom",
        "add to=<ladder id>, for example to=line-manager",
    ),
    "S010": CodeInfo(
        "error",
        "'to' is only allowed when action=escalate",
        "remove to={to}, or change the action to escalate",
    ),
    "S011": CodeInfo(
        "error",
        "unknown criterion '{criterion}'",
        "{hint}",
    ),
    "S012": CodeInfo(
        "warning",
        "criteria were not checked: no units were found next to this scenario",
        "lint the scenario together with the content folder that holds the units",
    ),
    "S013": CodeInfo(
        "error",
        "the ending '{id}' has no outcome",
        "add outcome=good, outcome=mixed or outcome=poor to its heading",
    ),
    "S014": CodeInfo(
        "warning",
        "the scene '{id}' offers only one choice",
        "add another choice so the learner has a real decision to make",
    ),
    "S015": CodeInfo(
        "error",
        "the scene '{id}' has choices, so it cannot have an outcome",
        "only endings (scenes without choices) have an outcome",
    ),
    "S016": CodeInfo(
        "error",
        "the heading '{title}' has no id",
        "add an id at the end of the heading, for example {{#{suggestion}}}",
    ),
    "S017": CodeInfo(
        "error",
        "the choice has {problem} action",
        "add action=handle, action=workaround or action=escalate",
    ),
    "S018": CodeInfo(
        "error",
        "the choice does not say how many points it is worth",
        "add points=<whole number>, for example points=2 (it may be 0 or negative)",
    ),
    "S019": CodeInfo(
        "error",
        "unknown attribute '{name}'",
        "{hint}",
    ),
    "S020": CodeInfo(
        "warning",
        "the choice has no feedback",
        "add a quote line starting with '>' under the choice",
    ),
    "S021": CodeInfo(
        "error",
        "the scenario has no scenes",
        "add a heading such as '## Monday morning {{#start}}'",
    ),
    "S022": CodeInfo(
        "error",
        "this list item is not a choice",
        "start it with a link and attributes: [Text](#scene){{action=handle points=1}}",
    ),
    "S023": CodeInfo(
        "error",
        "the ladder id '{id}' is used twice",
        "give every person on the ladder their own id",
    ),
    "S024": CodeInfo(
        "error",
        "the scenario has no ending",
        "add an ending: a scene with no choices and outcome=good, mixed or poor",
    ),
    "S025": CodeInfo(
        "error",
        "'{value}' is not a valid {what}",
        "{hint}",
    ),
    "S026": CodeInfo(
        "error",
        "cannot read the attributes in braces from here on",
        'check spaces and quotes: {{name=value name="value with spaces"}}',
    ),
    # Conditions and effects.
    "C001": CodeInfo(
        "error",
        "cannot read the {what} '{text}'",
        "{hint}",
    ),
    "C002": CodeInfo(
        "error",
        "the condition uses '{name}', which nothing sets",
        "did you mean '{suggestion}'?",
    ),
    "C003": CodeInfo(
        "warning",
        "the variable '{name}' is tested but never set, so it is always 0",
        'set it with set="{name}=1" on a scene or choice, or remove the test',
    ),
    "C004": CodeInfo(
        "warning",
        "the condition '{text}' is never true, so this choice is never offered",
        "check the variable's name and the values it can take on the way here",
    ),
    "C005": CodeInfo(
        "warning",
        "the scenario has too many states to analyse fully (over {limit})",
        "limit counters with 'if' conditions so they cannot grow forever",
    ),
    # Units.
    "U001": CodeInfo(
        "error",
        "the id '{id}' is used twice (first on line {first})",
        "give every section and check its own id",
    ),
    "U002": CodeInfo(
        "error",
        "the check '{id}' names no criteria",
        'add criteria="CODE-1.1" to the heading',
    ),
    "U003": CodeInfo(
        "error",
        "the criterion '{criterion}' is not one of this unit's outcomes",
        "{hint}",
    ),
    "U004": CodeInfo(
        "error",
        "the single-choice check '{id}' has {count} correct options",
        "mark exactly one option with [x] and the others with [ ]",
    ),
    "U005": CodeInfo(
        "error",
        "the option has no feedback",
        "add a quote line starting with '>' under the option",
    ),
    "U006": CodeInfo(
        "error",
        "the multiple-choice check '{id}' has no correct option",
        "mark at least one option with [x]",
    ),
    "U007": CodeInfo(
        "error",
        "the check '{id}' of type {kind} {problem}",
        "{hint}",
    ),
    "U008": CodeInfo(
        "error",
        "the check type '{kind}' is unknown",
        "use type=single, type=multiple or type=written",
    ),
    "U009": CodeInfo(
        "error",
        "the criterion ref '{ref}' is used twice in this unit",
        "give each criterion its own ref, such as 1.1 and 1.2",
    ),
    "U010": CodeInfo(
        "error",
        "this list item is not an option",
        "start each option with '[x] ' (correct) or '[ ] ' (not correct)",
    ),
    # Course.
    "K001": CodeInfo(
        "error",
        "the course lists the unit '{code}', but no unit has that code",
        "{hint}",
    ),
    "K002": CodeInfo(
        "error",
        "the unit '{code}' is listed twice",
        "list each unit once, in the order learners should take them",
    ),
    # Whole content tree.
    "L001": CodeInfo(
        "error",
        "the scenario id '{id}' is also used by {other}",
        "give every scenario its own id",
    ),
    "L002": CodeInfo(
        "error",
        "the unit code '{code}' is also used by {other}",
        "give every unit its own code",
    ),
    "L003": CodeInfo(
        "error",
        "the compiled content does not match its schema: {problem}",
        "this is a bug in the course tools; please report it with the file",
    ),
}


def make_diagnostic(
    path: str, line: int, col: int, code: str, /, **values: object
) -> Diagnostic:
    """Return the diagnostic for ``code`` with its wording filled in."""
    info = CODES[code]
    return Diagnostic(
        path=path,
        line=max(line, 1),
        col=max(col, 1),
        code=code,
        message=info.message.format(**values),
        hint=info.hint.format(**values),
        severity=info.severity,
    )


def has_errors(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> bool:
    """Return whether any diagnostic is an error rather than a warning."""
    return any(d.severity == "error" for d in diagnostics)
