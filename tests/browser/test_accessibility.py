"""Every kind of page passes axe-core and reflows at 320 CSS pixels."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from course.services.accounts import create_user
from course.services.assessment import sign_off_unit
from course.services.attempts import start_attempt, take_step
from course.services.cohorts import create_cohort
from course.services.content import get_catalogue
from course.services.judgements import record_judgement, release_judgements
from course.services.learning import record_check_response, save_answer
from course.store.db import Database
from tests.browser.helpers import (
    PASSWORD,
    REASON,
    describe_focus,
    find_best_path,
    find_wide_elements,
    follow_with_enter,
    format_violations,
    measure_page_width,
    run_axe,
    sign_in,
    tab_to,
)

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}


@dataclass
class Arranged:
    """Ids of the accounts and records the pages are built from."""

    finished_id: int = 0
    progressing_id: int = 0
    feedback_attempt: int = 0
    key_attempt: int = 0
    debrief_attempt: int = 0
    unit_code: str = ""
    task: tuple[str, str] = ("", "")
    code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def play(db: Database, user_id: int, key: str, steps: int | None = None) -> int:
    """Take ``steps`` of a scenario's best path (all of it by default)."""
    attempt = start_attempt(db, user_id, key)
    for number, (_, index, is_key) in enumerate(find_best_path(db, key)[:steps]):
        take_step(
            db,
            user_id=user_id,
            attempt_id=attempt.id,
            step_number=number,
            choice_index=index,
            justification=REASON if is_key else "",
        )
    return attempt.id


def answer_checks(db: Database, user_id: int, *, right: bool) -> list[int]:
    """Answer every check (rightly or not) and submit every written task."""
    answers = []
    for code, (_, unit) in get_catalogue(db).units.items():
        for check in unit.checks:
            if check.kind == "written":
                answer = save_answer(
                    db,
                    user_id=user_id,
                    unit_code=code,
                    check_id=check.id,
                    text="I gave my manager the facts, the effect and my request.",
                    submit=True,
                )
                answers.append(answer.id)
                continue
            pick = [i for i, o in enumerate(check.options) if o.correct is right]
            record_check_response(
                db,
                user_id=user_id,
                unit_code=code,
                check_id=check.id,
                selected=pick[:1] if check.kind == "single" or not right else pick,
            )
    return answers


def judge(db: Database, assessor_id: int, answer_ids: list[int], decision: str) -> None:
    """Judge every criterion an answer claims."""
    from course.store.models import Answer

    for answer_id in answer_ids:
        with db.reading() as session:
            criteria = session.get(Answer, answer_id).criteria.get("ids", [])
        for criterion in criteria:
            record_judgement(
                db,
                assessor_id=assessor_id,
                answer_id=answer_id,
                criterion_id=criterion,
                decision=decision,
                feedback="Say who you told, and why them first.",
            )


def complete_course(db: Database, learner_id: int, assessor_id: int) -> int:
    """Meet every criterion and have every unit signed off; return one attempt id."""
    attempts = {key: play(db, learner_id, key) for key in get_catalogue(db).scenarios}
    judge(db, assessor_id, answer_checks(db, learner_id, right=True), "met")
    release_judgements(db, assessor_id=assessor_id, learner_id=learner_id)
    for code in get_catalogue(db).units:
        sign_off_unit(
            db, assessor_id=assessor_id, learner_id=learner_id, unit_code=code
        )
    return attempts["late-figures"]


