"""Assessment work: the queue, submissions, sign-offs, QA sampling and exports."""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from course.errors import InvalidInput, NotFound, PermissionDenied
from course.services.audit import record_event
from course.services.cohorts import (
    get_visible_learner,
    is_learner_visible,
    query_visible_learner_ids,
)
from course.services.content import get_catalogue
from course.services.progress import LearnerProgress, get_learner_progress
from course.store.db import Database
from course.store.models import (
    Answer,
    AssessorSetting,
    Attempt,
    CohortMember,
    Judgement,
    QaReview,
    QaSample,
    UnitSignOff,
    User,
    utcnow,
)

log = logging.getLogger(__name__)

ASSESSING_ROLES = ("assessor", "lead_assessor", "admin")
QA_ROLES = ("lead_assessor", "admin")
#: every judgement of an assessor with fewer judgements than this is sampled
NEW_ASSESSOR_JUDGEMENTS = 10
DEFAULT_SAMPLE_RATE = 10
QA_OUTCOMES = ("agreed", "returned")


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; None means no limit."""

    cohort_id: int | None = None
    unit_code: str | None = None
    criterion_id: str | None = None
    min_age_days: int | None = None


@dataclass(frozen=True)
class QueueItem:
    """One submitted answer waiting for judgement on some of its criteria."""

    answer: Answer
    learner: User
    waiting: tuple[str, ...]
    age_days: int


@dataclass(frozen=True)
class Queue:
    """The work waiting, oldest first, with counts."""

    items: list[QueueItem]
    total: int
    by_unit: dict[str, int] = field(default_factory=dict)


def find_queue(
    db: Database, viewer: User, filters: QueueFilters, now: datetime | None = None
) -> Queue:
    """Latest submitted versions with a claimed criterion still unjudged."""
    now = now or utcnow()
    with db.reading() as session:
        answers = query_latest_submitted(session, viewer, filters.cohort_id)
        judged = query_judged_pairs(session, [a.id for a in answers])
        learners = {
            u.id: u
            for u in session.scalars(
                select(User).where(User.id.in_({a.user_id for a in answers}))
            )
        }

    waiting = []
    for answer in answers:
        unjudged = tuple(
            c for c in answer.criteria.get("ids", []) if (answer.id, c) not in judged
        )
        if unjudged:
            age = (now - answer.submitted_at).days if answer.submitted_at else 0
            waiting.append(QueueItem(answer, learners[answer.user_id], unjudged, age))
    by_unit: dict[str, int] = {}
    for item in waiting:
        by_unit[item.answer.unit_code] = by_unit.get(item.answer.unit_code, 0) + 1
    chosen = [item for item in waiting if matches(item, filters)]
    chosen.sort(key=lambda item: (item.answer.submitted_at or now, item.answer.id))
    return Queue(chosen, len(waiting), by_unit)


def matches(item: QueueItem, filters: QueueFilters) -> bool:
    """Whether a queue item passes the unit, criterion and age filters."""
    if filters.unit_code and item.answer.unit_code != filters.unit_code:
        return False
    if filters.criterion_id and filters.criterion_id not in item.waiting:
        return False
    return not (filters.min_age_days and item.age_days < filters.min_age_days)


def query_latest_submitted(
    session: Session, viewer: User, cohort_id: int | None
) -> list[Answer]:
    """The newest submitted version of each answer the viewer may see."""
    latest = (
        select(func.max(Answer.id))
        .where(Answer.status == "submitted")
        .group_by(Answer.user_id, Answer.unit_code, Answer.check_id)
    )
    query = select(Answer).where(Answer.id.in_(latest))
    visible = query_visible_learner_ids(session, viewer)
    if visible is not None:
        query = query.where(Answer.user_id.in_(visible))
    if cohort_id is not None:
        members = select(CohortMember.user_id).where(
            CohortMember.cohort_id == cohort_id
        )
        query = query.where(Answer.user_id.in_(members))
    return list(session.scalars(query))


def query_judged_pairs(session: Session, answer_ids: list[int]) -> set[tuple[int, str]]:
    """(answer id, criterion) pairs that have at least one judgement."""
    if not answer_ids:
        return set()
    rows = session.execute(
        select(Judgement.answer_id, Judgement.criterion_id).where(
            Judgement.answer_id.in_(answer_ids)
        )
    )
    return {(a, c) for a, c in rows if a is not None}


@dataclass(frozen=True)
class Submission:
    """One answer version with everything an assessor needs to judge it."""

    answer: Answer
    learner: User
    versions: list[Answer]
    judgements: list[Judgement]
    attempts: list[Attempt]
    is_latest: bool


def get_submission(db: Database, viewer: User, answer_id: int) -> Submission:
    """An answer the viewer may judge, its other versions and related evidence."""
    with db.reading() as session:
        answer = session.get(Answer, answer_id)
        if answer is None or answer.status != "submitted":
            raise NotFound("There is no submitted answer with that number.")
        if not is_learner_visible(session, viewer, answer.user_id):
            raise NotFound("There is no submitted answer with that number.")
        versions = list(
            session.scalars(
                select(Answer)
                .where(
                    Answer.user_id == answer.user_id,
                    Answer.unit_code == answer.unit_code,
                    Answer.check_id == answer.check_id,
                    Answer.status == "submitted",
                )
                .order_by(Answer.version)
            )
        )
        judgements = list(
            session.scalars(
                select(Judgement)
                .where(Judgement.answer_id.in_([v.id for v in versions]))
                .order_by(Judgement.id)
            )
        )
        attempts = find_related_attempts(session, answer)
        learner = session.get(User, answer.user_id)
    assert learner is not None
    return Submission(
        answer, learner, versions, judgements, attempts, versions[-1].id == answer.id
    )


def find_related_attempts(session: Session, answer: Answer) -> list[Attempt]:
    """Finished attempts that evidence any criterion the answer claims."""
    claimed = set(answer.criteria.get("ids", []))
    attempts = session.scalars(
        select(Attempt)
        .where(Attempt.user_id == answer.user_id, Attempt.finished_at.is_not(None))
        .options(selectinload(Attempt.steps))
        .order_by(Attempt.id)
    )
    return [a for a in attempts if claimed & set(a.criterion_scores)]


def pick_sample_reason(session: Session, assessor_id: int) -> str | None:
    """Why the assessor's newest judgement is sampled, or None if it is not.

    New assessors are sampled in full. Others are sampled at their rate, on a
    fixed stride (every tenth judgement at 10 %), so the share is exact.
    """
    setting = session.get(AssessorSetting, assessor_id)
    count = (
        session.scalar(select(func.count()).where(Judgement.assessor_id == assessor_id))
        or 0
    )
    if (setting and setting.is_new) or count <= NEW_ASSESSOR_JUDGEMENTS:
        return "new assessor"
    rate = setting.sample_rate if setting else DEFAULT_SAMPLE_RATE
    if count * rate // 100 > (count - 1) * rate // 100:
        return "sampling rate"
    return None


def record_sample_if_picked(session: Session, judgement: Judgement) -> None:
    """Put a new judgement in the lead assessor's sample when it is picked."""
    reason = pick_sample_reason(session, judgement.assessor_id)
    if reason is None:
        return
    session.add(QaSample(judgement_id=judgement.id, reason=reason))
    record_event(
        session,
        actor_id=None,
        action="qa.sampled",
        subject_type="judgement",
        subject_id=judgement.id,
        learner_id=judgement.learner_id,
        after={"reason": reason},
    )


