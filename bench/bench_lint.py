"""Benchmark: lint 500 generated scenarios of 40 scenes each.

Run with ``taskset -c 0 .venv/bin/python bench/bench_lint.py --runs 5``. Prints
the median lint time of several runs and its ratio to a baseline measured in
the same run: a plain markdown-it parse of the same files. It also says how
many files the line scanner read (the others go through markdown-it). The
target is at most 2 seconds on one core.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from course.authoring.frontmatter import split_front_matter
from course.authoring.scanner import scan_scenes
from course.loader import lint_paths

UNIT = """---
code: BEN
title: Benchmark unit
outcomes:
  - ref: "1"
    title: Escalate well
    criteria:
      - ref: "1.1"
        title: Escalate to the right person
---

## About {#about}
Text.
"""
ACTIONS = ("handle", "workaround", "escalate")
LADDER = ("colleague", "line-manager", "director")


def make_scenario(number: int, scene_count: int, rng: random.Random) -> str:
    """Return one scenario: a forward-only graph with flags and endings."""
    endings = 5
    lines = [
        "---",
        f"id: bench-{number}",
        f"title: Benchmark scenario {number}",
        "criteria: [BEN-1.1]",
        "pass_mark: 60",
        "ladder:",
        *(f"  - id: {person}\n    title: The {person}" for person in LADDER),
        "---",
        "",
    ]
    for index in range(scene_count):
        if index >= scene_count - endings:
            outcome = ("good", "mixed", "poor")[index % 3]
            lines += [
                f"## Ending {index} {{#s{index} outcome={outcome}}}",
                "The story ends here, one way or another.",
                "",
            ]
            continue
        setter = ' set="seen+=1"' if index % 7 == 3 else ""
        lines += [
            f"## Scene {index} {{#s{index}{setter}}}",
            f"Something happens in scene {index}. You must decide what to do.",
            "",
        ]
        lines += make_choices(index, scene_count, rng)
    return "\n".join(lines) + "\n"


def make_choices(index: int, scene_count: int, rng: random.Random) -> list[str]:
    """Return two or three choices leading to later scenes."""
    lines = []
    for choice in range(rng.choice((2, 3))):
        target = rng.randint(index + 1, min(index + 6, scene_count - 1))
        action = ACTIONS[(index + choice) % 3]
        extra = f" to={rng.choice(LADDER)}" if action == "escalate" else ""
        if choice == 2:
            extra += " if=seen"
        lines += [
            f"- [Option {choice} of scene {index}](#s{target})"
            f"{{action={action}{extra} points={rng.randint(-1, 3)}}}",
            f"  > Feedback for option {choice}: what follows, and why.",
            "",
        ]
    return lines


def write_files(root: Path, count: int, scene_count: int) -> Path:
    """Write the unit and ``count`` scenarios; return the scenarios folder."""
    rng = random.Random(20261204)
    (root / "content" / "units").mkdir(parents=True)
    (root / "content" / "units" / "ben.md").write_text(UNIT, encoding="utf-8")
    scenarios = root / "scenarios"
    scenarios.mkdir()
    for number in range(count):
        text = make_scenario(number, scene_count, rng)
        (scenarios / f"bench-{number:03}.md").write_text(text, encoding="utf-8")
    return scenarios


def time_baseline(files: list[Path]) -> float:
    """Return seconds to read the files and parse them with plain markdown-it."""
    parser = MarkdownIt("commonmark")
    started = time.perf_counter()
    for file in files:
        parser.parse(file.read_text(encoding="utf-8"))
    return time.perf_counter() - started


def time_block_phase(files: list[Path]) -> float:
    """Return seconds to read the files and run only markdown-it's block phase."""
    parser = MarkdownIt("commonmark")
    parser.disable(["inline", "text_join"])
    started = time.perf_counter()
    for file in files:
        parser.parse(file.read_text(encoding="utf-8"))
    return time.perf_counter() - started


def time_lint(scenarios: Path) -> float:
    """Return seconds to lint the folder, checking the result is clean."""
    started = time.perf_counter()
    report = lint_paths([scenarios])
    elapsed = time.perf_counter() - started
    if report.error_count:
        raise SystemExit(f"generated files have errors: {report.diagnostics[:3]}")
    return elapsed


def count_scanned(files: list[Path]) -> int:
    """Return how many of the files the line scanner reads without markdown-it."""
    count = 0
    for file in files:
        parts = split_front_matter(file.read_text(encoding="utf-8"))
        body = parts[1] if parts is not None else None
        if body is not None and scan_scenes(body, body.split("\n")) is not None:
            count += 1
    return count


def main() -> None:
    """Generate, lint several times, print medians and the ratio."""
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--files", type=int, default=500)
    options.add_argument("--scenes", type=int, default=40)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        scenarios = write_files(Path(folder), args.files, args.scenes)
        files = sorted(scenarios.glob("*.md"))
        baseline = statistics.median(time_baseline(files) for _ in range(args.runs))
        block = statistics.median(time_block_phase(files) for _ in range(args.runs))
        lint = statistics.median(time_lint(scenarios) for _ in range(args.runs))
        scanned = count_scanned(files)

    print(f"{args.files} scenarios x {args.scenes} scenes, median of {args.runs} runs")
    print(f"baseline (read + markdown-it parse): {baseline:.3f} s")
    print(f"markdown-it block phase only:        {block:.3f} s")
    print(f"lint:                                {lint:.3f} s")
    print(f"ratio lint / baseline:               {lint / baseline:.2f}")
    print(f"files read by the line scanner:      {scanned} of {len(files)}")
    print("target: lint <= 2.0 s:", "met" if lint <= 2.0 else "NOT met")


if __name__ == "__main__":
    main()
