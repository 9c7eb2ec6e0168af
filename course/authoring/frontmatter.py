"""Splitting off and reading the YAML front matter of a content file.

The YAML is composed into nodes (not loaded straight to Python values) so that
every value keeps its line and column, and so that YAML's guesses, such as an
unquoted ``no`` becoming a boolean, can be reported instead of accepted.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from course.authoring.codes import make_diagnostic
from course.authoring.model import Diagnostic

Kind = Literal["text", "int", "texts", "records"]
Location = tuple[int, int]
KeyPath = tuple[str | int, ...]

FENCE = "---"
YAML_TAG = "tag:yaml.org,2002:"
FOUND_BY_TAG = {
    "bool": "yes/no (true or false)",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
    "null": "nothing",
    "str": "text",
}


@dataclass(frozen=True)
class Field:
    """What one front-matter setting must look like."""

    kind: Kind
    required: bool = True
    #: For ``records``: the settings of each record in the list.
    fields: Mapping[str, Field] = field(default_factory=dict)


@dataclass
class FrontMatter:
    """Checked front-matter values, their locations, and the rest of the file."""

    values: dict[str, Any]
    locations: dict[KeyPath, Location]
    body: str
    #: Line number (1-based) in the file of the body's first line.
    body_line: int

    def get_location(self, *key: str | int) -> Location:
        """Return where the value at ``key`` sits, or the top of the file."""
        return self.locations.get(key, (1, 1))


@dataclass
class Reader:
    """Walks YAML nodes against field specs, collecting diagnostics."""

    path: str
    where: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    locations: dict[KeyPath, Location] = field(default_factory=dict)

    def report(self, node: yaml.Node, code: str, **values: object) -> None:
        """Add a diagnostic located at ``node``."""
        line, col = locate_node(node)
        self.diagnostics.append(make_diagnostic(self.path, line, col, code, **values))


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (yaml text, body, first body line), or None if unclosed/missing."""
    if not text.startswith(FENCE) or text[3:4] not in ("\n", ""):
        return None
    end = text.find("\n" + FENCE, 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n" + FENCE, end + 4)
    if end == -1:
        return None

    yaml_text = text[4 : end + 1]
    body = text[end + 5 :]
    body_line = yaml_text.count("\n") + 3
    return yaml_text, body, body_line


def read_front_matter(
    text: str, path: str, fields: Mapping[str, Field], where: str
) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """Split and check the front matter of ``text`` against ``fields``."""
    parts = split_front_matter(text)
    if parts is None:
        code = "F002" if text.startswith(FENCE + "\n") or text == FENCE else "F001"
        return None, [make_diagnostic(path, 1, 1, code)]
    yaml_text, body, body_line = parts

    root, error = compose_yaml(yaml_text, path)
    if error is not None:
        return None, [error]
    if not isinstance(root, yaml.MappingNode):
        line, col = locate_node(root) if root is not None else (1, 1)
        return None, [make_diagnostic(path, line, col, "F004")]

    reader = Reader(path, where)
    values = read_mapping(reader, root, fields, ())
    front = FrontMatter(values, reader.locations, body, body_line)
    return front, reader.diagnostics


#: libyaml's composer is about ten times faster and keeps the same marks.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose_yaml(
    yaml_text: str, path: str
) -> tuple[yaml.Node | None, Diagnostic | None]:
    """Compose YAML into nodes; report a syntax error with its location."""
    try:
        return yaml.compose(yaml_text, Loader=FAST_LOADER), None
    except yaml.YAMLError:
        pass
    # The pure-Python composer words its errors better (it names a tab).
    try:
        return yaml.compose(yaml_text, Loader=yaml.SafeLoader), None
    except yaml.YAMLError as error:
        return None, describe_yaml_error(error, yaml_text, path)


def describe_yaml_error(error: yaml.YAMLError, yaml_text: str, path: str) -> Diagnostic:
    """Turn a PyYAML error into an F003 diagnostic on the file's own lines."""
    mark = getattr(error, "problem_mark", None)
    line, col = (mark.line + 2, mark.column + 1) if mark is not None else (2, 1)
    problem = str(getattr(error, "problem", None) or "cannot read the settings")
    if isinstance(error, yaml.reader.ReaderError):
        before = yaml_text[: error.position]
        line = before.count("\n") + 2
        col = len(before) - (before.rfind("\n") + 1) + 1
        problem = f"the character {error.character!r} is not allowed"
    if "\\t" in problem or "tab" in problem:
        hint = "indent with spaces, never with tabs"
    else:
        hint = "check the indentation, colons and quotes here and on the line above"
    return make_diagnostic(path, line, col, "F003", problem=problem, hint=hint)


