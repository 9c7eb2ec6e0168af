"""Which characters no installed font can draw, so a name can be refused on entry.

Coverage comes from fontconfig, the same library WeasyPrint asks when it picks a
font and falls back to another: ``fc-list`` prints each font's character set as
hexadecimal ranges from fontconfig's cache, which takes milliseconds. It is read
once per process and kept as sorted, merged ranges searched by bisection.
"""

from __future__ import annotations

import bisect
import functools
import logging
import shutil
import subprocess
import unicodedata

logger = logging.getLogger(__name__)

#: Characters that are never drawn as glyphs, so no font needs to contain them.
INVISIBLE_CATEGORIES = ("Zs",)
INVISIBLE_CHARACTERS = frozenset("\u200c\u200d\u200e\u200f")


class FontCoverageError(RuntimeError):
    """fontconfig could not be asked which characters the installed fonts draw."""


def find_undrawable_characters(text: str) -> list[str]:
    """Return each distinct character of ``text`` that no installed font can draw.

    Characters come back once each, in order of first appearance.
    """
    starts, ends = load_installed_coverage()
    found: list[str] = []
    for character in dict.fromkeys(text):
        if is_invisible(character):
            continue
        if not is_in_ranges(ord(character), starts, ends):
            found.append(character)
    return found


def describe_character(character: str) -> str:
    """Return a character's code point and name, e.g. ``U+1F600 GRINNING FACE``."""
    code_point = f"U+{ord(character):04X}"
    name = unicodedata.name(character, "")
    if name:
        return f"{code_point} {name}"
    category = unicodedata.category(character)
    if category == "Co":
        return f"{code_point} (private-use character)"
    if category == "Cn":
        return f"{code_point} (unassigned code point)"
    return f"{code_point} (control or format character)"


def is_invisible(character: str) -> bool:
    """Return whether ``character`` is white space or a joiner, never a glyph."""
    if character in INVISIBLE_CHARACTERS:
        return True
    return unicodedata.category(character) in INVISIBLE_CATEGORIES


def is_in_ranges(code_point: int, starts: list[int], ends: list[int]) -> bool:
    """Return whether ``code_point`` lies in one of the merged, sorted ranges."""
    index = bisect.bisect_right(starts, code_point) - 1
    return index >= 0 and code_point <= ends[index]


@functools.cache
def load_installed_coverage() -> tuple[list[int], list[int]]:
    """Return the merged range starts and ends of every installed font's charset."""
    listing = run_fc_list()
    ranges = sorted(parse_charset_ranges(listing))
    starts: list[int] = []
    ends: list[int] = []
    for start, end in ranges:
        if ends and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
            continue
        starts.append(start)
        ends.append(end)
    logger.debug("loaded font coverage: %d ranges", len(starts))
    return starts, ends


def run_fc_list() -> str:
    """Return fontconfig's charset listing, one installed font per line."""
    program = shutil.which("fc-list")
    if program is None:
        raise FontCoverageError("fc-list was not found; install the fontconfig package")
    completed = subprocess.run(
        [program, "--format", "%{charset}\\n"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    if completed.returncode != 0 or not completed.stdout.strip():
        raise FontCoverageError(
            f"fc-list listed no font coverage (exit {completed.returncode}); "
            "check that fonts are installed"
        )
    return completed.stdout


def parse_charset_ranges(listing: str) -> list[tuple[int, int]]:
    """Return ``(first, last)`` code points from fontconfig charset text.

    fontconfig writes a charset as space-separated hexadecimal code points and
    ranges, such as ``20-7e a0 100-17f``.
    """
    ranges: list[tuple[int, int]] = []
    for item in listing.split():
        first, _, last = item.partition("-")
        start = int(first, 16)
        ranges.append((start, int(last, 16) if last else start))
    return ranges
