"""Cohorts: creating them, enrolling learners, assigning assessors, and scope.

An assessor sees only the learners of cohorts assigned to them; lead
assessors, trainers and admins see everyone.
"""

from __future__ import annotations

import csv
import io
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.errors import InvalidInput, NotFound, PermissionDenied
from course.services.accounts import clean_email, clean_name
from course.services.audit import record_event
from course.store.db import Database
from course.store.models import (
    Cohort,
    CohortAssessor,
    CohortInvitation,
    CohortMember,
    User,
    utcnow,
)

log = logging.getLogger(__name__)

SEES_EVERY_COHORT = ("lead_assessor", "trainer", "admin")
MANAGES_COHORTS = ("trainer", "admin")
ASSIGNABLE_ROLES = ("assessor", "lead_assessor")
MAX_IMPORT_ROWS = 2000
MAX_COHORT_NAME = 120


class ImportRejected(InvalidInput):
    """A CSV import with bad rows; nothing was imported."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            f"Nothing was imported: {len(problems)} problem(s) in the file. "
            "Fix the rows listed and import the whole file again."
        )
        self.problems = problems


@dataclass(frozen=True)
class ImportReport:
    """What a successful import did."""

    enrolled: int
    invited: int
    unchanged: int


def query_visible_learner_ids(session: Session, viewer: User) -> set[int] | None:
    """The ids of learners ``viewer`` may see, or None for every learner."""
    if viewer.role in SEES_EVERY_COHORT:
        return None
    if viewer.role != "assessor":
        return set()
    cohort_ids = select(CohortAssessor.cohort_id).where(
        CohortAssessor.user_id == viewer.id
    )
    rows = session.scalars(
        select(CohortMember.user_id).where(CohortMember.cohort_id.in_(cohort_ids))
    )
    return set(rows)


def is_learner_visible(session: Session, viewer: User, learner_id: int) -> bool:
    """Whether ``viewer`` may see one learner's work."""
    visible = query_visible_learner_ids(session, viewer)
    return visible is None or learner_id in visible


def get_visible_learner(db: Database, viewer: User, learner_id: int) -> User:
    """A learner ``viewer`` may see; NotFound for anyone else."""
    with db.reading() as session:
        learner = session.get(User, learner_id)
        if learner is None or learner.role != "learner":
            raise NotFound("There is no learner with that number.")
        if not is_learner_visible(session, viewer, learner_id):
            raise NotFound("There is no learner with that number in your cohorts.")
    return learner


def find_visible_learners(
    db: Database, viewer: User, cohort_id: int | None = None
) -> list[User]:
    """The learners ``viewer`` may see, by name, optionally of one cohort."""
    with db.reading() as session:
        query = select(User).where(User.role == "learner").order_by(User.name, User.id)
        if cohort_id is not None:
            members = select(CohortMember.user_id).where(
                CohortMember.cohort_id == cohort_id
            )
            query = query.where(User.id.in_(members))
        visible = query_visible_learner_ids(session, viewer)
        if visible is not None:
            query = query.where(User.id.in_(visible))
        return list(session.scalars(query))


def find_cohorts(db: Database, viewer: User) -> list[Cohort]:
    """The cohorts ``viewer`` may see, by name."""
    with db.reading() as session:
        query = select(Cohort).order_by(Cohort.name)
        if viewer.role not in SEES_EVERY_COHORT:
            assigned = select(CohortAssessor.cohort_id).where(
                CohortAssessor.user_id == viewer.id
            )
            query = query.where(Cohort.id.in_(assigned))
        return list(session.scalars(query))


def get_cohort(db: Database, viewer: User, cohort_id: int) -> Cohort:
    """One cohort ``viewer`` may see; NotFound otherwise."""
    for cohort in find_cohorts(db, viewer):
        if cohort.id == cohort_id:
            return cohort
    raise NotFound("There is no cohort with that number.")


def get_cohort_by_token(db: Database, token: str) -> Cohort | None:
    """The cohort an invitation link belongs to, or None."""
    with db.reading() as session:
        return session.scalar(select(Cohort).where(Cohort.invite_token == token))


