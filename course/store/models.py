"""Tables. The schema changes only through the migrations beside this file."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("learner", "assessor", "lead_assessor", "trainer", "admin")


def new_session_token() -> str:
    """A fresh random token that ties cookies to one sign-in generation."""
    return secrets.token_hex(16)


def utcnow() -> datetime:
    """The current time in UTC, as stored everywhere."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp, also on SQLite, which drops the zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class CleanString(TypeDecorator[str]):
    """Text that drops NUL characters, which no database column should hold.

    PostgreSQL refuses them outright; dropping them here keeps every form,
    import and query on both databases free of that failure.
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and "\x00" in value:
            return value.replace("\x00", "")
        return value


class CleanText(CleanString):
    """Long text that drops NUL characters."""

    impl = Text
    cache_ok = True


class Base(DeclarativeBase):
    """Base of every table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        datetime: UTCDateTime(),
    }


class User(Base):
    """Anyone who signs in: learner, assessor, lead assessor, trainer or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(CleanString(254), unique=True)
    name: Mapped[str] = mapped_column(CleanString(200))
    password_hash: Mapped[str] = mapped_column(CleanString(300))
    role: Mapped[str] = mapped_column(CleanString(20), default="learner")
    timezone: Mapped[str] = mapped_column(CleanString(64), default="Europe/London")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: part of every session and remember-me cookie; a new one ends them all
    session_token: Mapped[str] = mapped_column(
        CleanString(64), default=new_session_token
    )

    # Flask-Login asks these of a user object.
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """What Flask-Login keeps in cookies: the id and the session token."""
        return f"{self.id}:{self.session_token}"


class ContentVersion(Base):
    """One immutable published version of a course, unit or scenario file."""

    __tablename__ = "content_versions"
    __table_args__ = (UniqueConstraint("kind", "key", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "course", "unit" or "scenario"
    kind: Mapped[str] = mapped_column(CleanString(20))
    #: the scenario id, unit code, or "course"
    key: Mapped[str] = mapped_column(CleanString(100), index=True)
    content_hash: Mapped[str] = mapped_column(CleanString(64))
    path: Mapped[str] = mapped_column(CleanString(500))
    source: Mapped[str] = mapped_column(CleanText)
    title: Mapped[str] = mapped_column(CleanString(300))
    is_current: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Attempt(Base):
    """One learner's run through one version of a scenario."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    scenario_key: Mapped[str] = mapped_column(CleanString(100), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("content_versions.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    scene_id: Mapped[str] = mapped_column(CleanString(100))
    #: number of choices taken so far; the form of each step carries it
    step_count: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[int] = mapped_column(Integer, default=0)
    criterion_scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    best_score: Mapped[int] = mapped_column(Integer, default=0)
    percent: Mapped[int] = mapped_column(Integer, default=0)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(CleanString(20))

    steps: Mapped[list[Step]] = relationship(
        order_by="Step.number", back_populates="attempt"
    )
    version: Mapped[ContentVersion] = relationship()

    @property
    def is_finished(self) -> bool:
        """Whether the attempt has reached an ending."""
        return self.finished_at is not None


class Step(Base):
    """One choice taken in an attempt; never changed once written."""

    __tablename__ = "steps"
    __table_args__ = (UniqueConstraint("attempt_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"))
    number: Mapped[int] = mapped_column(Integer)
    scene_id: Mapped[str] = mapped_column(CleanString(100))
    choice_index: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(CleanString(20))
    to: Mapped[str | None] = mapped_column(CleanString(100))
    points: Mapped[int] = mapped_column(Integer)
    #: ladder levels jumped over by an escalation (0 = the next rung)
    skipped_levels: Mapped[int] = mapped_column(Integer, default=0)
    justification: Mapped[str | None] = mapped_column(CleanText)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="steps")