@pytest.fixture(scope="module")
def arranged(server, server_db, browser) -> Arranged:  # type: ignore[no-untyped-def]
    """A learner who has finished, one part way, an assessor and a trainer."""
    db = server_db
    made = {
        role: create_user(
            db,
            email=f"{role}@example.org",
            name=f"{role.title()} Person",
            password=PASSWORD,
            role=role,
        ).id
        for role in ("lead_assessor", "trainer")
    }
    finished = create_user(
        db, email="ann@example.org", name="Ann Finished", password=PASSWORD
    ).id
    progressing = create_user(
        db, email="ben@example.org", name="Ben Partway", password=PASSWORD
    ).id

    result = Arranged(finished_id=finished, progressing_id=progressing)
    result.debrief_attempt = complete_course(db, finished, made["lead_assessor"])
    result.extra["assessor_id"] = made["lead_assessor"]

    result.feedback_attempt = play(db, progressing, "late-figures", steps=1)
    result.key_attempt = play(db, progressing, "service-outage", steps=1)
    answers = answer_checks(db, progressing, right=False)
    result.extra["answer_id"] = answers[-1]
    judge(db, made["lead_assessor"], answers[:1], "not_yet_met")
    release_judgements(db, assessor_id=made["lead_assessor"], learner_id=progressing)

    cohort = create_cohort(db, actor_id=made["trainer"], name="Axe cohort")
    result.extra["cohort_id"] = cohort.id
    result.extra["join_token"] = cohort.invite_token

    catalogue = get_catalogue(db)
    for code, (_, unit) in catalogue.units.items():
        written = [c for c in unit.checks if c.kind == "written"]
        if written and any(c.kind != "written" for c in unit.checks):
            result.unit_code = code
            result.task = (code, written[0].id)
            break

    # Visiting the certificate page issues it; keep its code for the public pages.
    profile = browser.new_context(base_url=server.url)
    page = profile.new_page()
    sign_in(page, "ann@example.org")
    page.goto("/certificate")
    result.code = page.locator(".code").first.inner_text().strip()
    profile.close()
    return result


@pytest.fixture(scope="module")
def signed_in(browser, server, arranged) -> Iterator[Callable[[str | None], Any]]:  # type: ignore[no-untyped-def]
    """A page signed in as someone (None = anonymous), one profile each."""
    profiles: dict[str | None, Any] = {}

    def open_as(email: str | None) -> Any:
        if email not in profiles:
            profile = browser.new_context(base_url=server.url, bypass_csp=True)
            profile.set_default_timeout(10_000)
            page = profile.new_page()
            if email:
                sign_in(page, email)
            profiles[email] = page
        return profiles[email]

    yield open_as
    for page in profiles.values():
        page.context.close()


PAGES: list[tuple[str, str | None, Callable[[Arranged], str]]] = [
    ("home", None, lambda a: "/"),
    ("sign-up", None, lambda a: "/signup"),
    ("sign-in", None, lambda a: "/login"),
    ("verify form", None, lambda a: "/verify"),
    ("verify result", None, lambda a: f"/verify/{a.code}"),
    ("not found", None, lambda a: "/no-such-page"),
    ("dashboard, part way", "ben@example.org", lambda a: "/"),
    ("dashboard, all met", "ann@example.org", lambda a: "/"),
    ("unit with checks answered", "ben@example.org", lambda a: f"/units/{a.unit_code}"),
    ("written task", "ben@example.org", lambda a: "/units/{}/tasks/{}".format(*a.task)),
    ("scenario intro", "ben@example.org", lambda a: "/scenarios/late-figures"),
    (
        "play, immediate feedback",
        "ben@example.org",
        lambda a: f"/attempts/{a.feedback_attempt}",
    ),
    ("play, key scene", "ben@example.org", lambda a: f"/attempts/{a.key_attempt}"),
    ("debrief", "ann@example.org", lambda a: f"/attempts/{a.debrief_attempt}/debrief"),
    ("certificate, not yet", "ben@example.org", lambda a: "/certificate"),
    ("certificate, issued", "ann@example.org", lambda a: "/certificate"),
    ("assessor queue", "lead_assessor@example.org", lambda a: "/assess/"),
    (
        "assessor learner",
        "lead_assessor@example.org",
        lambda a: f"/assess/learners/{a.progressing_id}",
    ),
    (
        "assessor transcript",
        "lead_assessor@example.org",
        lambda a: f"/assess/attempts/{a.debrief_attempt}",
    ),
    ("trainer content", "trainer@example.org", lambda a: "/trainer/"),
    ("evidence matrix", "trainer@example.org", lambda a: "/trainer/matrix"),
    (
        "scenario preview",
        "trainer@example.org",
        lambda a: "/trainer/preview/scenarios/late-figures",
    ),
    ("unit preview", "trainer@example.org", lambda a: "/trainer/preview/units/CSD"),
    ("cohorts", "trainer@example.org", lambda a: "/admin/cohorts"),
    (
        "one cohort",
        "trainer@example.org",
        lambda a: f"/admin/cohorts/{a.extra['cohort_id']}",
    ),
    (
        "invitation",
        "ben@example.org",
        lambda a: f"/join/{a.extra['join_token']}",
    ),
    ("assessor learners", "lead_assessor@example.org", lambda a: "/assess/learners"),
    (
        "submission",
        "lead_assessor@example.org",
        lambda a: f"/assess/answers/{a.extra['answer_id']}",
    ),
    ("quality assurance", "lead_assessor@example.org", lambda a: "/assess/qa"),
    ("sampling rates", "lead_assessor@example.org", lambda a: "/assess/qa/assessors"),
    ("audit log", "lead_assessor@example.org", lambda a: "/assess/audit"),
]


