"""Shared Markdown reading for content files: tokens, attributes, safety checks.

Content is parsed with HTML recognised (so raw HTML can be reported, since the
renderer would drop it) and with every link accepted (so unsafe links can be
reported by name rather than silently left as text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from course.authoring.codes import make_diagnostic
from course.authoring.model import Diagnostic
from course.authoring.render import is_safe_link

ATTRIBUTE = re.compile(
    r"""\s*(?P<item>
        \#(?P<id>[^\s{}]+)
      | \.(?P<cls>[^\s{}=]+)
      | (?P<key>[^\s{}="'#.][^\s{}="']*)
        (?:=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s{}"']+)))?
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Attribute:
    """One item of a ``{...}`` block: ``#id``, ``.class`` or ``key=value``."""

    name: str
    value: str | None
    #: Offset of the item within the text the block was read from.
    offset: int


@dataclass(frozen=True)
class Attributes:
    """A parsed ``{...}`` block and the text before it."""

    before: str
    items: tuple[Attribute, ...]
    #: Offset of the opening brace in the text, or -1 if there was no block.
    offset: int
    #: Offset of the first character that could not be read, or -1.
    error_offset: int = -1

    def get_value(self, name: str) -> str | None:
        """Return the value of the first item called ``name``, or None."""
        for item in self.items:
            if item.name == name:
                return item.value
        return None

    def has(self, name: str) -> bool:
        """Return whether an item called ``name`` is present."""
        return any(item.name == name for item in self.items)


#: A choice line in its plainest form: simple text, a fragment link, then
#: attributes without ``<`` or ``[``. CommonMark reads such a line as exactly one
#: link followed by text, so it is tokenised here without the inline parser.
PLAIN_CHOICE = re.compile(
    r"\[(?P<text>[A-Za-z0-9 ,.;:'?\-]*[A-Za-z0-9.?'])\]"
    r"\((?P<href>#[A-Za-z0-9_-]+)\)(?P<rest>\{[^{}<\[\]\\`*_&!\n]*\})"
)


def create_parser() -> MarkdownIt:
    """Return the structural parser: CommonMark, HTML seen, every link kept.

    Inline parsing is switched off here and done on demand by
    :func:`parse_tokens`, only for inline text that can hold a link or HTML.
    """
    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.disable(["inline", "text_join"])
    return parser


PARSER = create_parser()


def parse_tokens(body: str) -> list[Token]:
    """Return the token stream of a file's body, with inline children where needed.

    Inline text without ``[`` or ``<`` cannot contain a link, an image, an
    autolink or raw HTML, so its children are left empty: nothing we check
    could be found there, and inline parsing is the slowest step.
    """
    env: dict[str, object] = {}
    tokens = PARSER.parse(body, env)
    for token in tokens:
        if token.type == "inline" and ("[" in token.content or "<" in token.content):
            token.children = parse_inline(token.content, env)
    return tokens


def parse_inline(content: str, env: dict[str, object]) -> list[Token]:
    """Return the inline tokens of ``content``, taking a shortcut for plain choices."""
    match = PLAIN_CHOICE.fullmatch(content)
    if match is not None:
        return make_plain_choice_tokens(match)
    children: list[Token] = []
    PARSER.inline.parse(content, PARSER, env, children)
    return children


def make_plain_choice_tokens(match: re.Match[str]) -> list[Token]:
    """Return the tokens markdown-it gives for a plain choice line."""
    return [
        Token("link_open", "a", 1, attrs={"href": match.group("href")}),
        Token("text", "", 0, content=match.group("text"), level=1),
        Token("link_close", "a", -1),
        Token("text", "", 0, content=match.group("rest")),
    ]


def split_attributes(text: str) -> Attributes:
    """Split a trailing ``{...}`` block off ``text`` and read its items."""
    stripped = text.rstrip()
    if not stripped.endswith("}"):
        return Attributes(text.strip(), (), -1)
    start = stripped.rfind("{")
    if start == -1:
        return Attributes(text.strip(), (), -1)

    inner = stripped[start + 1 : -1]
    items, error_at = read_attribute_items(inner)
    error_offset = start + 1 + error_at if error_at >= 0 else -1
    return Attributes(stripped[:start].strip(), items, start, error_offset)


def read_attribute_items(inner: str) -> tuple[tuple[Attribute, ...], int]:
    """Read the items inside braces; return them and the offset of junk, or -1."""
    items: list[Attribute] = []
    position = 0
    end = len(inner.rstrip())
    while position < end:
        match = ATTRIBUTE.match(inner, position)
        if match is None or match.end() == position:
            return tuple(items), position + len(inner[position:]) - len(
                inner[position:].lstrip()
            )
        items.append(make_attribute(match))
        position = match.end()
        if position < len(inner) and not inner[position].isspace():
            return tuple(items), position
    return tuple(items), -1


def make_attribute(match: re.Match[str]) -> Attribute:
    """Turn one regex match into an attribute."""
    name, cls, key, double, single, bare = match.group(
        "id", "cls", "key", "dq", "sq", "bare"
    )
    offset = match.start("item")
    if name is not None:
        return Attribute("#", name, offset)
    if cls is not None:
        return Attribute("." + cls, None, offset)
    value = double if double is not None else single if single is not None else bare
    return Attribute(key, value, offset)


def get_inline_text(children: Sequence[Token]) -> str:
    """Return the plain text of inline tokens (emphasis marks dropped)."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def find_position(
    lines: Sequence[str], first: int, last: int, needle: str, line_offset: int
) -> tuple[int, int]:
    """Return the file (line, col) of ``needle`` between body lines first..last."""
    probe = needle.split("\n", 1)[0]
    for index in range(first, min(last, len(lines))):
        col = lines[index].find(probe) if probe else -1
        if col != -1:
            return index + line_offset, col + 1
    return first + line_offset, 1


def find_unsafe_markup(
    tokens: Sequence[Token], lines: Sequence[str], line_offset: int, path: str
) -> list[Diagnostic]:
    """Report raw HTML and unsafe link schemes anywhere in the token stream."""
    diagnostics: list[Diagnostic] = []
    for token in tokens:
        if token.type == "html_block" and token.map:
            html = token.content.strip().split("\n", 1)[0]
            line, col = find_position(
                lines, token.map[0], token.map[1], html, line_offset
            )
            diagnostics.append(make_diagnostic(path, line, col, "M001", html=html))
        elif token.type == "inline" and token.children and token.map:
            diagnostics.extend(check_inline_children(token, lines, line_offset, path))
    return diagnostics


def check_inline_children(
    token: Token, lines: Sequence[str], line_offset: int, path: str
) -> list[Diagnostic]:
    """Report raw HTML and unsafe links inside one inline token."""
    assert token.map is not None and token.children is not None
    first, last = token.map
    diagnostics: list[Diagnostic] = []
    for child in token.children:
        if child.type == "html_inline":
            line, col = find_position(lines, first, last, child.content, line_offset)
            diagnostics.append(
                make_diagnostic(path, line, col, "M001", html=child.content)
            )
        elif child.type in ("link_open", "image"):
            href = str(child.attrs.get("href", child.attrs.get("src", "")))
            if not is_safe_link(href):
                line, col = find_position(lines, first, last, href, line_offset)
                diagnostics.append(make_diagnostic(path, line, col, "M002", href=href))
    return diagnostics


def get_source_slice(lines: Sequence[str], first: int, last: int) -> str:
    """Return body lines first..last joined, without trailing blank lines."""
    return "\n".join(lines[first:last]).strip("\n")


def get_quote_text(lines: Sequence[str], first: int, last: int) -> str:
    """Return the Markdown inside a block quote, without the ``>`` marks."""
    text_lines = []
    for line in lines[first:last]:
        stripped = line.lstrip()
        if stripped.startswith(">"):
            stripped = stripped[1:]
            if stripped.startswith(" "):
                stripped = stripped[1:]
        text_lines.append(stripped)
    return "\n".join(text_lines).strip()


def slugify(title: str) -> str:
    """Return a lower-case id suggestion made from a heading's words."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug or "scene-id"


def find_attribute_problems(
    attributes: Attributes,
    allowed: Sequence[str],
    path: str,
    line: int,
    brace_col: int,
) -> list[Diagnostic]:
    """Report unreadable text and unknown names inside a ``{...}`` block.

    ``allowed`` holds names such as ``#``, ``.key`` or ``points``; ``points``
    also admits per-criterion names such as ``points.CSD-1.5``.
    """
    found: list[Diagnostic] = []
    if attributes.error_offset >= 0:
        col = brace_col + attributes.error_offset - attributes.offset
        found.append(make_diagnostic(path, line, col, "S026"))
    known = ", ".join(allowed)
    for item in attributes.items:
        if item.name in allowed or is_criterion_points(item.name, allowed):
            continue
        found.append(
            make_diagnostic(
                path,
                line,
                brace_col + 1 + item.offset,
                "S019",
                name=item.name,
                hint=f"known attributes here: {known}",
            )
        )
    return found


def is_criterion_points(name: str, allowed: Sequence[str]) -> bool:
    """Return whether ``name`` is ``points.<criterion>`` and points are allowed."""
    return "points" in allowed and name.startswith("points.") and len(name) > 7
