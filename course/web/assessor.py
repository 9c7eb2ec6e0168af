"""Assessors' pages: the queue, submissions, learner records, sign-off and QA."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from course.errors import InvalidInput, NotFound
from course.services.accounts import find_users
from course.services.assessment import (
    QueueFilters,
    find_assessor_summaries,
    find_queue,
    find_released_judgements,
    find_returned_judgements,
    find_samples,
    find_sign_offs,
    get_submission,
    is_unit_ready,
    review_sample,
    set_sampling,
    sign_off_unit,
)
from course.services.attempts import find_attempts, get_attempt_view
from course.services.audit import find_events
from course.services.cohorts import (
    find_cohorts,
    find_visible_learners,
    get_visible_learner,
)
from course.services.content import get_analysis, get_catalogue
from course.services.judgements import (
    find_judgements,
    record_judgements,
    release_judgements,
)
from course.services.progress import get_learner_progress
from course.store.models import Answer, Judgement
from course.web.access import ASSESSORS, admits
from course.web.forms import ActionForm, ReviewForm, SamplingForm
from course.web.helpers import get_db, issue_for_learner, parse_whole_number

blueprint = Blueprint("assessor", __name__, url_prefix="/assess")

LEADS = ("lead_assessor", "admin")
MAX_AGE_DAYS = 3650


@blueprint.app_template_global()
def released_judgements_for(answer: Answer) -> list[Judgement]:
    """Released judgements on one of the signed-in learner's own answers."""
    if not current_user.is_authenticated or answer.user_id != current_user.id:
        return []
    return find_released_judgements(get_db(), answer.id)


@blueprint.app_template_global()
def task_title(answer: Answer) -> str:
    """The title of the written task an answer responds to (its id if gone)."""
    entry = get_catalogue(get_db()).units.get(answer.unit_code)
    checks = {c.id: c.title for c in entry[1].checks} if entry else {}
    return checks.get(answer.check_id, answer.check_id)


def read_queue_filters() -> QueueFilters:
    """Queue filters from the query string; a bad value is reported and ignored."""
    catalogue = get_catalogue(get_db())
    args = request.args
    cohort = read_number(args.get("cohort", ""), "cohort")
    age = read_number(args.get("age", ""), "age in days")
    if age is not None and age > MAX_AGE_DAYS:
        flash(
            f"Age can be at most {MAX_AGE_DAYS} days; that filter was ignored.", "error"
        )
        age = None
    unit = args.get("unit") or None
    if unit and unit not in catalogue.units:
        flash("There is no unit with that code; that filter was ignored.", "error")
        unit = None
    criterion = args.get("criterion") or None
    if criterion and criterion not in catalogue.criteria():
        flash("There is no criterion with that id; that filter was ignored.", "error")
        criterion = None
    return QueueFilters(cohort, unit, criterion, age)


def read_number(raw: str, what: str) -> int | None:
    """A whole number from a filter, or None (with a message if it was bad)."""
    raw = raw.strip()
    if not raw:
        return None
    if parse_whole_number(raw) is None:
        flash(f"The {what} filter must be a whole number; it was ignored.", "error")
        return None
    return int(raw)


@blueprint.route("/")
@admits(*ASSESSORS)
def queue():  # type: ignore[no-untyped-def]
    """Work awaiting assessment, oldest first, with filters and counts."""
    db = get_db()
    filters = read_queue_filters()
    return render_template(
        "assessor/queue.html",
        queue=find_queue(db, current_user, filters),
        filters=filters,
        cohorts=find_cohorts(db, current_user),
        catalogue=get_catalogue(db),
        returned=find_returned_judgements(db, current_user.id),
    )


@blueprint.route("/learners")
@admits(*ASSESSORS)
def learners():  # type: ignore[no-untyped-def]
    """The learners this assessor may see, with progress."""
    db = get_db()
    cohort = read_number(request.args.get("cohort", ""), "cohort")
    rows = []
    for learner in find_visible_learners(db, current_user, cohort):
        progress = get_learner_progress(db, learner.id, include_unreleased=True)
        rows.append((learner, progress, find_sign_offs(db, learner.id)))
    return render_template(
        "assessor/learners.html",
        rows=rows,
        cohorts=find_cohorts(db, current_user),
        cohort=cohort,
    )