@dataclass(frozen=True)
class SampleView:
    """A sampled judgement with its review, if it has one."""

    sample: QaSample
    judgement: Judgement
    assessor: User
    learner: User
    review: QaReview | None


def find_samples(db: Database, *, reviewed: bool) -> list[SampleView]:
    """Sampled judgements awaiting review (oldest first) or reviewed (newest)."""
    with db.reading() as session:
        rows = session.execute(
            select(QaSample, Judgement, QaReview)
            .join(Judgement, Judgement.id == QaSample.judgement_id)
            .outerjoin(QaReview, QaReview.judgement_id == QaSample.judgement_id)
            .where(QaReview.id.is_not(None) if reviewed else QaReview.id.is_(None))
            .order_by(QaSample.id.desc() if reviewed else QaSample.id)
            .limit(500)
        ).all()
        people = {
            u.id: u
            for u in session.scalars(
                select(User).where(
                    User.id.in_(
                        {j.assessor_id for _, j, _ in rows}
                        | {j.learner_id for _, j, _ in rows}
                    )
                )
            )
        }
    return [
        SampleView(s, j, people[j.assessor_id], people[j.learner_id], r)
        for s, j, r in rows
    ]


def review_sample(
    db: Database, *, reviewer_id: int, judgement_id: int, outcome: str, action: str
) -> QaReview:
    """Agree with a sampled judgement, or return it with an action to take."""
    action = action.strip()
    if outcome not in QA_OUTCOMES:
        raise InvalidInput("Choose agree or return.")
    if outcome == "returned" and not action:
        raise InvalidInput("Say what the assessor must do: an action is required.")
    try:
        with db.transaction() as session:
            review = write_review(session, reviewer_id, judgement_id, outcome, action)
    except IntegrityError as error:
        raise InvalidInput("This judgement has already been reviewed.") from error
    log.info("QA %s judgement %s by %s", outcome, judgement_id, reviewer_id)
    return review


