"""How easy a unit or scenario is to read: the Flesch reading ease of its prose.

textstat's own figure counts syllables with the CMU pronouncing dictionary, an
NLTK download that our machines cannot fetch (textstat would try the network
in the middle of a command). So the Flesch formula is applied here with
textstat's sentence count and syllables counted by pyphen's hyphenation, as
textstat itself does for words the dictionary lacks. The figure is then the
same on every machine and needs no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import pyphen  # type: ignore[import-untyped]  # pyphen ships no type hints
from markdown_it import MarkdownIt
from markdown_it.token import Token

from course.authoring.model import Scenario, Unit

ATTRIBUTE_BLOCK = re.compile(r"\{[^{}]*\}")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
SENTENCE_END = ".!?:;\"'”’)"
#: Raw HTML is recognised so that its tags are left out of the words.
PROSE_PARSER = MarkdownIt("commonmark")


@cache
def get_hyphenator() -> pyphen.Pyphen:
    """Return the English hyphenation dictionary, loaded on first use."""
    return pyphen.Pyphen(lang="en_US")


def measure_reading_ease(text: str) -> float:
    """Return the Flesch reading ease of plain English ``text`` (0.0 if no words).

    60 to 70 is plain English for a general adult audience; higher is easier.
    """
    words = WORD.findall(text)
    if not words:
        return 0.0
    # Imported here: textstat loads NLTK, which is slow and brings network code.
    import textstat  # type: ignore[import-untyped]  # textstat ships no types

    hyphenator = get_hyphenator()
    sentences = max(1, int(textstat.sentence_count(text)))
    syllables = sum(len(hyphenator.positions(word.lower())) + 1 for word in words)
    return 206.835 - 1.015 * len(words) / sentences - 84.6 * syllables / len(words)


def get_plain_text(markdown: str) -> str:
    """Return the words of a Markdown text, one block (paragraph, item) a line.

    Markup, link targets and ``{...}`` attribute blocks are dropped. A block
    without closing punctuation, such as a heading or a list item, ends with a
    full stop, so that it counts as a sentence of its own.
    """
    blocks = []
    for token in PROSE_PARSER.parse(markdown):
        if token.type != "inline":
            continue
        words = "".join(find_inline_words(token.children or []))
        words = ATTRIBUTE_BLOCK.sub("", words).strip()
        if not words:
            continue
        if words[-1] not in SENTENCE_END:
            words += "."
        blocks.append(words)
    return "\n".join(blocks)


def find_inline_words(children: Iterable[Token]) -> Iterable[str]:
    """Yield the text of inline tokens; line breaks become spaces."""
    for child in children:
        if child.type in ("text", "code_inline"):
            yield child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield " "


def get_prose(model: Unit | Scenario) -> str:
    """Return everything a learner reads in a unit or scenario, as plain text."""
    parts: list[str] = []
    if isinstance(model, Unit):
        for section in model.sections:
            parts += [section.title, section.body]
        for check in model.checks:
            parts += [check.title, check.prompt]
            for option in check.options:
                parts += [option.text, option.feedback]
    else:
        for scene in model.scenes.values():
            parts += [scene.title, scene.body]
            for choice in scene.choices:
                parts += [choice.text, choice.feedback]
    return "\n".join(get_plain_text(part) for part in parts)
