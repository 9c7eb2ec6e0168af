"""A fast reader for scenario bodies written only in the plain shapes of a scene.

Most scenes are a ``##`` heading, paragraphs of plain prose, and a list of
choices, each a single link line with one quote of feedback under it. For such
a body CommonMark leaves no room for doubt, so the outline can be read line by
line, far faster than markdown-it's block phase. Anything else (indented or
lazy lines, other markers, raw HTML, brackets in prose, tabs) makes
:func:`scan_scenes` answer None, and the caller parses with markdown-it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from course.authoring.markdown import PLAIN_CHOICE
from course.authoring.outline import Block, LeadingLink, ListItem, SceneOutline

#: Characters that send a body to markdown-it: raw HTML, control characters,
#: and every white space but the plain space, which CommonMark treats apart.
UNUSUAL = re.compile(r"[<\x00-\x09\x0b-\x1f\x7f]|[^\S \n]")
#: Openings of a line that CommonMark could read as something else than prose:
#: an ordered list item, or a thematic break made of ``*`` or ``_``.
NUMBERED = re.compile(r"\d+[.)]")
EMPHASIS_START = "*_"
PROSE_START = "\"'(“‘"
ITEM = "- "
QUOTE = "  > "
HEADING = "## "


def scan_scenes(body: str, lines: Sequence[str]) -> list[SceneOutline] | None:
    """Return the outline of a plain body, or None if markdown-it must read it."""
    if UNUSUAL.search(body):
        return None
    scenes: list[SceneOutline] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
        elif line.startswith(HEADING):
            title = read_heading(line)
            if title is None:
                return None
            scenes.append(SceneOutline(title, index, []))
            index += 1
        elif not scenes:
            return None
        else:
            block, index = scan_block(lines, index)
            if block is None:
                return None
            scenes[-1].blocks.append(block)
    return scenes


def read_heading(line: str) -> str | None:
    """Return the text of a plain ``##`` heading line, or None."""
    title = line[len(HEADING) :].strip()
    if not title or title.endswith("#") or "[" in title:
        return None
    return title


def scan_block(lines: Sequence[str], index: int) -> tuple[Block | None, int]:
    """Read the paragraph or list at ``index``; None if it is not plain."""
    if lines[index].startswith(ITEM):
        return scan_list(lines, index)
    if not is_prose(lines[index]):
        return None, index

    start = index
    while index < len(lines) and is_prose(lines[index]):
        index += 1
    if not ends_block(lines, index):
        return None, index
    return Block(get_source(lines, start, index)), index


def scan_list(lines: Sequence[str], index: int) -> tuple[Block | None, int]:
    """Read a bullet list of plain items, blank lines allowed between them."""
    start = index
    items: list[ListItem] = []
    while True:
        item, index = scan_item(lines, index)
        if item is None:
            return None, index
        items.append(item)
        end = index
        while index < len(lines) and not lines[index]:
            index += 1
        if index >= len(lines) or not lines[index].startswith(ITEM):
            return Block(get_source(lines, start, end), tuple(items)), end


def scan_item(lines: Sequence[str], index: int) -> tuple[ListItem | None, int]:
    """Read one item: a choice link or plain text, then quotes under it."""
    start = index
    content = lines[index][len(ITEM) :].rstrip(" ")
    link = read_plain_link(content)
    if link is None and not is_prose(content):
        return None, index

    index += 1
    feedback = None
    while True:
        probe = index
        while probe < len(lines) and not lines[probe]:
            probe += 1
        if probe >= len(lines) or not lines[probe].startswith(QUOTE):
            break
        quote_start = probe
        index = probe
        while index < len(lines) and lines[index].startswith(QUOTE):
            if not is_prose(lines[index][len(QUOTE) :]):
                return None, index
            index += 1
        if feedback is None:
            feedback = get_quote(lines, quote_start, index)

    if not ends_block(lines, index) or is_indented_after_blank(lines, index):
        return None, index
    return ListItem(start, link, feedback), index


def read_plain_link(content: str) -> LeadingLink | None:
    """Return the choice link of a plain choice line, or None."""
    match = PLAIN_CHOICE.fullmatch(content)
    if match is None:
        return None
    return LeadingLink(content, match.group("text").strip(), match.group("href"))


def is_prose(text: str) -> bool:
    """Return whether a line is plain prose that cannot start any other block."""
    if not text or "[" in text:
        return False
    first = text[0]
    if first.isalpha() or first in PROSE_START:
        return True
    if first.isdigit():
        return NUMBERED.match(text) is None
    if first in EMPHASIS_START:
        return len(text) > 1 and text[1] != " " and any(c.isalnum() for c in text)
    return False


def ends_block(lines: Sequence[str], index: int) -> bool:
    """Return whether the line at ``index`` cleanly ends the block before it."""
    if index >= len(lines):
        return True
    line = lines[index]
    return not line or line.startswith(HEADING) or line.startswith(ITEM)


def is_indented_after_blank(lines: Sequence[str], index: int) -> bool:
    """Return whether blank lines at ``index`` lead to an indented line."""
    while index < len(lines) and not lines[index]:
        index += 1
    return index < len(lines) and lines[index].startswith(" ")


def get_source(lines: Sequence[str], start: int, end: int) -> str:
    """Return lines start..end as one text."""
    return "\n".join(lines[start:end])


def get_quote(lines: Sequence[str], start: int, end: int) -> str:
    """Return the text of quote lines start..end, without their marks."""
    return "\n".join(line[len(QUOTE) :] for line in lines[start:end]).strip()