@blueprint.route("/learners/<int:learner_id>")
@admits(*ASSESSORS)
def learner(learner_id: int):  # type: ignore[no-untyped-def]
    """A learner's record: every criterion, its evidence and judgements."""
    db = get_db()
    person = get_visible_learner(db, current_user, learner_id)
    released = get_learner_progress(db, learner_id)
    catalogue = get_catalogue(db)
    return render_template(
        "assessor/learner.html",
        learner=person,
        progress=get_learner_progress(db, learner_id, include_unreleased=True),
        ready={
            u.code: is_unit_ready(released, u.code) for u in catalogue.ordered_units()
        },
        sign_offs=find_sign_offs(db, learner_id),
        attempts=find_attempts(db, learner_id),
        judgements=find_judgements(db, learner_id),
        events=find_events(db, learner_id=learner_id, limit=50),
        catalogue=catalogue,
        form=ActionForm(),
    )


@blueprint.route("/answers/<int:answer_id>")
@admits(*ASSESSORS)
def submission(  # type: ignore[no-untyped-def]
    answer_id: int, draft: dict[str, dict[str, str]] | None = None, status: int = 200
):
    """One submitted answer with its versions, related transcripts and criteria."""
    db = get_db()
    return render_template(
        "assessor/submission.html",
        submission=get_submission(db, current_user, answer_id),
        catalogue=get_catalogue(db),
        draft=draft or {},
    ), status


@blueprint.route("/answers/<int:answer_id>/judgements", methods=["POST"])
@admits(*ASSESSORS)
def judge(answer_id: int):  # type: ignore[no-untyped-def]
    """Record the decisions made on a submission's criteria, all or none."""
    found = get_submission(get_db(), current_user, answer_id)
    draft = {
        criterion: {
            "decision": request.form.get(f"decision-{criterion}", ""),
            "feedback": request.form.get(f"feedback-{criterion}", ""),
        }
        for criterion in found.answer.criteria.get("ids", [])
    }
    decisions = {
        criterion: (typed["decision"], typed["feedback"])
        for criterion, typed in draft.items()
        if typed["decision"]
    }
    if not ActionForm().validate_on_submit():
        flash("This form has expired. Press Record judgements again.", "error")
        return submission(answer_id, draft, 400)
    try:
        recorded = record_judgements(
            get_db(),
            assessor_id=current_user.id,
            answer_id=answer_id,
            decisions=decisions,
        )
    except InvalidInput as error:
        # Show the page again with everything typed, so no feedback is lost.
        flash(error.message, "error")
        return submission(answer_id, draft, 400)
    names = ", ".join(j.criterion_id for j in recorded)
    flash(f"Judgements recorded for {names}. Release them when ready.", "success")
    return redirect(url_for("assessor.submission", answer_id=answer_id))


@blueprint.route("/learners/<int:learner_id>/release", methods=["POST"])
@admits(*ASSESSORS)
def release(learner_id: int):  # type: ignore[no-untyped-def]
    """Release every pending judgement to the learner."""
    get_visible_learner(get_db(), current_user, learner_id)
    if ActionForm().validate_on_submit():
        count = release_judgements(
            get_db(), assessor_id=current_user.id, learner_id=learner_id
        )
        flash(f"{count} judgement(s) released to the learner.", "success")
        # Under the all-criteria rule a release can complete the course.
        issue_for_learner(learner_id)
    return redirect(url_for("assessor.learner", learner_id=learner_id))