def locate_node(node: yaml.Node) -> Location:
    """Return the file line and column of a node inside the front matter."""
    return node.start_mark.line + 2, node.start_mark.column + 1


def read_mapping(
    reader: Reader,
    node: yaml.MappingNode,
    fields: Mapping[str, Field],
    key_path: KeyPath,
) -> dict[str, Any]:
    """Read one mapping: known keys once each, required keys present."""
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in values:
            reader.report(key_node, "F008", key=key)
            continue
        spec = fields.get(key)
        if spec is None:
            reader.report(key_node, "F005", key=key, hint=suggest_key(key, fields))
            values[key] = None
            continue
        reader.locations[(*key_path, key)] = locate_node(value_node)
        values[key] = read_value(reader, value_node, spec, (*key_path, key))

    report_missing_keys(reader, node, fields, values)
    return {key: value for key, value in values.items() if key in fields}


def report_missing_keys(
    reader: Reader,
    node: yaml.MappingNode,
    fields: Mapping[str, Field],
    values: Mapping[str, Any],
) -> None:
    """Report each required key that the mapping lacks."""
    for key, spec in fields.items():
        if spec.required and key not in values:
            reader.report(node, "F006", key=key, where=reader.where)


def suggest_key(key: str, fields: Mapping[str, Field]) -> str:
    """Return a hint naming the closest known key, or all of them."""
    close = difflib.get_close_matches(key, list(fields), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "known settings: " + ", ".join(fields)


def read_value(reader: Reader, node: yaml.Node, spec: Field, key_path: KeyPath) -> Any:
    """Read a value of the kind ``spec`` asks for, or report why not."""
    name = str(key_path[-1]) if isinstance(key_path[-1], str) else str(key_path[-2])
    if spec.kind == "text":
        return read_text(reader, node, name)
    if spec.kind == "int":
        return read_int(reader, node, name)
    if not isinstance(node, yaml.SequenceNode):
        expected = "a list, such as [A, B]" if spec.kind == "texts" else "a list"
        report_wrong_type(reader, node, name, expected)
        return None

    items: list[Any] = []
    for index, item in enumerate(node.value):
        reader.locations[(*key_path, index)] = locate_node(item)
        if spec.kind == "texts":
            items.append(read_text(reader, item, name))
        elif isinstance(item, yaml.MappingNode):
            items.append(read_mapping(reader, item, spec.fields, (*key_path, index)))
        else:
            report_wrong_type(reader, item, name, "a set of 'key: value' lines")
            items.append(None)
    return items


def read_text(reader: Reader, node: yaml.Node, name: str) -> str | None:
    """Read a text value; YAML booleans, numbers and dates are refused."""
    if isinstance(node, yaml.ScalarNode) and node.tag == YAML_TAG + "str":
        return str(node.value)
    report_wrong_type(reader, node, name, "text")
    return None


def read_int(reader: Reader, node: yaml.Node, name: str) -> int | None:
    """Read a whole number."""
    if isinstance(node, yaml.ScalarNode) and node.tag == YAML_TAG + "int":
        digits = str(node.value).replace("_", "")
        for base in (10, 0):
            try:
                return int(digits, base)
            except ValueError:
                continue
    report_wrong_type(reader, node, name, "a whole number")
    return None


def report_wrong_type(
    reader: Reader, node: yaml.Node, name: str, expected: str
) -> None:
    """Report F007, saying what YAML made of the value and how to fix it."""
    if isinstance(node, yaml.ScalarNode):
        short_tag = str(node.tag).removeprefix(YAML_TAG)
        found = f"{FOUND_BY_TAG.get(short_tag, 'a value')} '{node.value}'"
        if short_tag == "null":
            found = "nothing"
            hint = f"write a value after '{name}:'"
        elif expected == "text":
            hint = f'put the value in quotes: {name}: "{node.value}"'
        else:
            hint = f"write {expected} without quotes"
    else:
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a set of keys"
        hint = f"'{name}' takes {expected}"
    reader.report(node, "F007", key=name, expected=expected, found=found, hint=hint)
