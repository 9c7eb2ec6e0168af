"""The scenario player through the test client: fair, idempotent, policy-aware."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.loader import load_content
from course.services.content import publish_bundle
from course.services.progress import get_learner_progress
from course.store.models import Attempt, Step
from tests.web.journey import csrf_token, post_form, sign_up

REPO = Path(__file__).resolve().parents[2]
REASON = "The order is mine to check, and the courier can answer fastest."

DRILL = """\
---
id: drill
title: A short drill
summary: A late parcel; one key decision, then one more.
criteria: [ESC-1.2]
pass_mark: 60
feedback: {feedback}
attempts: {attempts}
score_policy: {policy}
ladder:
  - id: lead
    title: Kim, your team lead
  - id: head
    title: The head of department
---

## The parcel is late {{#start .key}}
A customer rings: her parcel is two days late.

- [Look up the order and ring the courier](#promise){{action=handle points=2}}
  > You own the order, so checking it first is proportionate.
- [Pass it straight up to the head](#promise){{action=escalate to=head points=0}}
  > That skips your team lead for a question you can answer yourself.

## A promise to keep {{#promise}}
The courier promises delivery tomorrow.

- [Tell the customer the new date and note it](#kept){{action=handle points=2}}
  > Clear and recorded: the next person can see what was promised.
- [Say nothing until it arrives](#silent){{action=handle points=0}}
  > She is left to ring again and wonder.

## Delivered {{#kept outcome=good}}
The parcel arrives, and the customer thanks you.

## Another call {{#silent outcome=poor}}
The customer rings back, crosser than before.
"""


def publish_drill(
    db,
    tmp_path: Path,
    *,
    policy: str = "best",
    attempts: int = 3,
    feedback: str = "immediate",
) -> None:  # type: ignore[no-untyped-def]
    """Publish the drill scenario with the given retry settings."""
    folder = tmp_path / "drill-scenarios"
    folder.mkdir(exist_ok=True)
    text = DRILL.format(policy=policy, attempts=attempts, feedback=feedback)
    (folder / "drill.md").write_text(text, encoding="utf-8")
    bundle = load_content(REPO / "content", folder)
    assert not [d for d in bundle.diagnostics if d.severity == "error"], (
        bundle.diagnostics
    )
    publish_bundle(db, bundle)


@pytest.fixture
def learner(client):  # type: ignore[no-untyped-def]
    """A signed-in learner."""
    assert sign_up(client, "Pat Learner", "pat@example.org").status_code == 302
    return client


def start(client) -> str:  # type: ignore[no-untyped-def]
    """Start (or resume) the drill; return the attempt's URL."""
    response = post_form(
        client, "/scenarios/drill/start", {}, form_page="/scenarios/drill"
    )
    assert response.status_code == 302
    return response.headers["Location"]


def choose(client, url: str, step: int, choice: int, reason: str = REASON):  # type: ignore[no-untyped-def]
    """Send one step of the drill from the attempt's page."""
    data = {"step": str(step), "choice": str(choice), "justification": reason}
    return post_form(client, url, data, form_page=url)


def play(client, choices: tuple[int, int]) -> str:  # type: ignore[no-untyped-def]
    """Play one whole attempt with ``choices``; return its URL."""
    url = start(client)
    for number, choice in enumerate(choices):
        assert choose(client, url, number, choice).status_code == 303
    return url


def attempt_row(db, url: str) -> tuple[Attempt, list[Step]]:  # type: ignore[no-untyped-def]
    """The attempt behind ``url`` and its steps, straight from the database."""
    attempt_id = int(url.rstrip("/").split("/")[-1])
    with db.reading() as session:
        attempt = session.get(Attempt, attempt_id)
        return attempt, list(attempt.steps)


def test_a_replayed_step_is_refused_and_shows_the_current_scene(learner, db, tmp_path):
    publish_drill(db, tmp_path)
    url = start(learner)
    old_token = csrf_token(learner, url)
    assert choose(learner, url, 0, 0).status_code == 303

    replay = learner.post(
        url,
        data={
            "csrf_token": old_token,
            "step": "0",
            "choice": "1",
            "justification": REASON,
        },
    )

    page = replay.get_data(as_text=True)
    assert replay.status_code == 409
    assert "already made, so it was not counted again" in page
    assert "A promise to keep" in page  # the current scene, not the old one
    assert 'name="step" value="1"' in page
    attempt, steps = attempt_row(db, url)
    assert attempt.score == 2
    assert [(s.number, s.choice_index) for s in steps] == [(0, 0)]


def test_a_double_submit_counts_once(learner, db, tmp_path):
    publish_drill(db, tmp_path)
    url = start(learner)
    token = csrf_token(learner, url)
    data = {"csrf_token": token, "step": "0", "choice": "0", "justification": REASON}

    first = learner.post(url, data=data)
    second = learner.post(url, data=data)

    assert first.status_code == 303
    assert second.status_code == 409
    attempt, steps = attempt_row(db, url)
    assert attempt.step_count == 1 and attempt.score == 2 and len(steps) == 1


def test_a_step_on_a_finished_attempt_changes_nothing(learner, db, tmp_path):
    publish_drill(db, tmp_path)
    url = start(learner)
    token = csrf_token(learner, url)
    assert choose(learner, url, 0, 0).status_code == 303
    assert choose(learner, url, 1, 0).status_code == 303
    before, _ = attempt_row(db, url)

    replay = learner.post(url, data={"csrf_token": token, "step": "1", "choice": "1"})

    assert replay.status_code == 409
    assert "already made" in replay.get_data(as_text=True)
    after, steps = attempt_row(db, url)
    assert (after.score, after.percent, len(steps)) == (before.score, before.percent, 2)
    assert steps[1].choice_index == 0


def test_the_back_button_fetches_the_current_scene(learner, db, tmp_path):
    publish_drill(db, tmp_path)
    url = start(learner)
    assert choose(learner, url, 0, 0).status_code == 303

    page = learner.get(url)

    assert page.headers["Cache-Control"] == "no-store"
    assert "A promise to keep" in page.get_data(as_text=True)


def test_a_key_decision_needs_a_reason(learner, db, tmp_path):
    publish_drill(db, tmp_path)
    url = start(learner)

    refused = choose(learner, url, 0, 0, reason="   ")

    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "This is a key decision" in page
    assert 'aria-invalid="true"' in page
    assert 'id="choice-0" value="0" required checked' in page  # the pick is kept
    attempt, steps = attempt_row(db, url)
    assert attempt.step_count == 0 and steps == []

    assert choose(learner, url, 0, 0).status_code == 303
    _, steps = attempt_row(db, url)
    assert steps[0].justification == REASON


def test_immediate_feedback_follows_a_choice(learner, db, tmp_path):
    publish_drill(db, tmp_path)
    url = start(learner)
    choose(learner, url, 0, 1)

    page = learner.get(url).get_data(as_text=True)

    assert "Feedback on your last choice" in page
    assert "That skips your team lead" in page
    assert "You skipped 1 level of the ladder." in page
    assert "Escalate: The head of department" in page  # action and person as text


def test_debrief_mode_holds_feedback_until_the_end(learner, db, tmp_path):
    publish_drill(db, tmp_path, feedback="debrief")
    url = start(learner)
    choose(learner, url, 0, 1)

    playing = learner.get(url).get_data(as_text=True)
    assert "Feedback on your last choice" not in playing
    assert "That skips your team lead" not in playing

    choose(learner, url, 1, 0)
    debrief = learner.get(f"{url}/debrief").get_data(as_text=True)
    assert "That skips your team lead" in debrief
    assert "The best path chooses differently here." in debrief
    assert "escalated to here, skipping 1 level" in debrief


def test_attempts_stop_at_the_limit(learner, db, tmp_path):
    publish_drill(db, tmp_path, attempts=2)
    play(learner, (0, 0))
    play(learner, (1, 1))

    page = learner.get("/scenarios/drill").get_data(as_text=True)
    refused = post_form(
        learner, "/scenarios/drill/start", {}, form_page="/scenarios/drill"
    )

    assert "You have used every attempt" in page
    assert "Start the scenario" not in page
    assert refused.status_code == 400
    assert "You have used all 2 attempts" in refused.get_data(as_text=True)
    with db.reading() as session:
        assert session.query(Attempt).count() == 2


def test_starting_twice_resumes_the_open_attempt(learner, db, tmp_path):
    publish_drill(db, tmp_path, attempts=1)
    first = start(learner)
    choose(learner, first, 0, 0)

    second = start(learner)

    assert second == first
    assert "Continue where you left off" in learner.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("policy", "counted", "met"),
    [("best", 100, True), ("last", 0, False), ("mean", 50, False)],
)
def test_the_score_policy_decides_the_counted_score_and_evidence(
    learner, db, tmp_path, policy, counted, met
):
    publish_drill(db, tmp_path, policy=policy)
    play(learner, (0, 0))  # 4 of 4 points: 100%
    play(learner, (1, 1))  # 0 of 4 points: 0%

    page = learner.get("/scenarios/drill").get_data(as_text=True)
    with db.reading() as session:
        user_id = session.query(Attempt).first().user_id
    progress = get_learner_progress(db, user_id)

    assert f"<strong>{counted}%</strong>" in page
    drill = [
        e for e in progress.criteria["ESC-1.2"].evidence if "A short drill" in e.label
    ]
    assert len(drill) == 1
    assert drill[0].met is met


def test_a_later_pass_counts_under_the_last_policy(learner, db, tmp_path):
    publish_drill(db, tmp_path, policy="last")
    play(learner, (1, 1))
    play(learner, (0, 0))

    with db.reading() as session:
        user_id = session.query(Attempt).first().user_id
    evidence = get_learner_progress(db, user_id).criteria["ESC-1.2"].evidence

    assert [e.met for e in evidence if "A short drill" in e.label] == [True]


def test_every_past_attempt_can_be_reviewed(learner, db, tmp_path):
    publish_drill(db, tmp_path)
    first = play(learner, (0, 0))
    second = play(learner, (1, 1))

    page = learner.get("/scenarios/drill").get_data(as_text=True)

    for url in (first, second):
        assert f'href="{url}/debrief"' in page
        assert learner.get(f"{url}/debrief").status_code == 200
