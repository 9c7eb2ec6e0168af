"""Who may open which page: every view states its roles here, in one decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import redirect, request, url_for
from flask_login import current_user

from course.errors import PermissionDenied

PUBLIC = "public"
LEARNER = ("learner",)
ASSESSORS = ("assessor", "lead_assessor", "admin")
STAFF = ("assessor", "lead_assessor", "trainer", "admin")
TRAINERS = ("trainer", "admin")
ANYONE_SIGNED_IN = ("learner", "assessor", "lead_assessor", "trainer", "admin")


def admits(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Admit only ``roles`` to a view ("public" admits everyone)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if PUBLIC in roles:
                return view(*args, **kwargs)
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path))
            if current_user.role not in roles:
                raise PermissionDenied("Your role does not give access to this page.")
            return view(*args, **kwargs)

        guarded.admitted_roles = roles  # type: ignore[attr-defined]
        return guarded

    return decorate
