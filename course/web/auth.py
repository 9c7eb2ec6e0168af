"""Sign up, sign in, sign out."""

from __future__ import annotations

from urllib.parse import urlsplit
from zoneinfo import available_timezones

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from course.errors import InvalidInput, NotFound
from course.services.accounts import authenticate, create_user, end_all_sessions
from course.services.cohorts import (
    accept_invitations,
    get_cohort_by_token,
    join_cohort,
)
from course.web.access import ANYONE_SIGNED_IN, PUBLIC, admits
from course.web.forms import ActionForm, SignInForm, SignUpForm
from course.web.helpers import get_db

blueprint = Blueprint("auth", __name__)

#: where a followed invitation link waits while its learner signs up or in
JOIN_KEY = "join_token"


def safe_next(target: str | None) -> str:
    """Only follow a ``next`` link that stays on this site."""
    if not target:
        return url_for("learner.home")
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return url_for("learner.home")
    return target


@blueprint.route("/signup", methods=["GET", "POST"])
@admits(PUBLIC)
def signup():  # type: ignore[no-untyped-def]
    """Create a learner account."""
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                get_db(),
                email=form.email.data or "",
                name=form.name.data or "",
                password=form.password.data or "",
                timezone=(form.timezone.data or "Europe/London").strip(),
            )
        except InvalidInput as error:
            flash(error.message, "error")
        else:
            login_user(user)
            flash("Welcome! Your account is ready.", "success")
            join_invited_cohorts(user)
            return redirect(url_for("learner.home"))
    status = 400 if form.errors or request.method == "POST" else 200
    zones = sorted(available_timezones())
    return render_template("auth/signup.html", form=form, timezones=zones), status


@blueprint.route("/login", methods=["GET", "POST"])
@admits(PUBLIC)
def login():  # type: ignore[no-untyped-def]
    """Sign in with email and password."""
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = authenticate(
                get_db(), form.email.data or "", form.password.data or ""
            )
        except InvalidInput as error:
            flash(error.message, "error")
        else:
            if user is not None:
                login_user(user, remember=bool(form.remember.data))
                join_invited_cohorts(user)
                return redirect(safe_next(request.args.get("next")))
            flash(
                "That email and password do not match an account. Try again.", "error"
            )
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@blueprint.route("/logout", methods=["POST"])
@admits(*ANYONE_SIGNED_IN)
def logout():  # type: ignore[no-untyped-def]
    """Sign out."""
    if ActionForm().validate_on_submit():
        end_all_sessions(get_db(), current_user.id)
        logout_user()
        session.clear()
        flash("You are signed out.", "success")
    return redirect(url_for("learner.home"))


@blueprint.route("/join/<token>", methods=["GET", "POST"])
@admits(PUBLIC)
def join(token: str):  # type: ignore[no-untyped-def]
    """An invitation link: join its cohort, signing up or in first if needed."""
    cohort = get_cohort_by_token(get_db(), token)
    if cohort is None:
        raise NotFound(
            "This invitation link is not valid. Ask your trainer for a new one."
        )
    if not current_user.is_authenticated:
        session[JOIN_KEY] = token
        flash(f"Sign up, or sign in, to join {cohort.name}.", "info")
        return redirect(url_for("auth.signup"))
    if current_user.role != "learner":
        flash("Only learner accounts can join a cohort.", "error")
        return redirect(url_for("learner.home"))
    if request.method == "POST" and ActionForm().validate_on_submit():
        join_cohort(get_db(), user_id=current_user.id, token=token)
        flash(f"You have joined {cohort.name}.", "success")
        return redirect(url_for("learner.home"))
    return render_template("admin/join.html", cohort=cohort)


def join_invited_cohorts(user) -> None:  # type: ignore[no-untyped-def]
    """After sign-up or sign-in, join a followed link's cohort and imported ones."""
    joined = accept_invitations(get_db(), user)
    token = session.pop(JOIN_KEY, None)
    if token and user.role == "learner":
        try:
            cohort = join_cohort(get_db(), user_id=user.id, token=str(token))
        except (NotFound, InvalidInput) as error:
            flash(error.message, "error")
        else:
            flash(f"You have joined {cohort.name}.", "success")
    elif joined:
        flash("You have been added to your training cohort.", "success")
