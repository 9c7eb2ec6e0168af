"""Resuming an attempt after the server restarts and after the browser closes."""

from __future__ import annotations

from tests.browser.helpers import (
    REASON,
    attempt_id_of,
    find_best_path,
    get_attempt,
    sign_in,
    sign_up,
)


def take_step(page, index: int, key: bool) -> None:  # type: ignore[no-untyped-def]
    """Choose by clicking, giving a reason for a key decision."""
    page.locator(f"#choice-{index}").check()
    if key:
        page.get_by_label("Why do you choose this?").fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="Choose").click()


def test_an_attempt_resumes_exactly_after_a_restart_and_a_closed_browser(
    browser, context, page, server, server_db
):
    sign_up(page, "Rey Resume", "rey@example.org")
    page.goto("/scenarios/late-figures")
    page.get_by_role("button", name="Start the scenario").click()
    page.wait_for_url("**/attempts/*")
    attempt_id = attempt_id_of(page)
    path = find_best_path(server_db, "late-figures")
    for _, index, key in path[:2]:
        take_step(page, index, key)
    heading = page.locator("#scene-heading").inner_text()
    before = get_attempt(server_db, attempt_id)

    server.restart()
    page.reload()

    assert page.locator("#scene-heading").inner_text() == heading
    assert page.locator("input[name=step]").input_value() == "2"
    assert get_attempt(server_db, attempt_id) == before

    context.close()
    profile = browser.new_context(base_url=server.url)
    again = profile.new_page()
    try:
        sign_in(again, "rey@example.org")
        resume = again.get_by_role("region", name="Continue where you left off")
        resume.get_by_role("link", name="The figures that never arrived").click()
        again.wait_for_url(f"**/attempts/{attempt_id}")
        assert again.locator("#scene-heading").inner_text() == heading

        _, index, key = path[2]
        take_step(again, index, key)
        steps, _, chosen = get_attempt(server_db, attempt_id)
        assert steps == 3 and chosen == [i for _, i, _ in path[:3]]
    finally:
        profile.close()


def test_the_scenario_page_resumes_the_open_attempt(page):
    sign_up(page, "Ola Open", "ola@example.org")
    page.goto("/scenarios/quiet-colleague")
    page.get_by_role("button", name="Start the scenario").click()
    page.wait_for_url("**/attempts/*")
    attempt_url = page.url

    page.goto("/scenarios/quiet-colleague")
    page.get_by_role("button", name="Resume where you left off").click()
    page.wait_for_url("**/attempts/*")

    assert page.url == attempt_url
