"""Assessors' pages: learners, their attempts and answers, and judgements."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from course.errors import InvalidInput
from course.services.accounts import find_users, get_user
from course.services.attempts import find_attempts, get_attempt_view
from course.services.content import get_analysis, get_catalogue
from course.services.judgements import (
    find_judgements,
    record_judgement,
    release_judgements,
)
from course.services.progress import get_learner_progress
from course.store.models import Answer
from course.web.access import ASSESSORS, admits
from course.web.forms import ActionForm, JudgementForm
from course.web.helpers import get_db

blueprint = Blueprint("assessor", __name__, url_prefix="/assess")


def find_submitted_answers(learner_id: int) -> list[Answer]:
    """A learner's submitted answers, newest version last."""
    with get_db().reading() as session:
        return list(
            session.scalars(
                select(Answer)
                .where(Answer.user_id == learner_id, Answer.status == "submitted")
                .order_by(Answer.unit_code, Answer.check_id, Answer.version)
            )
        )


@blueprint.route("/")
@admits(*ASSESSORS)
def queue():  # type: ignore[no-untyped-def]
    """Every learner, with attempts and answers awaiting judgement."""
    db = get_db()
    rows = []
    for learner in find_users(db, role="learner"):
        attempts = find_attempts(db, learner.id)
        progress = get_learner_progress(db, learner.id, include_unreleased=True)
        rows.append((learner, attempts, progress))
    return render_template("assessor/queue.html", rows=rows)


@blueprint.route("/learners/<int:learner_id>")
@admits(*ASSESSORS)
def learner(learner_id: int):  # type: ignore[no-untyped-def]
    """One learner's record: criteria, evidence, answers and judgements."""
    db = get_db()
    person = get_user(db, learner_id)
    if person is None or person.role != "learner":
        abort(404)
    return render_template(
        "assessor/learner.html",
        learner=person,
        progress=get_learner_progress(db, learner_id, include_unreleased=True),
        attempts=find_attempts(db, learner_id),
        answers=find_submitted_answers(learner_id),
        judgements=find_judgements(db, learner_id),
        catalogue=get_catalogue(db),
        judgement_form=JudgementForm(),
        form=ActionForm(),
    )


@blueprint.route("/answers/<int:answer_id>/<criterion_id>", methods=["POST"])
@admits(*ASSESSORS)
def judge(answer_id: int, criterion_id: str):  # type: ignore[no-untyped-def]
    """Record a judgement on one criterion of one answer."""
    form = JudgementForm()
    with get_db().reading() as session:
        answer = session.get(Answer, answer_id)
    if answer is None:
        abort(404)
    if not form.validate_on_submit():
        flash("Choose met or not yet met.", "error")
    else:
        try:
            record_judgement(
                get_db(),
                assessor_id=current_user.id,
                answer_id=answer_id,
                criterion_id=criterion_id,
                decision=form.decision.data or "",
                feedback=form.feedback.data or "",
            )
        except InvalidInput as error:
            flash(error.message, "error")
        else:
            flash(f"Judgement recorded for {criterion_id}. Release it when ready.", "success")
    return redirect(url_for("assessor.learner", learner_id=answer.user_id))


@blueprint.route("/learners/<int:learner_id>/release", methods=["POST"])
@admits(*ASSESSORS)
def release(learner_id: int):  # type: ignore[no-untyped-def]
    """Release every pending judgement to the learner."""
    if ActionForm().validate_on_submit():
        count = release_judgements(
            get_db(), assessor_id=current_user.id, learner_id=learner_id
        )
        flash(f"{count} judgement(s) released to the learner.", "success")
        from course.web.learner import issue_for_learner

        issue_for_learner(learner_id)
    return redirect(url_for("assessor.learner", learner_id=learner_id))


@blueprint.route("/attempts/<int:attempt_id>")
@admits(*ASSESSORS)
def transcript(attempt_id: int):  # type: ignore[no-untyped-def]
    """The transcript of one attempt, with key-decision reasons."""
    db = get_db()
    view = get_attempt_view(db, attempt_id, None)
    learner = get_user(db, view.attempt.user_id)
    analysis = get_analysis(db, view.attempt.version_id)
    return render_template(
        "assessor/transcript.html", view=view, learner=learner, analysis=analysis
    )