@pytest.mark.parametrize(
    ("who", "path"),
    [(who, path) for _, who, path in PAGES],
    ids=[name for name, _, _ in PAGES],
)
def test_the_page_passes_axe_and_reflows(signed_in, arranged, who, path):
    page = signed_in(who)
    page.set_viewport_size(WIDE)
    response = page.goto(path(arranged))
    assert response is not None and response.status < 500

    violations = run_axe(page)
    page.set_viewport_size(NARROW)
    width = measure_page_width(page)
    too_wide = (
        find_wide_elements(page, NARROW["width"]) if width > NARROW["width"] else []
    )

    assert violations == [], format_violations(violations)
    assert width <= NARROW["width"], f"{width} CSS px wide at 320: {too_wide}"


def test_axe_reports_a_planted_violation(signed_in):
    page = signed_in(None)
    page.goto("/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML("
        '\'beforeend\', \'<img src="data:," width="10" height="10">\')'
    )

    rules = [v["rule"] for v in run_axe(page)]

    assert "image-alt" in rules


def test_sign_in_to_certificate_download_with_the_keyboard_alone(
    page, server_db, arranged
):
    learner = create_user(
        server_db, email="cy@example.org", name="Cy Keys", password=PASSWORD
    )
    complete_course(server_db, learner.id, arranged.extra["assessor_id"])
    page.goto("/")

    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Sign in")
    follow_with_enter(page)
    tab_to(page, lambda f: f["id"] == "email")
    page.keyboard.type("cy@example.org")
    tab_to(page, lambda f: f["id"] == "password")
    page.keyboard.type(PASSWORD)
    tab_to(page, lambda f: f["value"] == "Sign in")
    follow_with_enter(page)
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Certificate")
    follow_with_enter(page)
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Download the PDF")
    with page.expect_download() as download:
        page.keyboard.press("Enter")

    assert download.value.suggested_filename.endswith(".pdf")


def test_a_knowledge_check_by_keyboard_moves_focus_to_its_result(page, arranged):
    sign_in(page, "ben@example.org")
    page.goto(f"/units/{arranged.unit_code}")
    form = page.locator("section.check form").first
    first_option = form.locator("input[name=option]").first
    first_id = first_option.get_attribute("id")
    check_id = form.locator("xpath=ancestor::section[1]").get_attribute("id")

    tab_to(page, lambda f: f["id"] == first_id)
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Check my answer")
    follow_with_enter(page)

    focus = describe_focus(page)
    assert focus["id"] == f"{check_id}-result"
    section = page.locator(f"section#{check_id}")
    options = section.locator("input[name=option]").count()
    assert section.locator(".feedback").count() == options  # feedback on every option
