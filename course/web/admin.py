"""Trainers' and admins' pages: cohorts, enrolment, assessors and exports."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from course.errors import InvalidInput
from course.services.accounts import find_users
from course.services.assessment import render_criteria_csv, render_judgements_csv
from course.services.certificates import get_certificate_by_code, revoke_certificate
from course.services.cohorts import (
    ImportRejected,
    assign_assessor,
    create_cohort,
    find_assessors,
    find_cohorts,
    find_members,
    find_pending_invitations,
    find_visible_learners,
    get_cohort,
    import_learners,
)
from course.web.access import STAFF, admits
from course.web.forms import AssignForm, CohortForm, ImportForm, RevokeForm
from course.web.helpers import get_db, parse_whole_number

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

MANAGERS = ("trainer", "admin")
MAX_CSV_BYTES = 1_000_000


@blueprint.route("/cohorts", methods=["GET", "POST"])
@admits(*MANAGERS)
def cohorts():  # type: ignore[no-untyped-def]
    """Every cohort, and a form to create one."""
    form = CohortForm()
    status = 200
    if form.validate_on_submit():
        try:
            cohort = create_cohort(
                get_db(), actor_id=current_user.id, name=form.name.data or ""
            )
        except InvalidInput as error:
            flash(error.message, "error")
            status = 400
        else:
            flash(f"Cohort {cohort.name} created.", "success")
            return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    elif request.method == "POST":
        flash("This form has expired. Reload the page and try again.", "error")
        status = 400
    return render_template(
        "admin/cohorts.html", cohorts=find_cohorts(get_db(), current_user), form=form
    ), status


@blueprint.route("/cohorts/<int:cohort_id>")
@admits(*MANAGERS)
def cohort(cohort_id: int):  # type: ignore[no-untyped-def]
    """A cohort: members, invitation link, import, assessors and exports."""
    db = get_db()
    found = get_cohort(db, current_user, cohort_id)
    return render_template(
        "admin/cohort.html",
        cohort=found,
        members=find_members(db, cohort_id),
        pending=find_pending_invitations(db, cohort_id),
        assessors=find_assessors(db, cohort_id),
        candidates=find_users(db, "assessor") + find_users(db, "lead_assessor"),
        invite_url=url_for("auth.join", token=found.invite_token, _external=True),
        import_form=ImportForm(),
        assign_form=AssignForm(),
        problems=[],
    )


@blueprint.route("/cohorts/<int:cohort_id>/import", methods=["POST"])
@admits(*MANAGERS)
def import_csv(cohort_id: int):  # type: ignore[no-untyped-def]
    """Enrol learners from a CSV: all rows or none."""
    db = get_db()
    found = get_cohort(db, current_user, cohort_id)
    form = ImportForm()
    if not form.validate_on_submit():
        flash("This form has expired. Reload the page and try again.", "error")
        return redirect(url_for("admin.cohort", cohort_id=cohort_id))
    try:
        report = import_learners(
            db, actor_id=current_user.id, cohort_id=cohort_id, text=read_csv_text(form)
        )
    except ImportRejected as error:
        flash(error.message, "error")
        return render_template(
            "admin/cohort.html",
            cohort=found,
            members=find_members(db, cohort_id),
            pending=find_pending_invitations(db, cohort_id),
            assessors=find_assessors(db, cohort_id),
            candidates=find_users(db, "assessor") + find_users(db, "lead_assessor"),
            invite_url=url_for("auth.join", token=found.invite_token, _external=True),
            import_form=form,
            assign_form=AssignForm(),
            problems=error.problems,
        ), 400
    except InvalidInput as error:
        flash(error.message, "error")
        return redirect(url_for("admin.cohort", cohort_id=cohort_id))
    flash(
        f"Imported: {report.enrolled} enrolled, {report.invited} invited to sign up, "
        f"{report.unchanged} already there.",
        "success",
    )
    return redirect(url_for("admin.cohort", cohort_id=cohort_id))


def read_csv_text(form: ImportForm) -> str:
    """The uploaded file's text, else the pasted text; InvalidInput if unreadable."""
    upload = form.file.data
    if upload and getattr(upload, "filename", ""):
        data = upload.read(MAX_CSV_BYTES + 1)
        if len(data) > MAX_CSV_BYTES:
            raise InvalidInput("The file is larger than 1 MB. Split it and try again.")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidInput(
                "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
            ) from error
    text = form.text.data or ""
    if not text.strip():
        raise InvalidInput("Choose a CSV file or paste its text, then import.")
    return text


@blueprint.route("/cohorts/<int:cohort_id>/assessors", methods=["POST"])
@admits(*MANAGERS)
def assign(cohort_id: int):  # type: ignore[no-untyped-def]
    """Assign an assessor to a cohort."""
    get_cohort(get_db(), current_user, cohort_id)
    form = AssignForm()
    raw = form.assessor.data or ""
    if not form.validate_on_submit() or parse_whole_number(raw) is None:
        flash("Choose an assessor from the list.", "error")
    else:
        try:
            assign_assessor(
                get_db(),
                actor_id=current_user.id,
                cohort_id=cohort_id,
                assessor_id=parse_whole_number(raw) or 0,
            )
        except InvalidInput as error:
            flash(error.message, "error")
        else:
            flash("Assessor assigned.", "success")
    return redirect(url_for("admin.cohort", cohort_id=cohort_id))


def csv_response(text: str, name: str) -> Response:
    """A CSV download; the byte-order mark tells spreadsheets it is UTF-8."""
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@blueprint.route("/cohorts/<int:cohort_id>/criteria.csv")
@admits(*STAFF)
def criteria_csv(cohort_id: int):  # type: ignore[no-untyped-def]
    """Every criterion by learner for one cohort, as CSV."""
    db = get_db()
    get_cohort(db, current_user, cohort_id)
    learners = find_visible_learners(db, current_user, cohort_id)
    return csv_response(
        render_criteria_csv(db, learners), f"cohort-{cohort_id}-criteria.csv"
    )


@blueprint.route("/cohorts/<int:cohort_id>/judgements.csv")
@admits(*STAFF)
def judgements_csv(cohort_id: int):  # type: ignore[no-untyped-def]
    """Every judgement on one cohort's work, with dates and assessors, as CSV."""
    db = get_db()
    get_cohort(db, current_user, cohort_id)
    learners = find_visible_learners(db, current_user, cohort_id)
    return csv_response(
        render_judgements_csv(db, learners), f"cohort-{cohort_id}-judgements.csv"
    )


@blueprint.route("/certificates/<code>/revoke", methods=["GET", "POST"])
@admits("admin")
def revoke(code: str):  # type: ignore[no-untyped-def]
    """Revoke an issued certificate, with a reason."""
    db = get_db()
    certificate = get_certificate_by_code(db, code)
    if certificate is None:
        from course.errors import NotFound

        raise NotFound("There is no certificate with that code.")
    form = RevokeForm()
    status = 200
    if form.validate_on_submit():
        try:
            revoke_certificate(
                db, actor_id=current_user.id, code=code, reason=form.reason.data or ""
            )
        except InvalidInput as error:
            flash(error.message, "error")
            status = 400
        else:
            flash("Certificate revoked.", "success")
            return redirect(url_for("admin.revoke", code=code))
    elif request.method == "POST":
        status = 400
    certificate = get_certificate_by_code(db, code)
    return render_template(
        "admin/revoke.html", certificate=certificate, form=form
    ), status
