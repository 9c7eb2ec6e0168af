"""The outline of a scenario's body: scenes, their blocks and their list items.

Scenario parsing needs no more of the Markdown structure than this. It is read
here from markdown-it's token stream; :mod:`course.authoring.scanner` reads the
same outline straight from the lines of files written in the plain shapes, and
a property test holds the two readings to the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from course.authoring.markdown import get_inline_text, get_quote_text, get_source_slice


@dataclass(slots=True)
class LeadingLink:
    """The link that opens a list item, the way a choice is written."""

    #: The item's first paragraph as written, stripped: link, then ``{...}``.
    content: str
    #: The link's text, markup dropped.
    text: str
    href: str


@dataclass(slots=True)
class ListItem:
    """One item of a bullet list directly in a scene."""

    #: 0-based index of the item's first line in the body.
    line: int
    #: None when the item does not start with a link.
    link: LeadingLink | None
    #: The text of the first quote directly in the item, or None.
    feedback: str | None


@dataclass(slots=True)
class Block:
    """One top-level block of a scene: a paragraph, a list, a quote..."""

    #: The block's Markdown, without the blank lines around it.
    source: str
    #: The items when the block is a bullet list, else None.
    items: tuple[ListItem, ...] | None = None


@dataclass(slots=True)
class SceneOutline:
    """A top-level ``##`` heading and the blocks up to the next one."""

    #: The heading's text as written, with its ``{...}`` block.
    heading: str
    #: 0-based index of the heading line in the body.
    line: int
    blocks: list[Block]


def read_token_outline(
    tokens: Sequence[Token], lines: Sequence[str]
) -> list[SceneOutline]:
    """Return the scenes of a token stream; blocks before the first are dropped."""
    scenes: list[SceneOutline] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if is_scene_heading(token):
            inline = tokens[index + 1]
            assert inline.map is not None
            scenes.append(SceneOutline(inline.content, inline.map[0], []))
            index += 3
            continue

        end = find_block_end(tokens, index)
        if scenes and token.map is not None and token.level == 0:
            scenes[-1].blocks.append(read_block(tokens, index, end, lines))
        index = end
    return scenes


def is_scene_heading(token: Token) -> bool:
    """Return whether the token opens a ``##`` heading outside lists and quotes."""
    return token.type == "heading_open" and token.tag == "h2" and token.level == 0


def find_block_end(tokens: Sequence[Token], index: int) -> int:
    """Return the index after the block that starts at ``index``."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth <= 0:
            return position + 1
    return len(tokens)


def read_block(
    tokens: Sequence[Token], start: int, end: int, lines: Sequence[str]
) -> Block:
    """Return one top-level block, with its items if it is a bullet list."""
    token = tokens[start]
    assert token.map is not None
    source = get_source_slice(lines, *token.map)
    if token.type != "bullet_list_open":
        return Block(source)
    items = tuple(
        read_item(tokens, position, find_block_end(tokens, position), lines)
        for position in range(start, end)
        if tokens[position].type == "list_item_open" and tokens[position].level == 1
    )
    return Block(source, items)


def read_item(
    tokens: Sequence[Token], start: int, end: int, lines: Sequence[str]
) -> ListItem:
    """Return a list item: its line, leading link and feedback quote."""
    item = tokens[start]
    assert item.map is not None
    feedback = None
    for token in tokens[start:end]:
        if token.type == "blockquote_open" and token.level == 2 and token.map:
            feedback = get_quote_text(lines, *token.map)
            break
    return ListItem(item.map[0], read_leading_link(tokens, start), feedback)


def read_leading_link(tokens: Sequence[Token], item_index: int) -> LeadingLink | None:
    """Return the link that starts the item's first inline text, or None."""
    if item_index + 2 >= len(tokens):
        return None
    inline = tokens[item_index + 2]
    children = inline.children or []
    if inline.type != "inline" or not children or children[0].type != "link_open":
        return None

    text_tokens: list[Token] = []
    for child in children[1:]:
        if child.type == "link_close":
            break
        text_tokens.append(child)
    href = str(children[0].attrs.get("href", ""))
    return LeadingLink(inline.content, get_inline_text(text_tokens).strip(), href)
