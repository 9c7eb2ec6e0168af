"""Assessment through the web: the full cycle, every page by role, and scope."""

from __future__ import annotations

import re

import pytest

from course.services.assessment import find_samples
from course.services.attempts import start_attempt
from course.services.audit import find_events
from course.services.content import get_catalogue
from tests.services.people import judge_all, make_team, submit
from tests.web.journey import csrf_token, play_best_path, post_form, sign_in
from tests.web.test_journey import answer_every_check

ESC_TASK = "/units/ESC/tasks/task-email"


def signed_in(app, email: str):  # type: ignore[no-untyped-def]
    """A test client signed in as ``email``."""
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def judge_page(client, answer_id: int, decision: str, feedback: str = ""):  # type: ignore[no-untyped-def]
    """Judge every criterion on a submission page through its one form."""
    page = f"/assess/answers/{answer_id}"
    html = client.get(page).get_data(as_text=True)
    criteria = re.findall(r'name="decision-([A-Z]+-[0-9.]+)" value="met"', html)
    assert criteria, "no judgement form on the submission page"
    data = {}
    for criterion in criteria:
        data[f"decision-{criterion}"] = decision
        data[f"feedback-{criterion}"] = feedback
    response = post_form(client, f"{page}/judgements", data, form_page=page)
    assert response.status_code == 302
    return criteria


def first_esc_answer_id(client) -> int:  # type: ignore[no-untyped-def]
    """The id of the oldest ESC submission in the assessor's queue."""
    html = client.get("/assess/?unit=ESC").get_data(as_text=True)
    ids = re.findall(r'href="/assess/answers/(\d+)"', html)
    assert ids, "nothing for ESC in the queue"
    return int(ids[0])


def test_the_full_cycle_from_submission_to_certificate(app, db):
    team = make_team(db)
    learner = signed_in(app, "learner@example.org")
    assessor = signed_in(app, "assessor@example.org")
    lead = signed_in(app, "lead@example.org")
    for key in get_catalogue(db).scenarios:
        play_best_path(learner, db, key)
    answer_every_check(learner, db)

    first = first_esc_answer_id(assessor)
    judge_page(assessor, first, "not_yet_met", "Say <b>who</b> you would tell.")
    task = learner.get(ESC_TASK).get_data(as_text=True)
    assert "Say &lt;b&gt;who" not in task and "Not marked yet" in task

    record = f"/assess/learners/{team.learner.id}"
    post_form(assessor, f"{record}/release", {}, record)
    task = learner.get(ESC_TASK).get_data(as_text=True)
    assert (
        "Not yet met" in task and "Say &lt;b&gt;who&lt;/b&gt; you would tell." in task
    )

    response = post_form(
        learner,
        ESC_TASK,
        {"text": "I would tell my line manager first.", "send": "Submit"},
        form_page=ESC_TASK,
    )
    assert response.status_code == 302
    second = first_esc_answer_id(assessor)
    assert second != first
    submission = assessor.get(f"/assess/answers/{second}").get_data(as_text=True)
    assert "Version 1" in submission and "Say &lt;b&gt;who" in submission

    for item_id in re.findall(
        r'href="/assess/answers/(\d+)"', assessor.get("/assess/").get_data(as_text=True)
    ):
        judge_page(assessor, int(item_id), "met")
    assert "0</strong> shown of <strong>0" in assessor.get("/assess/").get_data(
        as_text=True
    )
    post_form(assessor, f"{record}/release", {}, record)

    waiting = find_samples(db, reviewed=False)
    assert waiting, "a new assessor's judgements are all sampled"
    for view in waiting:
        response = post_form(
            lead, f"/assess/qa/{view.judgement.id}", {"outcome": "agreed"}, "/assess/qa"
        )
        assert response.status_code == 302
    assert find_samples(db, reviewed=False) == []

    assert 'class="code"' not in learner.get("/certificate").get_data(as_text=True)
    for unit in get_catalogue(db).ordered_units():
        post_form(assessor, f"{record}/units/{unit.code}/sign-off", {}, record)
    page = assessor.get(record).get_data(as_text=True)
    assert page.count("Signed off") == 4

    certificate = learner.get("/certificate").get_data(as_text=True)
    assert re.search(r'class="code">[A-Z0-9-]+<', certificate)
    task = learner.get(ESC_TASK).get_data(as_text=True)
    assert task.count("Not yet met") == 4 and task.count("Met") >= 4
    actions = [e.action for e in find_events(db, learner_id=team.learner.id)]
    assert actions[0] == "certificate.issued"
    assert actions.count("unit.signed_off") == 4
    assert "qa.agreed" in actions


