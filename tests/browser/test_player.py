"""The scenario player in a real browser: keyboard alone, back button, double submit."""

from __future__ import annotations

from course.services.content import get_catalogue
from tests.browser.helpers import (
    PASSWORD,
    REASON,
    attempt_id_of,
    choose_by_keyboard,
    describe_focus,
    find_best_path,
    follow_with_enter,
    get_attempt,
    sign_up,
    tab_to,
)

STALE_MESSAGE = "That choice was already made, so it was not counted again."


def is_link(text: str):  # type: ignore[no-untyped-def]
    """A focus test: a link whose text starts with ``text``."""
    return lambda f: f["tag"] == "a" and f["text"].startswith(text)


def is_field(field_id: str):  # type: ignore[no-untyped-def]
    """A focus test: the form control with this id."""
    return lambda f: f["id"] == field_id


def test_sign_up_and_play_to_a_debrief_with_the_keyboard_alone(page, server, server_db):
    scenario = get_catalogue(server_db).scenarios["late-figures"][1]
    page.goto("/")

    tab_to(page, is_link("Sign up"))
    follow_with_enter(page)
    assert page.url.endswith("/signup")
    for field_id, value in [
        ("name", "Kai Keyboard"),
        ("email", "kai@example.org"),
        ("password", PASSWORD),
        ("confirm", PASSWORD),
    ]:
        tab_to(page, is_field(field_id))
        page.keyboard.type(value)
    tab_to(page, lambda f: f["value"] == "Create account")
    follow_with_enter(page)
    assert page.url == f"{server.url}/"

    tab_to(page, is_link(scenario.title))
    follow_with_enter(page)
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Start the scenario")
    follow_with_enter(page)
    assert "/attempts/" in page.url

    for number, (scene_id, index, key) in enumerate(
        find_best_path(server_db, "late-figures")
    ):
        focus = describe_focus(page)
        assert focus["id"] == "scene-heading", f"step {number}: focus is on {focus}"
        assert focus["text"].startswith(scenario.scenes[scene_id].title)
        if number:
            described = page.locator("#scene-heading").get_attribute("aria-describedby")
            assert "feedback-text" in (described or "")
            assert page.locator("#feedback-text").is_visible()
        choose_by_keyboard(page, index, REASON if key else None)

    assert page.url.endswith("/debrief")
    assert describe_focus(page)["text"].startswith("Debrief")
    assert page.get_by_text("The best path", exact=True).is_visible()
    assert "passed" in page.locator(".result").inner_text()

    tab_to(page, is_link("Dashboard"))
    follow_with_enter(page)
    assert page.get_by_role("heading", name="What to do next").is_visible()


def test_back_button_and_a_replayed_form_never_count_twice(context, page, server_db):
    sign_up(page, "Bo Back", "bo@example.org")
    page.goto("/scenarios/service-outage")
    page.get_by_role("button", name="Start the scenario").click()
    page.wait_for_url("**/attempts/*")
    attempt_id = attempt_id_of(page)
    old_tab = context.new_page()
    old_tab.goto(page.url)
    first_heading = page.locator("#scene-heading").inner_text()

    page.locator("#choice-0").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Choose").click()
    after_first = get_attempt(server_db, attempt_id)
    current_heading = page.locator("#scene-heading").inner_text()
    assert after_first[0] == 1 and current_heading != first_heading

    page.go_back()
    page.wait_for_load_state()
    assert page.locator("input[name=step]").input_value() == "1"
    assert page.locator("#scene-heading").inner_text() == current_heading

    old_tab.locator("#choice-1").check()
    with old_tab.expect_navigation():
        old_tab.get_by_role("button", name="Choose").click()
    assert old_tab.get_by_text(STALE_MESSAGE).is_visible()
    assert describe_focus(old_tab)["id"] == "scene-heading"
    heading = old_tab.locator("#scene-heading")
    assert "flash-messages" in (heading.get_attribute("aria-describedby") or "")
    assert old_tab.locator("#scene-heading").inner_text() == current_heading
    assert get_attempt(server_db, attempt_id) == after_first


def test_a_double_click_takes_one_step(page, server_db):
    sign_up(page, "Di Double", "di@example.org")
    page.goto("/scenarios/supervisor-request")
    page.get_by_role("button", name="Start the scenario").click()
    page.wait_for_url("**/attempts/*")
    attempt_id = attempt_id_of(page)
    _, index, key = find_best_path(server_db, "supervisor-request")[0]
    assert not key

    page.locator(f"#choice-{index}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Choose").dblclick()
    page.wait_for_load_state()

    steps, _, chosen = get_attempt(server_db, attempt_id)
    assert (steps, chosen) == (1, [index])
    assert page.locator("input[name=step]").input_value() == "1"
    assert not page.get_by_text(STALE_MESSAGE).is_visible()


def test_the_player_works_without_javascript(browser, server, server_db):
    profile = browser.new_context(base_url=server.url, java_script_enabled=False)
    page = profile.new_page()
    try:
        sign_up(page, "Nia NoScript", "nia@example.org")
        page.goto("/scenarios/licence-key")
        page.get_by_role("button", name="Start the scenario").click()
        page.wait_for_url("**/attempts/*")
        attempt_id = attempt_id_of(page)
        path = find_best_path(server_db, "licence-key")

        for _, index, key in path[:2]:
            page.locator(f"#choice-{index}").check()
            if key:
                page.get_by_label("Why do you choose this?").fill(REASON)
            with page.expect_navigation():
                page.get_by_role("button", name="Choose").click()

        assert get_attempt(server_db, attempt_id)[2] == [i for _, i, _ in path[:2]]
    finally:
        profile.close()
