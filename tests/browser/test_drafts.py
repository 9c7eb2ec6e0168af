"""A written answer typed in the browser survives a lost session."""

from __future__ import annotations

from tests.browser.helpers import sign_in, sign_up

ANSWER = "I would write to my team leader with the facts and what I need."


def test_unsaved_answer_text_is_offered_back_after_the_session_ends(page, context):
    sign_up(page, "Dee Draft", "dee@example.org")
    page.goto("/units/ESC/tasks/task-email")
    page.get_by_label("Your answer").fill(ANSWER)

    context.clear_cookies()  # the session ends before the answer is saved
    page.get_by_role("button", name="Save draft").click()
    sign_in(page, "dee@example.org")
    page.goto("/units/ESC/tasks/task-email")

    assert page.get_by_label("Your answer").input_value() == ""
    page.get_by_role("button", name="Put the unsaved copy back in the box").click()
    assert page.get_by_label("Your answer").input_value() == ANSWER

    page.get_by_role("button", name="Save draft").click()
    page.reload()
    assert page.get_by_label("Your answer").input_value() == ANSWER
    assert page.get_by_text("This browser kept an unsaved copy").count() == 0


def test_an_unsent_key_decision_reason_is_offered_back(page, context, server_db):
    from tests.browser.helpers import find_best_path

    sign_up(page, "Kit Reason", "kit@example.org")
    page.goto("/scenarios/unsafe-practice")
    page.get_by_role("button", name="Start the scenario").click()
    steps = find_best_path(server_db, "unsafe-practice")
    assert steps[0][2], "the first scene of unsafe-practice is a key decision"
    page.locator("#justification").fill("Residents could be hurt, so it cannot wait.")

    context.clear_cookies()
    sign_in(page, "kit@example.org")
    page.goto("/scenarios/unsafe-practice")
    page.get_by_role("button", name="Resume where you left off").click()
    page.get_by_role("button", name="Put the unsaved copy back in the box").click()

    assert page.locator("#justification").input_value() == (
        "Residents could be hurt, so it cannot wait."
    )
