"""The learner's pages: dashboard, units, checks, answers and the scenario player."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from course.errors import InvalidInput, StaleStep
from course.services import attempts as attempt_service
from course.services.certificates import (
    get_archival_pdf,
    get_certificate_for_learner,
    get_certificate_pdf,
)
from course.services.content import get_analysis, get_catalogue
from course.services.learning import (
    find_answer_versions,
    get_latest_check_response,
    get_unit_check,
    record_check_response,
    save_answer,
)
from course.services.progress import get_learner_progress
from course.web.access import ANYONE_SIGNED_IN, LEARNER, PUBLIC, admits
from course.web.forms import ActionForm, AnswerForm, StepForm
from course.web.helpers import get_db, issue_for_learner, parse_whole_number

blueprint = Blueprint("learner", __name__)


def issue_if_complete() -> None:
    """Issue the signed-in learner's certificate the moment it is earned."""
    certificate = issue_for_learner(current_user.id)
    if certificate is not None and request.method == "POST":
        flash("You have met every criterion. Your certificate is ready.", "success")


@blueprint.route("/")
@admits(PUBLIC)
def home():  # type: ignore[no-untyped-def]
    """The landing page, or the signed-in user's starting point."""
    if not current_user.is_authenticated:
        catalogue = get_catalogue(get_db())
        return render_template("home.html", catalogue=catalogue)
    if current_user.role != "learner":
        target = (
            "trainer.content" if current_user.role == "trainer" else "assessor.queue"
        )
        return redirect(url_for(target))

    db = get_db()
    progress = get_learner_progress(db, current_user.id)
    certificate = get_certificate_for_learner(db, current_user.id)
    attempts = attempt_service.find_attempts(db, current_user.id)
    open_attempts = [a for a in attempts if not a.is_finished]
    return render_template(
        "learner/dashboard.html",
        progress=progress,
        certificate=certificate,
        open_attempts=open_attempts,
    )


@blueprint.route("/units/<code>")
@admits(*ANYONE_SIGNED_IN)
def unit(code: str):  # type: ignore[no-untyped-def]
    """A unit's teaching text, checks and written tasks."""
    db = get_db()
    catalogue = get_catalogue(db)
    if code not in catalogue.units:
        abort(404)
    _, unit = catalogue.units[code]

    responses, answers = {}, {}
    if current_user.role == "learner":
        for check in unit.checks:
            if check.kind == "written":
                answers[check.id] = find_answer_versions(
                    db, current_user.id, code, check.id
                )
            else:
                responses[check.id] = get_latest_check_response(
                    db, current_user.id, code, check.id
                )
    return render_template(
        "learner/unit.html",
        unit=unit,
        catalogue=catalogue,
        responses=responses,
        answers=answers,
        form=ActionForm(),
    )


@blueprint.route("/units/<code>/checks/<check_id>", methods=["POST"])
@admits(*LEARNER)
def answer_check(code: str, check_id: str):  # type: ignore[no-untyped-def]
    """Mark a knowledge check at once."""
    if not ActionForm().validate_on_submit():
        raise InvalidInput("This form has expired. Reload the page and answer again.")
    selected = [parse_whole_number(raw) for raw in request.form.getlist("option")]
    if not selected:
        flash("Choose an answer before you check it.", "error")
        return redirect(url_for("learner.unit", code=code, _anchor=check_id))
    if any(index is None for index in selected):
        raise InvalidInput("That answer is not one of the options. Choose again.")

    response = record_check_response(
        get_db(),
        user_id=current_user.id,
        unit_code=code,
        check_id=check_id,
        selected=selected,
    )
    flash(
        "Correct." if response.correct else "Not quite: read the feedback.",
        "success" if response.correct else "info",
    )
    issue_if_complete()
    return redirect(url_for("learner.unit", code=code, _anchor=f"{check_id}-result"))


@blueprint.route("/units/<code>/tasks/<check_id>", methods=["GET", "POST"])
@admits(*LEARNER)
def written_task(code: str, check_id: str):  # type: ignore[no-untyped-def]
    """Write, save and submit an answer to a written task."""
    db = get_db()
    _, unit, check = get_unit_check(db, code, check_id)
    if check.kind != "written":
        abort(404)
    versions = find_answer_versions(db, current_user.id, code, check_id)
    form = AnswerForm()
    if request.method == "GET" and versions:
        # Start from the newest text: a draft to finish, or a version to revise.
        form.text.data = versions[-1].text

    status = 200
    if form.validate_on_submit():
        submit = bool(form.send.data)
        try:
            save_answer(
                db,
                user_id=current_user.id,
                unit_code=code,
                check_id=check_id,
                text=form.text.data or "",
                submit=submit,
            )
        except InvalidInput as error:
            flash(error.message, "error")
            status = 400
        else:
            message = "Submitted for assessment." if submit else "Draft saved."
            flash(message, "success")
            return redirect(
                url_for("learner.written_task", code=code, check_id=check_id)
            )
    elif request.method == "POST":
        status = 400
    return render_template(
        "learner/task.html", unit=unit, check=check, form=form, versions=versions
    ), status


