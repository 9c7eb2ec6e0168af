"""Forms: every one carries a CSRF token through Flask-WTF."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length


class SignUpForm(FlaskForm):
    """A new learner's account."""

    name = StringField(
        "Your full name, as it should appear on your certificate",
        validators=[DataRequired(), Length(max=120)],
    )
    email = EmailField("Email address", validators=[DataRequired(), Email()])
    password = PasswordField(
        "Password (at least 10 characters)", validators=[DataRequired(), Length(min=10)]
    )
    confirm = PasswordField(
        "Password again",
        validators=[DataRequired(), EqualTo("password", "The passwords do not match.")],
    )
    timezone = StringField("Time zone", default="Europe/London")
    submit = SubmitField("Create account")


class SignInForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email address", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me signed in on this device")
    submit = SubmitField("Sign in")


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token and a button."""

    submit = SubmitField("Continue")


class StepForm(FlaskForm):
    """One scenario step: which step it answers, and the choice."""

    step = HiddenField()
    choice = RadioField("Your choice", coerce=int, validate_choice=False)
    justification = TextAreaField("Why did you choose this?")
    submit = SubmitField("Choose")


class AnswerForm(FlaskForm):
    """A written answer, saved as a draft or submitted."""

    text = TextAreaField("Your answer")
    save = SubmitField("Save draft")
    send = SubmitField("Submit for assessment")


class VerifyForm(FlaskForm):
    """A verification code, and optionally a PDF to compare."""

    code = StringField("Verification code", validators=[DataRequired()])
    pdf = FileField("Certificate PDF (optional)")
    submit = SubmitField("Check")