@blueprint.route("/learners/<int:learner_id>/units/<code>/sign-off", methods=["POST"])
@admits(*ASSESSORS)
def sign_off(learner_id: int, code: str):  # type: ignore[no-untyped-def]
    """Sign off a unit; the certificate follows when it was the last one."""
    get_visible_learner(get_db(), current_user, learner_id)
    if not ActionForm().validate_on_submit():
        flash("This form has expired. Reload the page and try again.", "error")
        return redirect(url_for("assessor.learner", learner_id=learner_id))
    try:
        sign_off_unit(
            get_db(),
            assessor_id=current_user.id,
            learner_id=learner_id,
            unit_code=code,
        )
    except InvalidInput as error:
        flash(error.message, "error")
    else:
        flash(f"Unit {code} signed off.", "success")
        if issue_for_learner(learner_id) is not None:
            flash(
                "Every unit is signed off: the certificate has been issued.", "success"
            )
    return redirect(url_for("assessor.learner", learner_id=learner_id))


@blueprint.route("/attempts/<int:attempt_id>")
@admits(*ASSESSORS)
def transcript(attempt_id: int):  # type: ignore[no-untyped-def]
    """The transcript of one attempt, with key-decision reasons."""
    db = get_db()
    view = get_attempt_view(db, attempt_id, None)
    try:
        learner = get_visible_learner(db, current_user, view.attempt.user_id)
    except NotFound as error:
        raise NotFound("There is no such attempt.") from error
    analysis = get_analysis(db, view.attempt.version_id)
    return render_template(
        "assessor/transcript.html", view=view, learner=learner, analysis=analysis
    )


@blueprint.route("/qa")
@admits(*LEADS)
def qa():  # type: ignore[no-untyped-def]
    """Sampled judgements awaiting the lead assessor, and those reviewed."""
    db = get_db()
    return render_template(
        "assessor/qa.html",
        waiting=find_samples(db, reviewed=False),
        reviewed=find_samples(db, reviewed=True)[:50],
        form=ReviewForm(),
    )


@blueprint.route("/qa/<int:judgement_id>", methods=["POST"])
@admits(*LEADS)
def review(judgement_id: int):  # type: ignore[no-untyped-def]
    """Agree with a sampled judgement or return it with an action."""
    form = ReviewForm()
    if not form.validate_on_submit():
        flash("Choose agree or return.", "error")
        return redirect(url_for("assessor.qa"))
    try:
        review_sample(
            get_db(),
            reviewer_id=current_user.id,
            judgement_id=judgement_id,
            outcome=form.outcome.data or "",
            action=form.action.data or "",
        )
    except InvalidInput as error:
        flash(error.message, "error")
    else:
        flash("Verdict recorded.", "success")
    return redirect(url_for("assessor.qa"))


@blueprint.route("/qa/assessors", methods=["GET", "POST"])
@admits(*LEADS)
def sampling():  # type: ignore[no-untyped-def]
    """Each assessor's sampling rate and new flag."""
    db = get_db()
    status = 200
    if request.method == "POST":
        status = save_sampling(SamplingForm())
        if status == 303:
            return redirect(url_for("assessor.sampling"), code=303)
    return render_template(
        "assessor/sampling.html",
        summaries=find_assessor_summaries(db),
        form=ActionForm(),
    ), status


def save_sampling(form: SamplingForm) -> int:
    """Apply a posted sampling form; 303 on success, else the error status."""
    raw_id = request.form.get("assessor_id", "")
    if not form.validate_on_submit() or parse_whole_number(raw_id) is None:
        flash("Give a sampling rate from 0 to 100.", "error")
        return 400
    set_sampling(
        get_db(),
        actor_id=current_user.id,
        assessor_id=parse_whole_number(raw_id) or 0,
        sample_rate=form.sample_rate.data or 0,
        is_new=bool(form.is_new.data),
    )
    flash("Sampling saved.", "success")
    return 303


@blueprint.route("/audit")
@admits(*LEADS)
def audit():  # type: ignore[no-untyped-def]
    """The newest entries of the audit log, with who acted by name."""
    db = get_db()
    names = {user.id: f"{user.name} ({user.role})" for user in find_users(db)}
    return render_template("assessor/audit.html", events=find_events(db), names=names)
