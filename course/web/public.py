"""Pages anyone can open: certificate verification."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from course.certificates.codes import InvalidCodeError, normalise_code
from course.services.certificates import (
    find_certificate_by_pdf,
    get_certificate_by_code,
    is_same_pdf,
    is_verify_allowed,
)
from course.web.access import PUBLIC, admits
from course.web.forms import ActionForm, VerifyForm
from course.web.helpers import get_db

blueprint = Blueprint("public", __name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def check_rate_limit() -> None:
    """Refuse with 429 when one address verifies too often in a minute."""
    limit = current_app.config["VERIFY_RATE_LIMIT"]
    if not is_verify_allowed(get_db(), request.remote_addr or "-", limit):
        abort(429)


def describe_code_problem(code: str) -> str:
    """Why typed text cannot be a verification code, or "" if it could be one."""
    try:
        normalise_code(code)
    except InvalidCodeError as error:
        return str(error)
    return ""


@blueprint.route("/verify", methods=["GET", "POST"])
@admits(PUBLIC)
def verify_form():  # type: ignore[no-untyped-def]
    """Check by code (a code in the query string goes to its page) or by PDF."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for("public.verify", code=code))
    if "code" in request.args:
        flash("Type the code printed on the certificate, then press Check.", "error")

    status = 200
    if request.method == "POST":
        check_rate_limit()
        data = read_upload()
        if not data:
            flash("Choose the certificate's PDF file, then press Compare.", "error")
            status = 400
        else:
            found = find_certificate_by_pdf(get_db(), data)
            if found is not None:
                flash("This PDF is byte for byte a certificate issued here.", "success")
                return redirect(url_for("public.verify", code=found.code))
            flash(
                "This PDF does not match any certificate issued here. It may have "
                "been changed, or it was issued somewhere else.",
                "error",
            )
            status = 404
    return render_template("public/verify_form.html", upload_form=ActionForm()), status


def read_upload() -> bytes:
    """The uploaded PDF's bytes (empty if none); 413 if it is too large."""
    upload = request.files.get("pdf")
    data = upload.read(MAX_UPLOAD_BYTES + 1) if upload else b""
    if len(data) > MAX_UPLOAD_BYTES:
        abort(413)
    return data


@blueprint.route("/verify/<code>", methods=["GET", "POST"])
@admits(PUBLIC)
def verify(code: str):  # type: ignore[no-untyped-def]
    """Whether a code belongs to a valid certificate; optionally compare a PDF."""
    check_rate_limit()
    certificate = get_certificate_by_code(get_db(), code)
    form = VerifyForm(code=code)
    upload_result = None
    if (
        request.method == "POST"
        and certificate is not None
        and form.validate_on_submit()
    ):
        data = read_upload()
        if not data:
            upload_result = "empty"
        else:
            upload_result = "same" if is_same_pdf(certificate, data) else "different"
    status = 200 if certificate is not None else 404
    return render_template(
        "public/verify.html",
        certificate=certificate,
        code=code,
        problem=describe_code_problem(code),
        form=form,
        upload_result=upload_result,
    ), status
