"""Parsing a unit file into a :class:`Unit`: outcomes, sections and checks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from course.authoring.codes import has_errors, make_diagnostic
from course.authoring.frontmatter import Field, FrontMatter, read_front_matter
from course.authoring.markdown import (
    Attributes,
    find_attribute_problems,
    find_unsafe_markup,
    get_quote_text,
    get_source_slice,
    parse_tokens,
    slugify,
    split_attributes,
)
from course.authoring.model import (
    Check,
    Criterion,
    Diagnostic,
    LearningOutcome,
    Option,
    Section,
    Unit,
)
from course.authoring.source import normalise_text

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
CHECK_KINDS = ("single", "multiple", "written")
HEADING_ATTRIBUTES = ("#", "type", "criteria")
OPTION_MARK = re.compile(r"^\[( |x|X)\]\s+")
TITLE_PREFIX = re.compile(r"^(Check|Task):\s*")
CRITERION_FIELDS = {"ref": Field("text"), "title": Field("text")}
OUTCOME_FIELDS = {
    "ref": Field("text"),
    "title": Field("text"),
    "criteria": Field("records", fields=CRITERION_FIELDS),
}
UNIT_FIELDS = {
    "code": Field("text"),
    "title": Field("text"),
    "summary": Field("text", required=False),
    "qualification": Field("text", required=False),
    "reference": Field("text", required=False),
    "outcomes": Field("records", fields=OUTCOME_FIELDS),
}


@dataclass
class UnitContext:
    """Lines, offsets and findings of the unit file being parsed."""

    path: str
    lines: list[str]
    line_offset: int
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, line: int, col: int, code: str, **values: object) -> None:
        """Add a diagnostic at a file line and column."""
        self.diagnostics.append(make_diagnostic(self.path, line, col, code, **values))

    def get_col(self, line: int, fragment: str) -> int:
        """Return the column of ``fragment`` on a file line, or 1."""
        index = line - self.line_offset
        if not 0 <= index < len(self.lines):
            return 1
        return self.lines[index].find(fragment) + 1 or 1


@dataclass
class Block:
    """A ``##`` heading and the tokens under it."""

    heading: Token
    tokens: list[Token] = field(default_factory=list)


def parse_unit(text: str, path: str) -> tuple[Unit | None, list[Diagnostic]]:
    """Parse and check a unit file; the model is None if there are errors."""
    text = normalise_text(text)
    front, diagnostics = read_front_matter(text, path, UNIT_FIELDS, "front matter")
    if front is None:
        return None, diagnostics

    code = front.values.get("code")
    if isinstance(code, str) and not CODE_PATTERN.match(code):
        line, col = front.get_location("code")
        hint = "use 2 to 10 capital letters and digits, starting with a letter: CSD"
        diagnostics.append(
            make_diagnostic(path, line, col, "F009", key="code", value=code, hint=hint)
        )
    outcomes = read_outcomes(front, str(code or ""), path, diagnostics)
    # With broken settings the unit's criteria are unknown: do not guess.
    known = (
        None
        if has_errors(diagnostics)
        else {c.id for outcome in outcomes for c in outcome.criteria}
    )
    context = UnitContext(path, front.body.split("\n"), front.body_line, diagnostics)
    tokens = parse_tokens(front.body)
    diagnostics += find_unsafe_markup(tokens, context.lines, front.body_line, path)
    sections, checks = read_blocks(split_blocks(tokens), context, known)

    if has_errors(diagnostics):
        return None, sort_by_place(diagnostics)
    unit = Unit(
        code=str(code),
        title=str(front.values.get("title")),
        summary=str(front.values.get("summary") or ""),
        qualification=str(front.values.get("qualification") or ""),
        reference=str(front.values.get("reference") or ""),
        outcomes=outcomes,
        sections=tuple(sections),
        checks=tuple(checks),
        path=path,
    )
    return unit, sort_by_place(diagnostics)