def test_a_lead_sets_sampling_and_must_give_an_action_to_return(app, db):
    team = make_team(db)
    judge_all(db, team.assessor, submit(db, team.learner))
    lead = signed_in(app, "lead@example.org")
    judgement = find_samples(db, reviewed=False)[0].judgement

    saved = post_form(
        lead,
        "/assess/qa/assessors",
        {"assessor_id": str(team.assessor.id), "sample_rate": "25"},
        "/assess/qa/assessors",
    )
    refused = post_form(
        lead,
        "/assess/qa/assessors",
        {"assessor_id": str(team.assessor.id), "sample_rate": "250"},
        "/assess/qa/assessors",
    )
    no_action = post_form(
        lead, f"/assess/qa/{judgement.id}", {"outcome": "returned"}, "/assess/qa"
    )
    qa_page = lead.get("/assess/qa").get_data(as_text=True)

    assert saved.status_code == 303
    assert refused.status_code == 400
    assert 'value="25"' in lead.get("/assess/qa/assessors").get_data(as_text=True)
    assert no_action.status_code == 302
    assert "an action is required" in qa_page
    assert len(find_samples(db, reviewed=False)) == 4


def test_sign_off_is_refused_until_the_unit_is_met(app, db):
    team = make_team(db)
    assessor = signed_in(app, "assessor@example.org")
    record = f"/assess/learners/{team.learner.id}"

    page = assessor.get(record).get_data(as_text=True)
    assert re.search(
        r'<button type="submit" class="button" disabled>Sign off unit ESC', page
    )
    response = post_form(assessor, f"{record}/units/ESC/sign-off", {}, record)

    assert response.status_code == 302
    after = assessor.get(record).get_data(as_text=True)
    assert "cannot be signed off yet" in after
    assert "Signed off" not in after


def test_learner_text_is_escaped_on_every_assessor_page(app, db):
    team = make_team(db)
    answer = submit(db, team.learner, text="<script>alert('x')</script> & more")
    assessor = signed_in(app, "assessor@example.org")

    page = assessor.get(f"/assess/answers/{answer.id}").get_data(as_text=True)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_bad_filters_and_forms_get_a_message_and_change_nothing(app, db):
    team = make_team(db)
    answer = submit(db, team.learner)
    assessor = signed_in(app, "assessor@example.org")

    page = assessor.get("/assess/?cohort=abc&age=-1&unit=NOPE&criterion=X")
    response = post_form(
        assessor,
        f"/assess/answers/{answer.id}/judgements",
        {"decision-ESC-1.1": "maybe"},
        f"/assess/answers/{answer.id}",
    )
    half_valid = post_form(
        assessor,
        f"/assess/answers/{answer.id}/judgements",
        {"decision-ESC-1.1": "met", "decision-ESC-1.2": "not_yet_met"},
        f"/assess/answers/{answer.id}",
    )

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "must be a whole number" in text and "no unit with that code" in text
    assert response.status_code == 400
    assert "Choose met or not yet met" in response.get_data(as_text=True)
    assert half_valid.status_code == 400  # all or nothing: ESC-1.1 not kept
    assert "ESC-1.2: Say what is missing" in half_valid.get_data(as_text=True)
    follow = assessor.get(f"/assess/answers/{answer.id}").get_data(as_text=True)
    assert "released" not in follow  # no judgement was recorded


