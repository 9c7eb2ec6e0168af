"""Steps the browser tests share: signing up, keyboard moves, axe and reflow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from course.services.content import get_analysis, get_catalogue
from course.store.db import Database
from course.store.models import Attempt

REPO = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a long enough password"
REASON = "The agreed limit has passed, so the next level up is the right one."
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's own best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
MAX_TABS = 60


def sign_up(page: Any, name: str, email: str) -> None:
    """Create a learner account through the form, by mouse-free filling."""
    page.goto("/signup")
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/")


def sign_in(page: Any, email: str) -> None:
    """Sign in through the form."""
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def describe_focus(page: Any) -> dict[str, Any]:
    """What has keyboard focus: tag, id, type, name, value and text."""
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          return {tag: e.tagName.toLowerCase(), id: e.id, type: e.type || '',
                  name: e.name || '', value: e.value || '',
                  text: (e.innerText || '').trim().slice(0, 80)};
        }"""
    )


def tab_to(page: Any, matches: Any) -> dict[str, Any]:
    """Press Tab until ``matches(focus)`` holds; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = describe_focus(page)
        if matches(focus):
            return focus
    raise AssertionError(f"Tab never reached the element; last focus {focus}")


def follow_with_enter(page: Any) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def choose_by_keyboard(page: Any, choice_index: int, reason: str | None) -> None:
    """Pick a choice, give a reason if asked, and send it, with keys alone."""
    tab_to(page, lambda f: f["name"] == "choice")
    page.keyboard.press("Space")
    for _ in range(MAX_TABS):
        if page.evaluate("document.activeElement.value") == str(choice_index):
            break
        page.keyboard.press("ArrowDown")
    else:
        raise AssertionError(f"choice {choice_index} is not reachable with arrow keys")
    assert page.locator(f"#choice-{choice_index}").is_checked()

    if reason is not None:
        tab_to(page, lambda f: f["id"] == "justification")
        page.keyboard.type(reason)
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Choose")
    follow_with_enter(page)


def find_best_path(db: Database, scenario_key: str) -> list[tuple[str, int, bool]]:
    """The best path of a scenario: scene id, choice index, whether it is key."""
    version_id, scenario = get_catalogue(db).scenarios[scenario_key]
    return [
        (scene_id, index, scenario.scenes[scene_id].key)
        for scene_id, index in get_analysis(db, version_id).best_path
    ]


def get_attempt(db: Database, attempt_id: int) -> tuple[int, int, list[int]]:
    """An attempt's step count, score and chosen indexes, from the database."""
    with db.reading() as session:
        attempt = session.get(Attempt, attempt_id)
        assert attempt is not None
        return (
            attempt.step_count,
            attempt.score,
            [s.choice_index for s in attempt.steps],
        )


def attempt_id_of(page: Any) -> int:
    """The attempt id in the page's address (``/attempts/<id>``)."""
    return int(page.url.split("/attempts/")[1].split("/")[0].split("?")[0])


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page; return its violations in short form."""
    assert AXE_SCRIPT.exists(), f"{AXE_SCRIPT} is missing: run npm ci"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [n["target"] for n in v["nodes"]][:5],
        }
        for v in results["violations"]
    ]


def format_violations(violations: list[dict[str, Any]]) -> str:
    """Violations as readable JSON for an assertion message."""
    return json.dumps(violations, indent=2)


def measure_page_width(page: Any) -> int:
    """The page's scrolling width in CSS pixels (at most the viewport = reflows)."""
    return page.evaluate("document.documentElement.scrollWidth")


def find_wide_elements(page: Any, width: int) -> list[str]:
    """The innermost elements reaching past ``width`` CSS px, to say what to fix."""
    return page.evaluate(
        """(width) => Array.from(document.querySelectorAll('body *'))
          .filter(e => e.getBoundingClientRect().right > width + 1)
          .filter(e => !Array.from(e.children).some(
              c => c.getBoundingClientRect().right > width + 1))
          .slice(0, 8)
          .map(e => `${e.tagName.toLowerCase()}.${e.className} `
                    + `"${(e.innerText || '').trim().slice(0, 40)}"`)""",
        width,
    )
