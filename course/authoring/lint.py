"""The linter: every check on a set of content files, as one report.

Pure: callers hand over file paths and bytes (see ``course.loader`` for the
reading). Each diagnostic has a stable code listed in :data:`CODES`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from course.authoring.codes import CODES, has_errors, make_diagnostic
from course.authoring.courses import parse_course
from course.authoring.model import Course, Diagnostic, Scenario, Unit
from course.authoring.scenarios import check_scenario_text
from course.authoring.source import decode_source
from course.authoring.units import parse_unit
from course.engine.analysis import Analysis

__all__ = [
    "CODES",
    "FileResult",
    "LintReport",
    "Source",
    "decode_source",
    "find_kind",
    "lint_sources",
]

Kind = Literal["course", "unit", "scenario"]


@dataclass(frozen=True)
class Source:
    """One file handed to the linter: its path, kind and raw bytes."""

    path: str
    kind: Kind
    data: bytes


@dataclass
class FileResult:
    """What the linter found in one file."""

    path: str
    kind: Kind
    diagnostics: list[Diagnostic] = field(default_factory=list)
    model: Course | Unit | Scenario | None = None
    text: str | None = None
    #: Set for scenarios that parsed without errors.
    analysis: Analysis | None = None

    def is_clean(self, *, strict: bool = False) -> bool:
        """Return whether the file has no errors (and no warnings if strict)."""
        if strict:
            return not self.diagnostics
        return not has_errors(self.diagnostics)


@dataclass
class LintReport:
    """Results for every linted file, in the order given."""

    files: list[FileResult] = field(default_factory=list)
    #: Whether warnings count against the report (``--strict``).
    strict: bool = False

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of every file."""
        return [d for result in self.files for d in result.diagnostics]

    @property
    def error_count(self) -> int:
        """How many diagnostics are errors."""
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warning_count(self) -> int:
        """How many diagnostics are warnings."""
        return sum(1 for d in self.diagnostics if d.severity == "warning")

    def is_clean(self, *, strict: bool | None = None) -> bool:
        """Return whether the report has no errors (and no warnings if strict)."""
        strict = self.strict if strict is None else strict
        return all(result.is_clean(strict=strict) for result in self.files)


def find_kind(path: str) -> Kind:
    """Guess a file's kind from its path: course.md, a units folder, or scenario."""
    parts = path.replace("\\", "/").split("/")
    if parts[-1] == "course.md":
        return "course"
    if len(parts) > 1 and parts[-2] == "units":
        return "unit"
    return "scenario"


def lint_sources(
    sources: Sequence[Source], extra_units: Iterable[Unit] = ()
) -> LintReport:
    """Lint files together: units first, so scenarios and the course see them.

    ``extra_units`` are units found elsewhere (such as the default content
    folder) that scenario criteria may refer to.
    """
    results = {source.path: decode_file(source) for source in sources}
    units = lint_units(sources, results)
    known_units = [*units, *extra_units]
    criteria = (
        {c.id for unit in known_units for c in unit.criteria} if known_units else None
    )
    codes = {unit.code for unit in known_units} if known_units else None

    for source in sources:
        result = results[source.path]
        if result.text is None:
            continue
        if source.kind == "scenario":
            lint_scenario_file(result, result.text, criteria)
        elif source.kind == "course":
            result.model, found = parse_course(
                result.text, source.path, known_units=codes
            )
            result.diagnostics += found
    report_duplicates(list(results.values()))
    return LintReport(list(results.values()))


def decode_file(source: Source) -> FileResult:
    """Decode a file's bytes, recording an E001 diagnostic if they are not UTF-8."""
    text, diagnostics = decode_source(source.data, source.path)
    return FileResult(source.path, source.kind, diagnostics, text=text)


def lint_units(sources: Sequence[Source], results: dict[str, FileResult]) -> list[Unit]:
    """Parse every unit file; return the units that parsed."""
    units: list[Unit] = []
    for source in sources:
        result = results[source.path]
        if source.kind != "unit" or result.text is None:
            continue
        unit, found = parse_unit(result.text, source.path)
        result.diagnostics += found
        result.model = unit
        if unit is not None:
            units.append(unit)
    return units


def lint_scenario_file(
    result: FileResult, text: str, criteria: Collection[str] | None
) -> None:
    """Parse and check one scenario, analysing it if it is clean."""
    scenario, found, analysis = check_scenario_text(
        text, result.path, known_criteria=criteria, report_unchecked_criteria=True
    )
    result.diagnostics += found
    result.model = scenario
    result.analysis = analysis


def report_duplicates(results: Sequence[FileResult]) -> None:
    """Report scenario ids and unit codes used by more than one file."""
    owners: dict[tuple[str, str], str] = {}
    for result in results:
        key = model_key(result)
        if key is None:
            continue
        if key in owners:
            code = "L001" if key[0] == "scenario" else "L002"
            values = {"id": key[1]} if code == "L001" else {"code": key[1]}
            line = find_setting_line(
                result.text or "", "id" if code == "L001" else "code"
            )
            result.diagnostics.append(
                make_diagnostic(result.path, line, 1, code, other=owners[key], **values)
            )
            result.model = None
            continue
        owners[key] = result.path


def model_key(result: FileResult) -> tuple[str, str] | None:
    """Return (kind, id) for a parsed scenario or unit, else None."""
    if isinstance(result.model, Scenario):
        return ("scenario", result.model.id)
    if isinstance(result.model, Unit):
        return ("unit", result.model.code)
    return None


def find_setting_line(text: str, key: str) -> int:
    """Return the line of a top-level front-matter setting, or 1."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(key + ":"):
            return number
    return 1
