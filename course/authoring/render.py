"""Rendering trainer Markdown to HTML that is safe to put on a page."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_link(url: str) -> bool:
    """Return whether a link is http(s), mailto, or relative to the course."""
    # Browsers ignore control characters and spaces inside a scheme, so
    # "java\tscript:" must count as "javascript:".
    squeezed = INVISIBLE.sub("", url)
    match = SCHEME.match(squeezed)
    if match is None:
        return not squeezed.startswith("//") and not squeezed.startswith("\\")
    return match.group(1).lower() in SAFE_SCHEMES


def create_renderer() -> MarkdownIt:
    """Return a CommonMark renderer with raw HTML off and safe links only."""
    renderer = MarkdownIt("commonmark", {"html": False})
    renderer.validateLink = is_safe_link  # type: ignore[method-assign]
    return renderer


RENDERER = create_renderer()


def render_markdown(text: str) -> str:
    """Render trainer Markdown to HTML; raw HTML is escaped, unsafe links dropped."""
    return str(RENDERER.render(text))
