"""Forms: every one carries a CSRF token through Flask-WTF."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
)


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


class CohortForm(FlaskForm):
    """A new cohort's name."""

    name = StringField("Cohort name")
    submit = SubmitField("Create cohort")


class ImportForm(FlaskForm):
    """A name,email CSV, uploaded or pasted."""

    file = FileField("CSV file with the headings name,email")
    text = TextAreaField("Or paste the CSV here")
    submit = SubmitField("Import learners")


class AssignForm(FlaskForm):
    """An assessor to assign to a cohort."""

    assessor = StringField("Assessor")
    submit = SubmitField("Assign")


class RevokeForm(FlaskForm):
    """The reason a certificate is revoked."""

    reason = TextAreaField("Reason")
    submit = SubmitField("Revoke certificate")


class ReviewForm(FlaskForm):
    """A lead assessor's verdict on a sampled judgement."""

    outcome = RadioField(
        "Verdict",
        choices=[
            SelectChoice("agreed", "Agree"),
            SelectChoice("returned", "Return to the assessor"),
        ],
    )
    action = TextAreaField("Action for the assessor (required to return)")
    submit = SubmitField("Record verdict")


class SamplingForm(FlaskForm):
    """An assessor's sampling rate and new flag."""

    sample_rate = IntegerField(
        "Sampling rate (%)", validators=[InputRequired(), NumberRange(0, 100)]
    )
    is_new = BooleanField("New assessor: sample every judgement")
    submit = SubmitField("Save")
