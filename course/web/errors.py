"""Every error becomes a friendly page with the right status, in one place."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from course.errors import CourseError

log = logging.getLogger(__name__)

FRIENDLY = {
    400: "The request could not be understood. Go back and try again.",
    403: "Your role does not give access to this page.",
    404: "There is nothing at this address. Check the link, or start from the home "
    "page.",
    405: "That page cannot be used that way. Go back and use the buttons on the page.",
    413: "That file is too large. Choose a smaller file.",
    429: "Too many requests in a short time. Wait a minute, then try again.",
    500: "Something went wrong on our side. Your work is saved; try again shortly.",
}


def render_error(status: int, message: str):  # type: ignore[no-untyped-def]
    """The error page with ``message`` and ``status``."""
    return render_template("error.html", status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    """Map project errors, HTTP errors and the unexpected to error pages."""

    @app.errorhandler(CourseError)
    def course_error(error: CourseError):  # type: ignore[no-untyped-def]
        return render_error(error.status, error.message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        log.warning("form rejected: %s", error.description)
        return render_error(
            400,
            "This form has expired or was sent from elsewhere. "
            "Reload the page and send it again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        status = error.code or 500
        return render_error(status, FRIENDLY.get(status, error.description or ""))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # type: ignore[no-untyped-def]
        log.exception("unexpected error")
        return render_error(500, FRIENDLY[500])
