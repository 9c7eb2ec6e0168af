"""Reading content files from disk into models, and linting files on disk.

This is the file-reading edge around the pure ``course.authoring`` core.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from course.authoring.codes import has_errors, make_diagnostic
from course.authoring.courses import parse_course
from course.authoring.lint import (
    FileResult,
    LintReport,
    Source,
    find_kind,
    lint_sources,
)
from course.authoring.model import ContentBundle, Course, Diagnostic, Scenario, Unit
from course.authoring.scenarios import parse_scenario
from course.authoring.serialise import find_schema_errors, to_plain
from course.authoring.source import decode_source
from course.authoring.units import parse_unit

logger = logging.getLogger(__name__)

Model = TypeVar("Model", Course, Unit, Scenario)


@dataclasses.dataclass(frozen=True)
class RawFile:
    """A file's path (as shown in diagnostics), text and content hash."""

    path: str
    text: str | None
    content_hash: str
    diagnostics: tuple[Diagnostic, ...] = ()


def read_file(path: Path) -> RawFile:
    """Read and decode one file, turning I/O and encoding problems into diagnostics."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        diagnostic = make_diagnostic(str(path), 1, 1, "E002", reason=reason)
        return RawFile(str(path), None, "", (diagnostic,))
    text, diagnostics = decode_source(data, str(path))
    digest = hashlib.sha256(data).hexdigest()
    return RawFile(str(path), text, digest, tuple(diagnostics))


def load_content(content_dir: Path, scenarios_dir: Path) -> ContentBundle:
    """Load the course, units and scenarios; broken files are reported and skipped."""
    diagnostics: list[Diagnostic] = []
    units = load_units(content_dir / "units", diagnostics)
    criteria = {c.id for unit in units.values() for c in unit.criteria}
    course = load_course(content_dir / "course.md", set(units), diagnostics)
    scenarios = load_scenarios(scenarios_dir, criteria, diagnostics)
    logger.debug("loaded %s units and %s scenarios", len(units), len(scenarios))
    return ContentBundle(course, units, scenarios, tuple(diagnostics))


def load_units(units_dir: Path, diagnostics: list[Diagnostic]) -> dict[str, Unit]:
    """Load every unit file, keyed by unit code; the first of a code wins."""
    units: dict[str, Unit] = {}
    for path in find_markdown(units_dir):
        unit = load_model(path, parse_unit, "unit", diagnostics)
        if unit is None:
            continue
        if unit.code in units:
            other = units[unit.code].path
            diagnostics.append(
                make_diagnostic(str(path), 2, 1, "L002", code=unit.code, other=other)
            )
            continue
        units[unit.code] = unit
    return units


def load_course(
    path: Path, unit_codes: set[str], diagnostics: list[Diagnostic]
) -> Course | None:
    """Load the course file, checking its unit codes against the loaded units."""

    def parse(text: str, name: str) -> tuple[Course | None, list[Diagnostic]]:
        return parse_course(text, name, known_units=unit_codes)

    return load_model(path, parse, "course", diagnostics)


def load_scenarios(
    scenarios_dir: Path, criteria: set[str], diagnostics: list[Diagnostic]
) -> dict[str, Scenario]:
    """Load every scenario file, keyed by id; the first of an id wins."""

    def parse(text: str, name: str) -> tuple[Scenario | None, list[Diagnostic]]:
        return parse_scenario(text, name, known_criteria=criteria)

    scenarios: dict[str, Scenario] = {}
    for path in find_markdown(scenarios_dir):
        scenario = load_model(path, parse, "scenario", diagnostics)
        if scenario is None:
            continue
        if scenario.id in scenarios:
            other = scenarios[scenario.id].path
            diagnostics.append(
                make_diagnostic(str(path), 2, 1, "L001", id=scenario.id, other=other)
            )
            continue
        scenarios[scenario.id] = scenario
    return scenarios


def find_markdown(folder: Path) -> list[Path]:
    """Return the Markdown files directly in ``folder``, sorted; none if missing."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.md") if path.is_file())


def load_model(
    path: Path,
    parse: Callable[[str, str], tuple[Model | None, list[Diagnostic]]],
    schema: str,
    diagnostics: list[Diagnostic],
) -> Model | None:
    """Read, parse and schema-check one file; None (and diagnostics) if broken."""
    raw = read_file(path)
    diagnostics.extend(raw.diagnostics)
    if raw.text is None:
        return None
    model, found = parse(raw.text, raw.path)
    diagnostics.extend(found)
    if model is None or has_errors(found):
        logger.warning("skipped %s: it has errors", raw.path)
        return None

    model = dataclasses.replace(model, path=raw.path, content_hash=raw.content_hash)
    problems = find_schema_errors(schema, to_plain(model))
    if problems:
        diagnostics.append(make_diagnostic(raw.path, 1, 1, "L003", problem=problems[0]))
        return None
    return model


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the Markdown files under them, keeping order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Dangling links are kept so that they are reported as unreadable.
            files += sorted(
                p for p in path.rglob("*.md") if p.is_file() or p.is_symlink()
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def find_default_units(files: Iterable[Path]) -> list[Unit]:
    """Load units from the content folder next to the linted files, if any."""
    for file in files:
        for folder in (file.parent, *file.parent.parents)[:3]:
            units_dir = folder / "content" / "units"
            if units_dir.is_dir():
                return list(load_units(units_dir, []).values())
    return []


def lint_paths(paths: list[Path], strict: bool = False) -> LintReport:
    """Lint files and folders; scenario criteria are checked against units found.

    Units are looked for among ``paths`` first, then in the ``content/units``
    folder next to them. With ``strict``, warnings make the report unclean.
    """
    files = collect_files(paths)
    sources: list[Source] = []
    unreadable: list[Diagnostic] = []
    for file in files:
        try:
            sources.append(Source(str(file), find_kind(str(file)), file.read_bytes()))
        except OSError as error:
            reason = error.strerror or type(error).__name__
            unreadable.append(make_diagnostic(str(file), 1, 1, "E002", reason=reason))

    has_units = any(source.kind == "unit" for source in sources)
    extra = [] if has_units else find_default_units(files)
    report = lint_sources(sources, extra)
    report.strict = strict
    add_unreadable(report, unreadable)
    return report


def add_unreadable(report: LintReport, diagnostics: list[Diagnostic]) -> None:
    """Add a result for each file that could not be read."""
    for diagnostic in diagnostics:
        report.files.append(FileResult(diagnostic.path, "scenario", [diagnostic]))