def find_members(db: Database, cohort_id: int) -> list[User]:
    """The learners enrolled in a cohort, by name."""
    with db.reading() as session:
        members = select(CohortMember.user_id).where(
            CohortMember.cohort_id == cohort_id
        )
        query = select(User).where(User.id.in_(members)).order_by(User.name, User.id)
        return list(session.scalars(query))


def find_assessors(db: Database, cohort_id: int) -> list[User]:
    """The assessors assigned to a cohort, by name."""
    with db.reading() as session:
        assigned = select(CohortAssessor.user_id).where(
            CohortAssessor.cohort_id == cohort_id
        )
        query = select(User).where(User.id.in_(assigned)).order_by(User.name)
        return list(session.scalars(query))


def find_pending_invitations(db: Database, cohort_id: int) -> list[CohortInvitation]:
    """Imported people who have not signed up yet."""
    with db.reading() as session:
        return list(
            session.scalars(
                select(CohortInvitation)
                .where(
                    CohortInvitation.cohort_id == cohort_id,
                    CohortInvitation.accepted_at.is_(None),
                )
                .order_by(CohortInvitation.email)
            )
        )


def require_manager(session: Session, actor_id: int) -> User:
    """The acting user, if they may manage cohorts; PermissionDenied otherwise."""
    actor = session.get(User, actor_id)
    if actor is None or actor.role not in MANAGES_COHORTS:
        raise PermissionDenied("Only trainers and admins can manage cohorts.")
    return actor


def create_cohort(db: Database, *, actor_id: int, name: str) -> Cohort:
    """Create a cohort with a fresh invitation link."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Give the cohort a name, for example 'March 2027 intake'.")
    if len(name) > MAX_COHORT_NAME:
        raise InvalidInput(f"Cohort names can be at most {MAX_COHORT_NAME} characters.")

    with db.transaction() as session:
        require_manager(session, actor_id)
        if session.scalar(select(Cohort.id).where(Cohort.name == name)):
            raise InvalidInput("A cohort with that name exists. Choose another name.")
        cohort = Cohort(
            name=name, invite_token=secrets.token_urlsafe(24), created_by=actor_id
        )
        session.add(cohort)
        session.flush()
        record_event(
            session,
            actor_id=actor_id,
            action="cohort.created",
            subject_type="cohort",
            subject_id=cohort.id,
            after={"name": name},
        )
    return cohort


def assign_assessor(
    db: Database, *, actor_id: int, cohort_id: int, assessor_id: int
) -> None:
    """Let an assessor see and judge a cohort's work; assigning twice is harmless."""
    with db.transaction() as session:
        require_manager(session, actor_id)
        if session.get(Cohort, cohort_id) is None:
            raise NotFound("There is no cohort with that number.")
        assessor = session.get(User, assessor_id)
        if assessor is None or assessor.role not in ASSIGNABLE_ROLES:
            raise InvalidInput("Choose an assessor from the list.")
        exists = session.scalar(
            select(CohortAssessor.id).where(
                CohortAssessor.cohort_id == cohort_id,
                CohortAssessor.user_id == assessor_id,
            )
        )
        if exists:
            return
        session.add(CohortAssessor(cohort_id=cohort_id, user_id=assessor_id))
        record_event(
            session,
            actor_id=actor_id,
            action="cohort.assessor_assigned",
            subject_type="cohort",
            subject_id=cohort_id,
            after={"assessor_id": assessor_id},
        )


def enrol(session: Session, cohort_id: int, user_id: int) -> bool:
    """Add a learner to a cohort in ``session``; False if already there."""
    exists = session.scalar(
        select(CohortMember.id).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id
        )
    )
    if exists:
        return False
    session.add(CohortMember(cohort_id=cohort_id, user_id=user_id))
    return True


def join_cohort(db: Database, *, user_id: int, token: str) -> Cohort:
    """Enrol a learner through an invitation link; joining twice is harmless."""
    with db.transaction() as session:
        cohort = session.scalar(select(Cohort).where(Cohort.invite_token == token))
        if cohort is None:
            raise NotFound("This invitation link is not valid. Ask for a new one.")
        user = session.get(User, user_id)
        if user is None or user.role != "learner":
            raise InvalidInput("Only learner accounts can join a cohort.")
        if enrol(session, cohort.id, user_id):
            log.info("learner %s joined cohort %s by link", user_id, cohort.id)
    return cohort