@blueprint.route("/scenarios/<key>")
@admits(*ANYONE_SIGNED_IN)
def scenario(key: str):  # type: ignore[no-untyped-def]
    """A scenario's introduction, with the learner's past attempts."""
    db = get_db()
    catalogue = get_catalogue(db)
    if key not in catalogue.scenarios:
        abort(404)
    _, scenario = catalogue.scenarios[key]
    attempts = []
    if current_user.role == "learner":
        attempts = attempt_service.find_attempts(db, current_user.id, key)
    return render_template(
        "learner/scenario.html",
        scenario=scenario,
        attempts=attempts,
        catalogue=catalogue,
        form=ActionForm(),
        counted=attempt_service.get_counted_percent(attempts, scenario.score_policy),
        attempts_left=attempt_service.count_attempts_left(scenario, attempts),
    )


@blueprint.route("/scenarios/<key>/start", methods=["POST"])
@admits(*LEARNER)
def start_scenario(key: str):  # type: ignore[no-untyped-def]
    """Start a new attempt, or resume the open one."""
    if not ActionForm().validate_on_submit():
        raise InvalidInput("This form has expired. Reload the page and try again.")
    attempt = attempt_service.start_attempt(get_db(), current_user.id, key)
    return redirect(url_for("learner.play", attempt_id=attempt.id))


@blueprint.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@admits(*LEARNER)
def play(attempt_id: int):  # type: ignore[no-untyped-def]
    """Show the current scene, and take a step when a choice is sent."""
    db = get_db()
    form = StepForm()
    status = 200
    if request.method == "POST":
        status = take_step(attempt_id, form)
        if status == 303:
            return redirect(url_for("learner.play", attempt_id=attempt_id), code=303)

    view = attempt_service.get_attempt_view(db, attempt_id, current_user.id)
    if view.attempt.is_finished:
        if status == 200:
            return redirect(url_for("learner.debrief", attempt_id=attempt_id))
        return render_template("learner/stale.html", view=view), status

    from course.engine.play import find_open_choices

    scene = view.scenario.scenes[view.attempt.scene_id]
    position = attempt_service.position_of(view.attempt)
    choices = find_open_choices(scene, position.state)
    last_step = view.steps[-1] if view.steps else None
    last_choice = None
    if last_step is not None:
        last_choice = view.scenario.scenes[last_step.scene_id].choices[
            last_step.choice_index
        ]
    # A refused form keeps what the learner picked and wrote, unless it was stale.
    kept = request.form if status == 400 else {}
    page = render_template(
        "learner/play.html",
        view=view,
        scene=scene,
        choices=choices,
        form=form,
        last_step=last_step,
        last_choice=last_choice,
        kept_choice=kept.get("choice", ""),
        kept_reason=kept.get("justification", ""),
        refused=status != 200,
    )
    # The back button must fetch the current scene, never show an old form.
    return page, status, {"Cache-Control": "no-store"}


def take_step(attempt_id: int, form: StepForm) -> int:
    """Apply a posted step; return 303 on success or the error status."""
    if not form.validate_on_submit():
        flash("This form has expired. Reload the page and choose again.", "error")
        return 400
    step = parse_whole_number(form.step.data)
    choice = parse_whole_number(request.form.get("choice"), allow_negative=True)
    if step is None or choice is None:
        flash("Choose one of the options, then press Choose.", "error")
        return 400
    try:
        attempt_service.take_step(
            get_db(),
            user_id=current_user.id,
            attempt_id=attempt_id,
            step_number=step,
            choice_index=choice,
            justification=form.justification.data or "",
        )
    except StaleStep as error:
        flash(error.message, "info")
        return 409
    except InvalidInput as error:
        flash(error.message, "error")
        return 400
    issue_if_complete()
    return 303


@blueprint.route("/attempts/<int:attempt_id>/debrief")
@admits(*LEARNER)
def debrief(attempt_id: int):  # type: ignore[no-untyped-def]
    """The end of an attempt: score, pass or not, path taken beside the best."""
    db = get_db()
    view = attempt_service.get_attempt_view(db, attempt_id, current_user.id)
    if not view.attempt.is_finished:
        return redirect(url_for("learner.play", attempt_id=attempt_id))
    analysis = get_analysis(db, view.attempt.version_id)
    return render_template("learner/debrief.html", view=view, analysis=analysis)


@blueprint.route("/certificate")
@admits(*LEARNER)
def certificate():  # type: ignore[no-untyped-def]
    """The learner's certificate, or what is still needed for it."""
    db = get_db()
    issue_if_complete()
    certificate = get_certificate_for_learner(db, current_user.id)
    progress = get_learner_progress(db, current_user.id)
    return render_template(
        "learner/certificate.html", certificate=certificate, progress=progress
    )


@blueprint.route("/certificates/<code>.pdf")
@admits(*ANYONE_SIGNED_IN)
def certificate_pdf(code: str):  # type: ignore[no-untyped-def]
    """Download a stored certificate PDF; ``?variant=archival`` gives PDF/A."""
    db = get_db()
    certificate = get_certificate_pdf(db, code, current_user)
    archival = request.args.get("variant") == "archival"
    data = get_archival_pdf(db, certificate) if archival else certificate.pdf
    suffix = "-pdfa" if archival else ""
    return send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"certificate-{certificate.code}{suffix}.pdf",
    )
