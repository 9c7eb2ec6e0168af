"""Knowledge checks and written answers."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from course.authoring.model import Check, Unit
from course.errors import InvalidInput, NotFound
from course.services.content import get_catalogue
from course.store.db import Database
from course.store.models import Answer, CheckResponse, User, utcnow

log = logging.getLogger(__name__)

MAX_ANSWER_LENGTH = 20_000


def get_unit_check(
    db: Database, unit_code: str, check_id: str
) -> tuple[int, Unit, Check]:
    """The current version of a unit and one of its checks; NotFound otherwise."""
    catalogue = get_catalogue(db)
    if unit_code not in catalogue.units:
        raise NotFound("There is no unit with that code.")
    version_id, unit = catalogue.units[unit_code]
    for check in unit.checks:
        if check.id == check_id:
            return version_id, unit, check
    raise NotFound("There is no such question in this unit.")


def record_check_response(
    db: Database, *, user_id: int, unit_code: str, check_id: str, selected: list[int]
) -> CheckResponse:
    """Mark a single- or multiple-choice answer at once and keep it."""
    version_id, _, check = get_unit_check(db, unit_code, check_id)
    if check.kind == "written":
        raise InvalidInput("This is a written task; write your answer in the box.")
    if not selected:
        raise InvalidInput("Choose an answer before you check it.")
    if any(i < 0 or i >= len(check.options) for i in selected):
        raise InvalidInput("That answer is not one of the options. Choose again.")
    if check.kind == "single" and len(selected) != 1:
        raise InvalidInput("Choose one answer only.")

    chosen = sorted(set(selected))
    correct_set = [i for i, option in enumerate(check.options) if option.correct]
    with db.transaction() as session:
        response = CheckResponse(
            user_id=user_id,
            unit_code=unit_code,
            check_id=check_id,
            version_id=version_id,
            selected={"options": chosen},
            correct=chosen == correct_set,
        )
        session.add(response)
    return response


def get_latest_check_response(
    db: Database, user_id: int, unit_code: str, check_id: str
) -> CheckResponse | None:
    """The learner's most recent answer to one check."""
    with db.reading() as session:
        return session.scalar(
            select(CheckResponse)
            .where(
                CheckResponse.user_id == user_id,
                CheckResponse.unit_code == unit_code,
                CheckResponse.check_id == check_id,
            )
            .order_by(CheckResponse.id.desc())
        )


def find_answer_versions(
    db: Database, user_id: int, unit_code: str, check_id: str
) -> list[Answer]:
    """Every version of a learner's written answer, oldest first."""
    with db.reading() as session:
        return list(
            session.scalars(
                select(Answer)
                .where(
                    Answer.user_id == user_id,
                    Answer.unit_code == unit_code,
                    Answer.check_id == check_id,
                )
                .order_by(Answer.version)
            )
        )


def save_answer(
    db: Database,
    *,
    user_id: int,
    unit_code: str,
    check_id: str,
    text: str,
    submit: bool,
) -> Answer:
    """Save a draft, or submit for assessment as a new version."""
    _, _, check = get_unit_check(db, unit_code, check_id)
    if check.kind != "written":
        raise InvalidInput("This question is answered by choosing an option.")
    if len(text) > MAX_ANSWER_LENGTH:
        raise InvalidInput(
            f"Answers can be at most {MAX_ANSWER_LENGTH} characters; yours has "
            f"{len(text)}. Shorten it and save again. Nothing was lost."
        )
    if submit and not text.strip():
        raise InvalidInput("Write your answer before you submit it.")

    try:
        answer = store_answer(db, user_id, check, unit_code, text, submit)
    except IntegrityError as error:
        raise InvalidInput(
            "Your answer was being saved twice at once. Reload the page to see "
            "the saved version."
        ) from error

    log.info(
        "answer %s version %s %s",
        answer.id,
        answer.version,
        "submitted" if submit else "saved as draft",
    )
    return answer


def store_answer(
    db: Database, user_id: int, check: Check, unit_code: str, text: str, submit: bool
) -> Answer:
    """Write the draft or the new version in one transaction."""
    with db.transaction() as session:
        # Lock the learner's row so two saves of theirs cannot interleave.
        session.execute(select(User.id).where(User.id == user_id).with_for_update())
        latest = session.scalar(
            select(Answer)
            .where(
                Answer.user_id == user_id,
                Answer.unit_code == unit_code,
                Answer.check_id == check.id,
            )
            .order_by(Answer.version.desc())
            .with_for_update()
        )
        if latest is not None and latest.status == "draft":
            answer = latest
            answer.text = text
        else:
            number = (latest.version + 1) if latest else 1
            answer = Answer(
                user_id=user_id,
                unit_code=unit_code,
                check_id=check.id,
                version=number,
                text=text,
                criteria={"ids": list(check.criteria)},
            )
            session.add(answer)
        if submit:
            if latest is not None and latest.status == "submitted" and latest is answer:
                raise InvalidInput("This answer is already submitted.")
            answer.status = "submitted"
            answer.submitted_at = utcnow()
        session.flush()
    return answer