def accept_invitations(db: Database, user: User) -> int:
    """Enrol a new learner in every cohort that imported their email."""
    # TODO: nobody proves they own the email; confirm it by mail once the
    # module can send mail, before invitations are accepted.
    if user.role != "learner":
        return 0
    with db.transaction() as session:
        invitations = list(
            session.scalars(
                select(CohortInvitation).where(
                    CohortInvitation.email == user.email,
                    CohortInvitation.accepted_at.is_(None),
                )
            )
        )
        for invitation in invitations:
            enrol(session, invitation.cohort_id, user.id)
            invitation.accepted_at = utcnow()
    return len(invitations)


@dataclass(frozen=True)
class ImportRow:
    """One good row of an import file."""

    number: int
    name: str
    email: str


def read_import_rows(text: str) -> list[ImportRow]:
    """Check a name,email CSV; raise ImportRejected listing every bad row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if "name" not in headers or "email" not in headers:
        raise ImportRejected(["Row 1: the first row must be the headings name,email."])
    reader.fieldnames = headers
    rows: list[ImportRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    try:
        for record in reader:
            number = reader.line_num
            if len(rows) + len(problems) >= MAX_IMPORT_ROWS:
                raise ImportRejected(
                    [f"More than {MAX_IMPORT_ROWS} rows: split the file."]
                )
            row, problem = check_import_row(number, record, seen)
            if problem:
                problems.append(problem)
            elif row:
                rows.append(row)
    except csv.Error as error:
        problems.append(f"Row {reader.line_num}: not readable as CSV ({error}).")
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected(["The file has headings but no learners."])
    return rows


def check_import_row(
    number: int, record: dict[str | None, object], seen: dict[str, int]
) -> tuple[ImportRow | None, str]:
    """One row as an ImportRow, or a message naming its row number."""
    name = str(record.get("name") or "")
    email = str(record.get("email") or "")
    if not name.strip() and not email.strip():
        return None, ""
    try:
        name = clean_name(name)
        email = clean_email(email)
    except InvalidInput as error:
        return None, f"Row {number}: {error.message}"
    if email in seen:
        return None, f"Row {number}: {email} is already on row {seen[email]}."
    seen[email] = number
    return ImportRow(number, name, email), ""


def import_learners(
    db: Database, *, actor_id: int, cohort_id: int, text: str
) -> ImportReport:
    """Enrol every learner of a name,email CSV, or nobody if any row is bad."""
    rows = read_import_rows(text)
    enrolled = invited = unchanged = 0
    with db.transaction() as session:
        require_manager(session, actor_id)
        if session.get(Cohort, cohort_id) is None:
            raise NotFound("There is no cohort with that number.")
        users = {
            u.email: u
            for u in session.scalars(
                select(User).where(User.email.in_([r.email for r in rows]))
            )
        }
        staff = [
            f"Row {r.number}: {r.email} belongs to a staff account, not a learner."
            for r in rows
            if r.email in users and users[r.email].role != "learner"
        ]
        if staff:
            raise ImportRejected(staff)
        for row in rows:
            if row.email in users:
                if enrol(session, cohort_id, users[row.email].id):
                    enrolled += 1
                else:
                    unchanged += 1
            elif invite(session, cohort_id, row):
                invited += 1
            else:
                unchanged += 1
        record_event(
            session,
            actor_id=actor_id,
            action="cohort.imported",
            subject_type="cohort",
            subject_id=cohort_id,
            after={"enrolled": enrolled, "invited": invited, "unchanged": unchanged},
        )
    return ImportReport(enrolled, invited, unchanged)


def invite(session: Session, cohort_id: int, row: ImportRow) -> bool:
    """Keep an invitation for someone without an account; False if kept already."""
    exists = session.scalar(
        select(CohortInvitation.id).where(
            CohortInvitation.cohort_id == cohort_id,
            CohortInvitation.email == row.email,
        )
    )
    if exists:
        return False
    session.add(CohortInvitation(cohort_id=cohort_id, email=row.email, name=row.name))
    return True
