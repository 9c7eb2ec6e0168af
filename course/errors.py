"""The project's errors, mapped to responses in one place (``course.web.errors``)."""


class CourseError(Exception):
    """Base of every error the module raises on purpose."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(CourseError):
    """The user sent something we cannot accept; the message says what to fix."""


class IllegalMove(CourseError):
    """A scenario step that is not allowed from where the attempt stands."""

    status = 409


class StaleStep(IllegalMove):
    """A replayed, refreshed or back-button submission of an earlier step."""


class PermissionDenied(CourseError):
    """The signed-in user may not do this."""

    status = 403


class NotFound(CourseError):
    """The thing asked for does not exist, or is not the user's to see."""

    status = 404
