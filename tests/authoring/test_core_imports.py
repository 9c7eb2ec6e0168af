"""The pure core loads no web, database, file-system or network code."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = (
    "flask",
    "sqlalchemy",
    "werkzeug",
    "requests",
    "urllib3",
    "httpx",
    "course.loader",
    "course.web",
    "course.store",
)
PROGRAM = """
import json, sys
import course.authoring, course.engine
import course.authoring.lint, course.engine.analysis
print(json.dumps(sorted(sys.modules)))
"""


def test_importing_the_core_loads_nothing_forbidden() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True
    )

    loaded = json.loads(result.stdout)

    bad = [m for m in loaded if m.split(".")[0] in FORBIDDEN or m in FORBIDDEN]
    assert "course.authoring.scenarios" in loaded
    assert bad == []
