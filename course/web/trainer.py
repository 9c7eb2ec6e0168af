"""Trainers' pages: lint report, previews, publishing and the evidence matrix."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from course.authoring.model import ContentBundle
from course.engine.analysis import analyse_scenario
from course.errors import InvalidInput
from course.services.content import get_catalogue, publish_bundle
from course.store.models import ContentVersion
from course.web.access import STAFF, TRAINERS, admits
from course.web.forms import ActionForm
from course.web.helpers import get_db

blueprint = Blueprint("trainer", __name__, url_prefix="/trainer")


def load_drafts() -> ContentBundle:
    """The content as it stands on disk now, published or not."""
    from course.loader import load_content

    config = current_app.config
    return load_content(Path(config["CONTENT_DIR"]), Path(config["SCENARIOS_DIR"]))


@blueprint.route("/")
@admits(*TRAINERS)
def content():  # type: ignore[no-untyped-def]
    """Published versions, files on disk, and the linter's report on them."""
    from course.loader import lint_paths

    config = current_app.config
    report = lint_paths([Path(config["CONTENT_DIR"]), Path(config["SCENARIOS_DIR"])])
    with get_db().reading() as session:
        versions = list(
            session.scalars(
                select(ContentVersion).order_by(
                    ContentVersion.kind, ContentVersion.key, ContentVersion.id.desc()
                )
            )
        )
    return render_template(
        "trainer/content.html",
        report=report,
        versions=versions,
        drafts=load_drafts(),
        form=ActionForm(),
    )


@blueprint.route("/publish", methods=["POST"])
@admits(*TRAINERS)
def publish():  # type: ignore[no-untyped-def]
    """Store every changed file as a new version; attempts keep their own."""
    if not ActionForm().validate_on_submit():
        raise InvalidInput("This form has expired. Reload the page and publish again.")
    report = publish_bundle(get_db(), load_drafts(), user_id=current_user.id)
    if report.published:
        flash(f"Published: {', '.join(report.published)}.", "success")
    elif not report.diagnostics:
        flash("Nothing has changed since the last publish.", "info")
    held_back = sorted({d.path for d in report.diagnostics})
    if held_back:
        flash(
            f"Not published, because of errors: {', '.join(held_back)}. "
            "The linter report below says what to fix.",
            "error",
        )
    return redirect(url_for("trainer.content"))


def show_unloadable(bundle: ContentBundle, name: str):  # type: ignore[no-untyped-def]
    """A preview that cannot be shown: the file problems, or not found."""
    problems = [d for d in bundle.diagnostics if name in d.path]
    if not problems:
        abort(404)
    return render_template("trainer/unloadable.html", name=name, problems=problems), 422


@blueprint.route("/preview/scenarios/<key>")
@admits(*TRAINERS)
def preview_scenario(key: str):  # type: ignore[no-untyped-def]
    """Every scene, choice and feedback of a scenario file as it is on disk."""
    bundle = load_drafts()
    scenario = bundle.scenarios.get(key)
    if scenario is None:
        return show_unloadable(bundle, key)
    return render_template(
        "trainer/preview_scenario.html",
        scenario=scenario,
        analysis=analyse_scenario(scenario),
    )


@blueprint.route("/preview/units/<code>")
@admits(*TRAINERS)
def preview_unit(code: str):  # type: ignore[no-untyped-def]
    """A unit file as learners will see it, before it is published."""
    bundle = load_drafts()
    unit = bundle.units.get(code)
    if unit is None:
        return show_unloadable(bundle, code)
    return render_template(
        "learner/unit.html",
        unit=unit,
        responses={},
        answers={},
        form=ActionForm(),
        preview=True,
    )


@blueprint.route("/matrix")
@admits(*STAFF)
def matrix():  # type: ignore[no-untyped-def]
    """Criteria against the evidence that can meet each one."""
    catalogue = get_catalogue(get_db())
    scenarios = sorted((s for _, s in catalogue.scenarios.values()), key=lambda s: s.id)
    rows = []
    for unit in catalogue.ordered_units():
        for criterion in unit.criteria:
            checks = [c for c in unit.checks if criterion.id in c.criteria]
            rows.append(
                {
                    "unit": unit,
                    "criterion": criterion,
                    "checks": [c for c in checks if c.kind != "written"],
                    "tasks": [c for c in checks if c.kind == "written"],
                    "scenarios": {
                        s.id for s in scenarios if criterion.id in s.criteria
                    },
                }
            )
    return render_template("trainer/matrix.html", rows=rows, scenarios=scenarios)
