"""Turning file bytes into text the parsers accept.

Pure: the caller reads the file; this module only looks at the bytes.
"""

from __future__ import annotations

from course.authoring.codes import make_diagnostic
from course.authoring.model import Diagnostic

BOM = "\ufeff"


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and turn CRLF or CR line ends into LF."""
    if text.startswith(BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_source(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 bytes; on failure name the line and column of the bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [locate_bad_byte(data, error.start, path)]

    return normalise_text(text), []


def locate_bad_byte(data: bytes, offset: int, path: str) -> Diagnostic:
    """Return the E001 diagnostic for the undecodable byte at ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    prefix = data[line_start:offset].decode("utf-8", errors="replace")
    col = len(prefix) + 1
    return make_diagnostic(path, line, col, "E001", column=col)
