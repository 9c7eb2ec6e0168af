"""Rendering trainer Markdown safely."""

from __future__ import annotations

import re

import pytest

from course.authoring.render import is_safe_link, render_markdown

#: A link that leaves the course: any scheme other than http(s) or mailto,
#: or a host. (A percent-encoded tab makes "java%09script:" a harmless
#: relative path, which browsers never run.)
SCHEME_OR_HOST = re.compile(r"^(?!https?:|mailto:)[a-z][a-z0-9+.-]*:|^//", re.I)


def test_markdown_becomes_html() -> None:
    assert render_markdown("Some *words*.") == "<p>Some <em>words</em>.</p>\n"


def test_raw_html_is_escaped_not_passed_through() -> None:
    html = render_markdown("<script>alert(1)</script>\n\nA <b>bold</b> claim.")

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "vbscript:msgbox",
        "java\tscript:alert(1)",
        "//evil.example/x",
        "file:///etc",
    ],
)
def test_unsafe_links_are_not_rendered_as_links(url: str) -> None:
    html = render_markdown(f"[click](<{url}>)")

    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(SCHEME_OR_HOST.match(href) is None for href in hrefs)
    assert not is_safe_link(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a",
        "http://example.org",
        "mailto:help@example.org",
        "#start",
        "units/csd",
        "../guide",
    ],
)
def test_safe_links_are_rendered(url: str) -> None:
    html = render_markdown(f"[go]({url})")

    assert html.startswith('<p><a href="')
    assert is_safe_link(url)


def test_images_with_unsafe_sources_are_dropped() -> None:
    assert "<img" not in render_markdown("![x](data:image/png;base64,AAAA)")