class CheckResponse(Base):
    """A learner's answer to a single- or multiple-choice knowledge check."""

    __tablename__ = "check_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_code: Mapped[str] = mapped_column(CleanString(20))
    check_id: Mapped[str] = mapped_column(CleanString(100))
    version_id: Mapped[int] = mapped_column(ForeignKey("content_versions.id"))
    selected: Mapped[dict[str, Any]] = mapped_column(default=dict)
    correct: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Answer(Base):
    """A written answer; each submission is a new version, never an overwrite."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("user_id", "unit_code", "check_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_code: Mapped[str] = mapped_column(CleanString(20))
    check_id: Mapped[str] = mapped_column(CleanString(100))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(CleanText)
    #: "draft" until submitted; then "submitted"
    status: Mapped[str] = mapped_column(CleanString(20), default="draft")
    #: the criteria the answer claims, as full ids
    criteria: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]


class Judgement(Base):
    """An assessor's decision on one criterion for one learner; append-only."""

    __tablename__ = "judgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(CleanString(40))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"))
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: "met" or "not_yet_met"
    decision: Mapped[str] = mapped_column(CleanString(20))
    feedback: Mapped[str] = mapped_column(CleanText, default="")
    released_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Certificate(Base):
    """An issued award, with the PDF stored when it was issued."""

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("user_id", "course_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_key: Mapped[str] = mapped_column(CleanString(100), default="course")
    code: Mapped[str] = mapped_column(CleanString(40), unique=True)
    learner_name: Mapped[str] = mapped_column(CleanString(200))
    course_title: Mapped[str] = mapped_column(CleanString(300))
    #: the units as printed: [{"code", "title", "qualification"}]
    units: Mapped[dict[str, Any]] = mapped_column(default=dict)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_on: Mapped[str] = mapped_column(CleanString(10))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(CleanString(64))
    #: the archival (PDF/A) variant, rendered from the same data on first request
    pdfa: Mapped[bytes | None] = mapped_column(LargeBinary)
    signatory_name: Mapped[str] = mapped_column(CleanString(200), default="")
    signatory_role: Mapped[str] = mapped_column(CleanString(200), default="")
    verify_url: Mapped[str] = mapped_column(CleanString(500), default="")
    #: "valid" or "revoked"
    status: Mapped[str] = mapped_column(CleanString(20), default="valid")
    revoked_reason: Mapped[str | None] = mapped_column(CleanText)

    user: Mapped[User] = relationship()


class Cohort(Base):
    """A group of learners taught together, with the assessors who judge them."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(CleanString(120), unique=True)
    #: the secret part of the invitation link
    invite_token: Mapped[str] = mapped_column(CleanString(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CohortMember(Base):
    """A learner enrolled in a cohort."""

    __tablename__ = "cohort_members"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class CohortInvitation(Base):
    """An imported learner without an account yet; joins when they sign up."""

    __tablename__ = "cohort_invitations"
    __table_args__ = (UniqueConstraint("cohort_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    email: Mapped[str] = mapped_column(CleanString(254), index=True)
    name: Mapped[str] = mapped_column(CleanString(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]


class CohortAssessor(Base):
    """An assessor assigned to judge one cohort's work."""

    __tablename__ = "cohort_assessors"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssessorSetting(Base):
    """How much of one assessor's marking the lead assessor samples."""

    __tablename__ = "assessor_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    #: percentage of judgements sampled once the assessor is no longer new
    sample_rate: Mapped[int] = mapped_column(Integer, default=10)
    #: flagged new: every judgement is sampled whatever the count
    is_new: Mapped[bool] = mapped_column(Boolean, default=False)


class UnitSignOff(Base):
    """An assessor's sign-off of a whole unit for one learner; append-only."""

    __tablename__ = "unit_sign_offs"
    __table_args__ = (UniqueConstraint("learner_id", "unit_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_code: Mapped[str] = mapped_column(CleanString(20))
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QaSample(Base):
    """A judgement picked for the lead assessor to check; append-only."""

    __tablename__ = "qa_samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[int] = mapped_column(ForeignKey("judgements.id"), unique=True)
    #: "new assessor" or "sampling rate"
    reason: Mapped[str] = mapped_column(CleanString(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QaReview(Base):
    """The lead assessor's verdict on a sampled judgement; append-only."""

    __tablename__ = "qa_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[int] = mapped_column(ForeignKey("judgements.id"), unique=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: "agreed" or "returned"
    outcome: Mapped[str] = mapped_column(CleanString(20))
    #: what the assessor must do when the judgement is returned
    action: Mapped[str] = mapped_column(CleanText, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Who did what, when, with the state before and after; never changed."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None when the system acted on its own (an automatic certificate)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: e.g. "judgement.recorded", "unit.signed_off", "certificate.revoked"
    action: Mapped[str] = mapped_column(CleanString(60), index=True)
    subject_type: Mapped[str] = mapped_column(CleanString(40))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    #: the learner the event concerns, if any
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RateHit(Base):
    """One counted request (a sign-in, a verify look-up), kept for its window."""

    __tablename__ = "rate_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what is limited, e.g. "verify" or "sign-in"
    bucket: Mapped[str] = mapped_column(CleanString(20))
    #: a hash of who is counted (address or account), never the value itself
    client: Mapped[str] = mapped_column(CleanString(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