def write_review(
    session: Session, reviewer_id: int, judgement_id: int, outcome: str, action: str
) -> QaReview:
    """Check and append a QA review in ``session``."""
    reviewer = session.get(User, reviewer_id)
    if reviewer is None or reviewer.role not in QA_ROLES:
        raise PermissionDenied("Only lead assessors can review sampled judgements.")
    sample = session.scalar(
        select(QaSample).where(QaSample.judgement_id == judgement_id)
    )
    judgement = session.get(Judgement, judgement_id)
    if sample is None or judgement is None:
        raise NotFound("That judgement was not sampled for review.")
    if judgement.assessor_id == reviewer_id:
        raise InvalidInput("Another lead assessor must review your own judgement.")
    review = QaReview(
        judgement_id=judgement_id,
        reviewer_id=reviewer_id,
        outcome=outcome,
        action=action,
    )
    session.add(review)
    session.flush()
    record_event(
        session,
        actor_id=reviewer_id,
        action=f"qa.{outcome}",
        subject_type="judgement",
        subject_id=judgement_id,
        learner_id=judgement.learner_id,
        before={"decision": judgement.decision},
        after={"outcome": outcome, "action": action},
    )
    return review


def find_returned_judgements(db: Database, assessor_id: int) -> list[SampleView]:
    """An assessor's judgements returned by QA and not yet judged again."""
    returned = [
        v
        for v in find_samples(db, reviewed=True)
        if v.review
        and v.review.outcome == "returned"
        and v.judgement.assessor_id == assessor_id
    ]
    with db.reading() as session:
        return [v for v in returned if not has_newer_judgement(session, v.judgement)]


def has_newer_judgement(session: Session, judgement: Judgement) -> bool:
    """Whether the same criterion of the same answer was judged again later."""
    return bool(
        session.scalar(
            select(func.count()).where(
                Judgement.answer_id == judgement.answer_id,
                Judgement.criterion_id == judgement.criterion_id,
                Judgement.id > judgement.id,
            )
        )
    )


@dataclass(frozen=True)
class AssessorSummary:
    """An assessor's sampling settings and how much they have judged."""

    assessor: User
    sample_rate: int
    is_new: bool
    judgements: int


def find_assessor_summaries(db: Database) -> list[AssessorSummary]:
    """Every assessor with their sampling rate, new flag and judgement count."""
    with db.reading() as session:
        people = session.scalars(
            select(User)
            .where(User.role.in_(("assessor", "lead_assessor")))
            .order_by(User.name)
        )
        result = []
        for person in people:
            setting = session.get(AssessorSetting, person.id)
            count = (
                session.scalar(
                    select(func.count()).where(Judgement.assessor_id == person.id)
                )
                or 0
            )
            result.append(
                AssessorSummary(
                    person,
                    setting.sample_rate if setting else DEFAULT_SAMPLE_RATE,
                    bool(setting and setting.is_new),
                    count,
                )
            )
    return result


def set_sampling(
    db: Database, *, actor_id: int, assessor_id: int, sample_rate: int, is_new: bool
) -> None:
    """Set the share of an assessor's judgements sampled, and the new flag."""
    if not 0 <= sample_rate <= 100:
        raise InvalidInput("The sampling rate is a percentage from 0 to 100.")
    with db.transaction() as session:
        actor = session.get(User, actor_id)
        if actor is None or actor.role not in QA_ROLES:
            raise PermissionDenied("Only lead assessors can set sampling.")
        assessor = session.get(User, assessor_id)
        if assessor is None or assessor.role not in ("assessor", "lead_assessor"):
            raise NotFound("There is no assessor with that number.")
        setting = session.get(AssessorSetting, assessor_id)
        before = None
        if setting is None:
            setting = AssessorSetting(user_id=assessor_id)
            session.add(setting)
        else:
            before = {"sample_rate": setting.sample_rate, "is_new": setting.is_new}
        setting.sample_rate = sample_rate
        setting.is_new = is_new
        record_event(
            session,
            actor_id=actor_id,
            action="qa.sampling_set",
            subject_type="assessor",
            subject_id=assessor_id,
            before=before,
            after={"sample_rate": sample_rate, "is_new": is_new},
        )


def find_sign_offs(db: Database, learner_id: int) -> dict[str, UnitSignOff]:
    """A learner's unit sign-offs, by unit code."""
    with db.reading() as session:
        rows = session.scalars(
            select(UnitSignOff).where(UnitSignOff.learner_id == learner_id)
        )
        return {row.unit_code: row for row in rows}


