"""Trainers preview files, publish versions and read the evidence matrix."""

from __future__ import annotations

import shutil

from course.services.attempts import start_attempt, take_step
from course.services.content import get_catalogue
from tests.web.journey import make_user, post_form, sign_in


def sign_in_trainer(app, db):  # type: ignore[no-untyped-def]
    make_user(db, "trainer", "trainer@example.org", "Tara Trainer")
    client = app.test_client()
    sign_in(client, "trainer@example.org")
    return client


def test_matrix_shows_every_criterion_with_its_evidence(app, db):
    client = sign_in_trainer(app, db)

    page = client.get("/trainer/matrix").get_data(as_text=True)

    for criterion in get_catalogue(db).criteria().values():
        assert criterion.id in page
    assert "Explain when and to whom to escalate problems" in page
    assert "No evidence" not in page


def test_preview_shows_every_scene_of_a_scenario(app, db):
    client = sign_in_trainer(app, db)
    _, scenario = get_catalogue(db).scenarios["late-figures"]

    page = client.get("/trainer/preview/scenarios/late-figures").get_data(as_text=True)

    for scene in scenario.scenes.values():
        assert f"#{scene.id}" in page
    assert client.get("/trainer/preview/units/CSD").status_code == 200
    assert client.get("/trainer/preview/scenarios/nope").status_code == 404


def test_publishing_a_change_keeps_running_attempts_on_their_version(app, db, tmp_path):
    content = tmp_path / "content"
    scenarios = tmp_path / "scenarios"
    shutil.copytree(app.config["CONTENT_DIR"], content)
    shutil.copytree(app.config["SCENARIOS_DIR"], scenarios)
    app.config.update(CONTENT_DIR=str(content), SCENARIOS_DIR=str(scenarios))
    learner = make_user(db, "learner", "learner@example.org", "Lee Learner")
    attempt = start_attempt(db, learner.id, "late-figures")
    old_version = attempt.version_id

    source = scenarios / "late-figures.md"
    source.write_text(source.read_text().replace("title: ", "title: Revised, ", 1))
    client = sign_in_trainer(app, db)
    response = post_form(client, "/trainer/publish", {}, form_page="/trainer/")

    assert response.status_code == 302
    new_version, scenario = get_catalogue(db).scenarios["late-figures"]
    assert new_version != old_version and scenario.title.startswith("Revised, ")
    _, old = get_catalogue(db).scenarios["late-figures"]
    first = next(iter(old.scenes.values())).choices[0].index
    moved = take_step(
        db,
        user_id=learner.id,
        attempt_id=attempt.id,
        step_number=0,
        choice_index=first,
        justification="A reason.",
    )
    assert moved.version_id == old_version


def test_a_broken_file_is_named_in_preview_and_publish(app, db, tmp_path):
    scenarios = tmp_path / "scenarios"
    shutil.copytree(app.config["SCENARIOS_DIR"], scenarios)
    app.config.update(SCENARIOS_DIR=str(scenarios))
    source = scenarios / "late-figures.md"
    source.write_text(source.read_text().replace("(#reply)", "(#nowhere)", 1))
    client = sign_in_trainer(app, db)

    content = client.get("/trainer/").get_data(as_text=True)
    preview = client.get("/trainer/preview/scenarios/late-figures")
    published = post_form(client, "/trainer/publish", {}, form_page="/trainer/")
    after = client.get("/trainer/").get_data(as_text=True)

    assert "late-figures.md" in content and "Has errors" in content
    assert preview.status_code == 422
    assert "late-figures.md:" in preview.get_data(as_text=True)
    assert published.status_code == 302
    assert "Not published, because of errors:" in after and "late-figures.md" in after
