"""Sign up, sign in, sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user

from course.errors import InvalidInput
from course.services.accounts import authenticate, create_user
from course.web.access import ANYONE_SIGNED_IN, PUBLIC, admits
from course.web.forms import ActionForm, SignInForm, SignUpForm
from course.web.helpers import get_db

blueprint = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only follow a ``next`` link that stays on this site."""
    if not target:
        return url_for("learner.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
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
            return redirect(url_for("learner.home"))
    status = 400 if form.errors or request.method == "POST" else 200
    return render_template("auth/signup.html", form=form), status


@blueprint.route("/login", methods=["GET", "POST"])
@admits(PUBLIC)
def login():  # type: ignore[no-untyped-def]
    """Sign in with email and password."""
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(get_db(), form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user, remember=bool(form.remember.data))
            return redirect(safe_next(request.args.get("next")))
        flash("That email and password do not match an account. Try again.", "error")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@blueprint.route("/logout", methods=["POST"])
@admits(*ANYONE_SIGNED_IN)
def logout():  # type: ignore[no-untyped-def]
    """Sign out."""
    if ActionForm().validate_on_submit():
        logout_user()
        flash("You are signed out.", "success")
    return redirect(url_for("learner.home"))