@pytest.fixture
def pages(db):  # type: ignore[no-untyped-def]
    """A team with work, and the pages of this feature with real ids."""
    team = make_team(db)
    answer = submit(db, team.learner)
    judge_all(db, team.assessor, answer)
    attempt = start_attempt(db, team.learner.id, "late-figures")
    cohort = team.cohort.id
    return team, {
        "/assess/": "assessors",
        "/assess/learners": "assessors",
        f"/assess/learners/{team.learner.id}": "assessors",
        f"/assess/answers/{answer.id}": "assessors",
        f"/assess/attempts/{attempt.id}": "assessors",
        "/assess/qa": "leads",
        "/assess/qa/assessors": "leads",
        "/assess/audit": "leads",
        "/admin/cohorts": "managers",
        f"/admin/cohorts/{cohort}": "managers",
        f"/admin/cohorts/{cohort}/criteria.csv": "staff",
        f"/admin/cohorts/{cohort}/judgements.csv": "staff",
    }


ADMITTED = {
    "assessors": {"assessor", "lead_assessor", "admin"},
    "leads": {"lead_assessor", "admin"},
    "managers": {"trainer", "admin"},
    "staff": {"assessor", "lead_assessor", "trainer", "admin"},
}
PEOPLE = {
    "learner": "learner@example.org",
    "assessor": "assessor@example.org",
    "lead_assessor": "lead@example.org",
    "trainer": "trainer@example.org",
    "admin": "admin@example.org",
}


def test_every_page_admits_exactly_its_roles(app, pages):
    _, urls = pages
    anonymous = app.test_client()
    failures = []
    for role, email in PEOPLE.items():
        client = signed_in(app, email)
        for url, group in urls.items():
            status = client.get(url).status_code
            expected = 200 if role in ADMITTED[group] else 403
            if status != expected:
                failures.append(f"{role} {url}: {status}, expected {expected}")
    for url in urls:
        response = anonymous.get(url)
        if response.status_code != 302 or "/login" not in response.location:
            failures.append(f"anonymous {url}: {response.status_code}")
    assert failures == []


def test_an_assessor_sees_only_their_cohorts_learners(app, db, pages):
    team, _ = pages
    stranger_answer = submit(db, team.stranger)
    stranger_attempt = start_attempt(db, team.stranger.id, "late-figures")
    assessor = signed_in(app, "assessor@example.org")
    outsider = signed_in(app, "other-assessor@example.org")
    lead = signed_in(app, "lead@example.org")

    queue = assessor.get("/assess/").get_data(as_text=True)
    learners = assessor.get("/assess/learners").get_data(as_text=True)
    assert "Sam Stranger" not in queue and "Sam Stranger" not in learners
    assert "Cal Classmate" in learners
    for url in (
        f"/assess/learners/{team.stranger.id}",
        f"/assess/answers/{stranger_answer.id}",
        f"/assess/attempts/{stranger_attempt.id}",
    ):
        assert assessor.get(url).status_code == 404, url
        assert lead.get(url).status_code == 200, url
    assert outsider.get(f"/assess/learners/{team.learner.id}").status_code == 404
    assert outsider.get(
        f"/admin/cohorts/{team.cohort.id}/criteria.csv"
    ).status_code == (404)
    record = f"/assess/learners/{team.stranger.id}"
    token = csrf_token(assessor, "/assess/")
    released = assessor.post(f"{record}/release", data={"csrf_token": token})
    assert released.status_code == 404


def test_a_learner_never_sees_another_learners_marking(app, db, pages):
    team, _ = pages
    classmate = signed_in(app, "classmate@example.org")
    learner = signed_in(app, "learner@example.org")
    from course.services.judgements import release_judgements

    release_judgements(db, assessor_id=team.assessor.id, learner_id=team.learner.id)

    own = learner.get(ESC_TASK).get_data(as_text=True)
    other = classmate.get(ESC_TASK).get_data(as_text=True)
    assert "Clear and complete." in own
    assert "Clear and complete." not in other
    assert classmate.get(f"/assess/learners/{team.learner.id}").status_code == 403


def test_typed_feedback_survives_a_missing_decision(app, db):
    team = make_team(db)
    answer = submit(db, team.learner)
    assessor = signed_in(app, "assessor@example.org")

    response = post_form(
        assessor,
        f"/assess/answers/{answer.id}/judgements",
        {
            "decision-ESC-1.2": "not_yet_met",
            "feedback-ESC-1.2": "",
            "feedback-ESC-1.1": "Say what you tried before escalating.",
        },
        f"/assess/answers/{answer.id}",
    )

    assert response.status_code == 400
    assert "Say what you tried before escalating." in response.get_data(as_text=True)