def is_unit_ready(progress: LearnerProgress, unit_code: str) -> bool:
    """Whether every criterion of a unit is met, as the learner sees it."""
    entry = progress.catalogue.units.get(unit_code)
    if entry is None or not entry[1].criteria:
        return False
    return all(progress.criteria[c.id].status == "met" for c in entry[1].criteria)


def sign_off_unit(
    db: Database, *, assessor_id: int, learner_id: int, unit_code: str
) -> UnitSignOff:
    """Sign off a unit whose criteria are all met on released judgements."""
    with db.reading() as session:
        assessor = session.get(User, assessor_id)
    if assessor is None or assessor.role not in ASSESSING_ROLES:
        raise PermissionDenied("Only assessors can sign off units.")
    get_visible_learner(db, assessor, learner_id)
    if unit_code not in get_catalogue(db).units:
        raise NotFound("There is no unit with that code.")
    if not is_unit_ready(get_learner_progress(db, learner_id), unit_code):
        raise InvalidInput(
            f"Unit {unit_code} cannot be signed off yet: every criterion must be "
            "met, and its judgements released."
        )
    try:
        with db.transaction() as session:
            sign_off = UnitSignOff(
                learner_id=learner_id, unit_code=unit_code, assessor_id=assessor_id
            )
            session.add(sign_off)
            session.flush()
            record_event(
                session,
                actor_id=assessor_id,
                action="unit.signed_off",
                subject_type="unit_sign_off",
                subject_id=sign_off.id,
                learner_id=learner_id,
                after={"unit_code": unit_code},
            )
    except IntegrityError as error:
        raise InvalidInput(f"Unit {unit_code} is already signed off.") from error
    log.info(
        "unit %s signed off for learner %s by %s", unit_code, learner_id, assessor_id
    )
    return sign_off


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet that splits on semicolons or tabs starts a new cell after them.
FORMULA_INSIDE = re.compile(r"[;,\t|]\s*[=+\-@]")


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula, in any locale."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) or FORMULA_INSIDE.search(text):
        return "'" + text
    return text


def render_csv(header: list[str], rows: list[list[object]]) -> str:
    """CSV text with every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows([[safe_cell(v) for v in row] for row in rows])
    return out.getvalue()


def render_criteria_csv(db: Database, learners: list[User]) -> str:
    """Each learner's released status on every criterion, and unit sign-offs."""
    catalogue = get_catalogue(db)
    criteria = list(catalogue.criteria())
    units = [u.code for u in catalogue.ordered_units()]
    header = ["name", "email", *criteria, *[f"{u} signed off" for u in units]]
    rows = []
    for learner in learners:
        progress = get_learner_progress(db, learner.id)
        signed = find_sign_offs(db, learner.id)
        rows.append(
            [
                learner.name,
                learner.email,
                *[progress.criteria[c].label for c in criteria],
                *[
                    signed[u].created_at.date().isoformat() if u in signed else ""
                    for u in units
                ],
            ]
        )
    return render_csv(header, rows)


def render_judgements_csv(db: Database, learners: list[User]) -> str:
    """Every judgement on these learners' work, with dates and assessors."""
    ids = [u.id for u in learners]
    with db.reading() as session:
        rows = session.execute(
            select(Judgement, Answer)
            .outerjoin(Answer, Answer.id == Judgement.answer_id)
            .where(Judgement.learner_id.in_(ids))
            .order_by(Judgement.id)
        ).all()
        people = {
            u.id: u
            for u in session.scalars(
                select(User).where(
                    User.id.in_({j.assessor_id for j, _ in rows} | set(ids))
                )
            )
        }
    header = [
        "judgement",
        "learner",
        "email",
        "criterion",
        "unit",
        "task",
        "version",
        "decision",
        "feedback",
        "assessor",
        "recorded_at",
        "released_at",
    ]
    table = [
        [
            j.id,
            people[j.learner_id].name,
            people[j.learner_id].email,
            j.criterion_id,
            a.unit_code if a else "",
            a.check_id if a else "",
            a.version if a else "",
            j.decision,
            j.feedback,
            people[j.assessor_id].name,
            j.created_at.isoformat(),
            j.released_at.isoformat() if j.released_at else "",
        ]
        for j, a in rows
    ]
    return render_csv(header, table)


def find_released_judgements(db: Database, answer_id: int) -> list[Judgement]:
    """The released judgements on one answer version, oldest first."""
    with db.reading() as session:
        return list(
            session.scalars(
                select(Judgement)
                .where(
                    Judgement.answer_id == answer_id, Judgement.released_at.is_not(None)
                )
                .order_by(Judgement.id)
            )
        )
