"""Small helpers shared by the views and templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, g, url_for
from flask_login import current_user
from markupsafe import Markup

from course.authoring.render import render_markdown
from course.engine.progress import STATUS_LABELS
from course.services.certificates import issue_certificate_if_complete
from course.services.content import Catalogue, get_catalogue
from course.services.progress import LearnerProgress
from course.store.db import Database
from course.store.models import Certificate

ACTION_LABELS = {
    "handle": "Handle it",
    "workaround": "Work around",
    "escalate": "Escalate",
}


def get_db() -> Database:
    """The app's database handle."""
    return current_app.extensions["course.db"]


def issue_for_learner(learner_id: int) -> Certificate | None:
    """Issue a learner's certificate if the completion rule is now met."""
    config = current_app.config
    return issue_certificate_if_complete(
        get_db(),
        learner_id,
        signatory=(
            config["CERTIFICATE_SIGNATORY"],
            config["CERTIFICATE_SIGNATORY_ROLE"],
        ),
        public_url=config["PUBLIC_URL"],
    )


def get_request_catalogue() -> Catalogue:
    """The published content, looked up once per request."""
    if "catalogue" not in g:
        g.catalogue = get_catalogue(get_db())
    return g.catalogue


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
        "suggest_next_step": suggest_next_step,
        "pick_next_criterion": pick_next_criterion,
        "criterion_titles": CriterionTitles(),
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


class CriterionTitles:
    """Criterion ids to "1.5 Explain when ..." labels, looked up when used."""

    def get(self, criterion_id: str, default: str = "") -> str:
        """The label of one criterion of the published course."""
        criterion = get_request_catalogue().criteria().get(criterion_id)
        if criterion is None:
            return default
        return f"{criterion.unit_code} {criterion.ref} {criterion.title}"


@dataclass(frozen=True)
class NextStep:
    """What a learner should do next for one criterion: words and a link."""

    text: str
    link_text: str = ""
    url: str = ""


def suggest_next_step(progress: LearnerProgress, criterion_id: str) -> NextStep | None:
    """The next step towards one criterion, or None when it needs nothing."""
    status = progress.criteria[criterion_id].status
    catalogue = progress.catalogue
    criterion = catalogue.criteria()[criterion_id]
    if status == "met":
        return None
    if status == "awaiting":
        return NextStep("With your assessor: their feedback will appear here.")

    task = catalogue.find_written_task(criterion_id)
    if task is not None:
        url = url_for(
            "learner.written_task", code=criterion.unit_code, check_id=task.id
        )
        verb = "Revise" if status == "not_yet_met" else "Write and submit"
        return NextStep(f"{verb} your answer to", task.title, url)

    scenarios = catalogue.scenarios_for(criterion_id)
    if scenarios:
        url = url_for("learner.scenario", key=scenarios[0].id)
        return NextStep("Play the scenario", scenarios[0].title, url)
    url = url_for("learner.unit", code=criterion.unit_code)
    return NextStep("Answer the checks in", f"unit {criterion.unit_code}", url)


def pick_next_criterion(progress: LearnerProgress) -> str | None:
    """The criterion to work on first: a "not yet met", else the first open one."""
    open_ids = [
        cid
        for cid, p in progress.criteria.items()
        if p.status in ("not_yet_met", "in_progress", "not_started")
    ]
    returned = [c for c in open_ids if progress.criteria[c].status == "not_yet_met"]
    return (returned or open_ids or [None])[0]
