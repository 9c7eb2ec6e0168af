"""Small helpers shared by the views and templates."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_login import current_user
from markupsafe import Markup

from course.authoring.render import render_markdown
from course.engine.progress import STATUS_LABELS
from course.store.db import Database

ACTION_LABELS = {
    "handle": "Handle it",
    "workaround": "Work around",
    "escalate": "Escalate",
}


def get_db() -> Database:
    """The app's database handle."""
    return current_app.extensions["course.db"]


def markdown(text: str) -> Markup:
    """Trainer Markdown as safe HTML: raw HTML off, safe link schemes only."""
    return Markup(render_markdown(text))


def local_time(moment: datetime | None) -> str:
    """A stored UTC time shown in the signed-in user's time zone."""
    if moment is None:
        return ""
    zone = getattr(current_user, "timezone", None) or "Europe/London"
    return moment.astimezone(ZoneInfo(zone)).strftime("%d %b %Y, %H:%M")


def template_helpers() -> dict[str, Any]:
    """Names every template can use."""
    return {
        "markdown": markdown,
        "local_time": local_time,
        "action_labels": ACTION_LABELS,
        "status_labels": STATUS_LABELS,
    }


def parse_whole_number(raw: str | None, *, allow_negative: bool = False) -> int | None:
    """A small whole number typed in ASCII digits, or None for anything else."""
    text = (raw or "").strip()
    sign = 1
    if allow_negative and text.startswith("-"):
        sign, text = -1, text[1:]
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return None
    return sign * int(text)
