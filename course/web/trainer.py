"""Trainers' pages: what is published and what the linter says."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template
from sqlalchemy import select

from course.services.content import get_catalogue
from course.store.models import ContentVersion
from course.web.access import TRAINERS, admits
from course.web.helpers import get_db

blueprint = Blueprint("trainer", __name__, url_prefix="/trainer")


@blueprint.route("/")
@admits(*TRAINERS)
def content():  # type: ignore[no-untyped-def]
    """Published versions and the linter's report on the content folders."""
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
        catalogue=get_catalogue(get_db()),
    )