def sort_by_place(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Return diagnostics in file order."""
    return sorted(diagnostics, key=lambda d: (d.path, d.line, d.col, d.code))


def read_outcomes(
    front: FrontMatter, code: str, path: str, diagnostics: list[Diagnostic]
) -> tuple[LearningOutcome, ...]:
    """Build learning outcomes and criteria, reporting refs used twice."""
    outcomes: list[LearningOutcome] = []
    seen: set[str] = set()
    for index, record in enumerate(front.values.get("outcomes") or []):
        if not isinstance(record, dict):
            continue
        criteria: list[Criterion] = []
        for position, item in enumerate(record.get("criteria") or []):
            if not isinstance(item, dict) or not isinstance(item.get("ref"), str):
                continue
            ref = item["ref"]
            if ref in seen:
                line, col = front.get_location(
                    "outcomes", index, "criteria", position, "ref"
                )
                diagnostics.append(make_diagnostic(path, line, col, "U009", ref=ref))
            seen.add(ref)
            criteria.append(
                Criterion(f"{code}-{ref}", ref, str(item.get("title") or ""), code)
            )
        outcomes.append(
            LearningOutcome(
                str(record.get("ref") or ""),
                str(record.get("title") or ""),
                tuple(criteria),
            )
        )
    return tuple(outcomes)


def split_blocks(tokens: Sequence[Token]) -> list[Block]:
    """Group the tokens after each level-2 heading."""
    blocks: list[Block] = []
    skip_until = -1
    for index, token in enumerate(tokens):
        if index <= skip_until:
            continue
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
            blocks.append(Block(tokens[index + 1]))
            skip_until = index + 2
        elif blocks:
            blocks[-1].tokens.append(token)
    return blocks


def read_blocks(
    blocks: Sequence[Block], context: UnitContext, criteria: set[str] | None
) -> tuple[list[Section], list[Check]]:
    """Turn blocks into teaching sections and checks, reporting ids used twice."""
    sections: list[Section] = []
    checks: list[Check] = []
    first_line: dict[str, int] = {}
    for block in blocks:
        assert block.heading.map is not None
        line = block.heading.map[0] + context.line_offset
        attributes = split_attributes(block.heading.content)
        context.diagnostics.extend(
            find_attribute_problems(
                attributes,
                HEADING_ATTRIBUTES,
                context.path,
                line,
                context.get_col(line, "{"),
            )
        )
        block_id = attributes.get_value("#")
        if not block_id:
            context.report(
                line,
                1,
                "S016",
                title=attributes.before,
                suggestion=slugify(attributes.before),
            )
            continue
        if block_id in first_line:
            context.report(
                line,
                context.get_col(line, "#" + block_id),
                "U001",
                id=block_id,
                first=first_line[block_id],
            )
        first_line[block_id] = line
        if attributes.has("type"):
            checks.append(read_check(block, attributes, context, line, criteria))
        else:
            body = read_body(block.tokens, context)
            sections.append(Section(block_id, attributes.before, body))
    return sections, checks


def read_body(tokens: Sequence[Token], context: UnitContext) -> str:
    """Return the Markdown source of top-level blocks."""
    parts = [
        get_source_slice(context.lines, *token.map)
        for token in tokens
        if token.map is not None and token.level == 0 and token.nesting >= 0
    ]
    return "\n\n".join(part for part in parts if part)


def read_check(
    block: Block,
    attributes: Attributes,
    context: UnitContext,
    line: int,
    known: set[str] | None,
) -> Check:
    """Build one check: kind, criteria, prompt and options."""
    check_id = str(attributes.get_value("#"))
    kind = str(attributes.get_value("type"))
    if kind not in CHECK_KINDS:
        context.report(line, context.get_col(line, "type="), "U008", kind=kind)
    criteria = tuple((attributes.get_value("criteria") or "").split())
    report_check_criteria(check_id, criteria, known, context, line)

    option_list, prompt_tokens = find_option_list(block.tokens)
    options = read_options(option_list, context)
    report_option_counts(check_id, kind, options, context, line)
    return Check(
        id=check_id,
        title=TITLE_PREFIX.sub("", attributes.before),
        kind=kind,  # type: ignore[arg-type]
        prompt=read_body(prompt_tokens, context),
        criteria=criteria,
        options=tuple(options),
        line=line,
    )


def report_check_criteria(
    check_id: str,
    criteria: Sequence[str],
    known: set[str] | None,
    context: UnitContext,
    line: int,
) -> None:
    """Report a check with no criteria, or with criteria outside the unit."""
    if not criteria:
        context.report(line, context.get_col(line, "{"), "U002", id=check_id)
    if known is None:
        return
    listed = ", ".join(sorted(known)) or "none"
    for criterion in criteria:
        if criterion not in known:
            hint = f"this unit's criteria are: {listed}"
            context.report(
                line,
                context.get_col(line, criterion),
                "U003",
                criterion=criterion,
                hint=hint,
            )


def find_option_list(tokens: Sequence[Token]) -> tuple[list[Token], list[Token]]:
    """Split off the first top-level list whose items are options."""
    for index, token in enumerate(tokens):
        if token.type != "bullet_list_open" or token.level != 0:
            continue
        end = index + 1
        while end < len(tokens) and not (
            tokens[end].type == "bullet_list_close" and tokens[end].level == 0
        ):
            end += 1
        if any(
            is_option_item(tokens, i)
            for i in range(index, end)
            if tokens[i].type == "list_item_open" and tokens[i].level == 1
        ):
            return list(tokens[index : end + 1]), [*tokens[:index], *tokens[end + 1 :]]
    return [], list(tokens)


def is_option_item(tokens: Sequence[Token], item_index: int) -> bool:
    """Return whether the list item starts with ``[x]`` or ``[ ]``."""
    if item_index + 2 >= len(tokens) or tokens[item_index + 2].type != "inline":
        return False
    return OPTION_MARK.match(tokens[item_index + 2].content) is not None


def read_options(tokens: Sequence[Token], context: UnitContext) -> list[Option]:
    """Read every option of an option list, with its feedback quote."""
    options: list[Option] = []
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or token.level != 1 or token.map is None:
            continue
        line = token.map[0] + context.line_offset
        if not is_option_item(tokens, index):
            context.report(line, 1, "U010")
            continue
        content = tokens[index + 2].content
        mark = OPTION_MARK.match(content)
        assert mark is not None
        feedback = find_feedback(tokens, index, context)
        if not feedback:
            context.report(line, context.get_col(line, "["), "U005")
        options.append(
            Option(
                content[mark.end() :].strip(), mark.group(1).lower() == "x", feedback
            )
        )
    return options


def find_feedback(
    tokens: Sequence[Token], item_index: int, context: UnitContext
) -> str:
    """Return the quote inside the list item that starts at ``item_index``."""
    for token in tokens[item_index + 1 :]:
        if token.type == "list_item_close" and token.level == 1:
            break
        if token.type == "blockquote_open" and token.level == 2 and token.map:
            return get_quote_text(context.lines, *token.map)
    return ""


def report_option_counts(
    check_id: str,
    kind: str,
    options: Sequence[Option],
    context: UnitContext,
    line: int,
) -> None:
    """Report option counts that do not fit the check's kind."""
    col = context.get_col(line, "type=")
    correct = sum(1 for option in options if option.correct)
    fmt: dict[str, Any] = {"id": check_id, "kind": kind}
    if kind == "written" and options:
        context.report(
            line,
            col,
            "U007",
            problem="cannot have options",
            hint="remove the [x]/[ ] list, or use type=single",
            **fmt,
        )
    elif kind in ("single", "multiple") and not options:
        context.report(
            line,
            col,
            "U007",
            problem="has no options",
            hint="add options as a list: - [x] right, - [ ] wrong",
            **fmt,
        )
    elif kind == "single" and correct != 1:
        context.report(line, col, "U004", id=check_id, count=correct)
    elif kind == "multiple" and correct == 0:
        context.report(line, col, "U006", id=check_id)
