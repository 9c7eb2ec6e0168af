"""Linting one folder of the broken-file catalogue, as text to compare."""

from __future__ import annotations

from pathlib import Path

from course.loader import lint_paths

HERE = Path(__file__).parent
BROKEN = HERE / "broken"
GOOD_UNITS = HERE / "good" / "units"


def find_fixtures() -> list[Path]:
    """Return every fixture folder of the catalogue."""
    return sorted(path for path in BROKEN.iterdir() if path.is_dir())


def lint_fixture(folder: Path) -> str:
    """Lint a fixture folder and render its diagnostics with relative paths.

    Folders named ``lone-...`` are linted alone; the others are linted
    together with the good units, so that their criteria can be checked.
    """
    paths = [folder] if folder.name.startswith("lone-") else [folder, GOOD_UNITS]
    report = lint_paths(paths)
    lines = []
    for diagnostic in report.diagnostics:
        if not diagnostic.path.startswith(str(folder)):
            continue
        lines.append(diagnostic.render().replace(str(folder) + "/", ""))
    return "\n".join(lines) + "\n"
