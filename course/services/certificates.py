"""Issuing, serving and verifying certificates."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from course.certificates.codes import make_verification_code, normalise_code
from course.certificates.render import CertificateData, render_certificate_pdf
from course.errors import InvalidInput, NotFound, PermissionDenied
from course.services.audit import record_event
from course.services.cohorts import is_learner_visible
from course.services.progress import get_learner_progress
from course.services.ratelimit import take_allowance
from course.store.db import Database
from course.store.models import Certificate, User, utcnow

log = logging.getLogger(__name__)

COURSE_KEY = "course"
VERIFY_WINDOW = timedelta(minutes=1)


def get_certificate_for_learner(db: Database, user_id: int) -> Certificate | None:
    """The learner's certificate for the course, if one was issued."""
    with db.reading() as session:
        return session.scalar(
            select(Certificate).where(
                Certificate.user_id == user_id, Certificate.course_key == COURSE_KEY
            )
        )


def get_certificate_by_code(db: Database, code: str) -> Certificate | None:
    """The certificate with this verification code, in any spelling of it."""
    try:
        code = normalise_code(code)
    except ValueError:
        return None
    with db.reading() as session:
        return session.scalar(select(Certificate).where(Certificate.code == code))


def issue_certificate_if_complete(
    db: Database, user_id: int, *, signatory: tuple[str, str], public_url: str
) -> Certificate | None:
    """Issue the course certificate once the completion rule is met, only once."""
    existing = get_certificate_for_learner(db, user_id)
    if existing is not None:
        return existing

    progress = get_learner_progress(db, user_id)
    if not progress.is_complete or progress.catalogue.course is None:
        return None

    with db.reading() as session:
        user = session.get(User, user_id)
    if user is None:
        raise NotFound("There is no such learner.")

    issued_at = utcnow()
    code = make_verification_code()
    units = [
        {"code": u.code, "title": u.title, "qualification": u.qualification}
        for u in progress.catalogue.ordered_units()
    ]
    data = CertificateData(
        learner_name=user.name,
        course_title=progress.catalogue.course.title,
        units=tuple((u["code"], u["title"], u["qualification"]) for u in units),
        issued_on=issued_at.astimezone(ZoneInfo(user.timezone)).date(),
        signatory_name=signatory[0],
        signatory_role=signatory[1],
        code=code,
        verify_url=f"{public_url.rstrip('/')}/verify/{code}",
    )
    pdf = render_certificate_pdf(data)

    try:
        with db.transaction() as session:
            certificate = Certificate(
                user_id=user_id,
                course_key=COURSE_KEY,
                code=code,
                learner_name=user.name,
                course_title=data.course_title,
                units={"units": units},
                issued_at=issued_at,
                issued_on=data.issued_on.isoformat(),
                pdf=pdf,
                pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                signatory_name=data.signatory_name,
                signatory_role=data.signatory_role,
                verify_url=data.verify_url,
            )
            session.add(certificate)
            session.flush()
            record_event(
                session,
                actor_id=None,
                action="certificate.issued",
                subject_type="certificate",
                subject_id=certificate.id,
                learner_id=user_id,
                after={"code": code, "status": "valid"},
            )
    except IntegrityError:
        # Another request issued it first; that one stands.
        return get_certificate_for_learner(db, user_id)

    log.info("certificate %s issued to learner %s", certificate.id, user_id)
    return certificate


def get_certificate_pdf(db: Database, code: str, viewer: User) -> Certificate:
    """A certificate for download, if ``viewer`` may have it; NotFound otherwise."""
    certificate = get_certificate_by_code(db, code)
    if certificate is None:
        raise NotFound("There is no certificate with that code.")
    if viewer.role not in ("learner", "assessor", "lead_assessor", "admin"):
        raise PermissionDenied("Your role cannot download certificates.")

    with db.reading() as session:
        if viewer.role == "learner":
            allowed = certificate.user_id == viewer.id
        else:
            allowed = is_learner_visible(session, viewer, certificate.user_id)
    if not allowed:
        raise NotFound("There is no certificate with that code.")
    return certificate


def describe_certificate(certificate: Certificate) -> CertificateData:
    """The data printed on a stored certificate, to render it again exactly."""
    return CertificateData(
        learner_name=certificate.learner_name,
        course_title=certificate.course_title,
        units=tuple(
            (u["code"], u["title"], u["qualification"])
            for u in certificate.units.get("units", [])
        ),
        issued_on=date.fromisoformat(certificate.issued_on),
        signatory_name=certificate.signatory_name,
        signatory_role=certificate.signatory_role,
        code=certificate.code,
        verify_url=certificate.verify_url,
    )


def get_archival_pdf(db: Database, certificate: Certificate) -> bytes:
    """The PDF/A variant: rendered once from the stored data, then served stored."""
    if certificate.pdfa is not None:
        return certificate.pdfa

    pdfa = render_certificate_pdf(describe_certificate(certificate), archival=True)
    with db.transaction() as session:
        stored = session.get(Certificate, certificate.id)
        assert stored is not None
        if stored.pdfa is None:
            stored.pdfa = pdfa
        pdfa = stored.pdfa
    return pdfa


def issue_certificates_for_learners(
    db: Database,
    learner_ids: list[int],
    *,
    signatory: tuple[str, str],
    public_url: str,
    on_each: Callable[[int], None] = lambda _id: None,
) -> dict[str, int]:
    """Issue every due certificate among some learners; count what happened."""
    counts = {"issued": 0, "already": 0, "not_complete": 0}
    for learner_id in learner_ids:
        had = get_certificate_for_learner(db, learner_id) is not None
        issued = issue_certificate_if_complete(
            db, learner_id, signatory=signatory, public_url=public_url
        )
        if had:
            counts["already"] += 1
        elif issued is None:
            counts["not_complete"] += 1
        else:
            counts["issued"] += 1
        on_each(learner_id)
    return counts


def is_verify_allowed(db: Database, client_address: str, limit: int) -> bool:
    """Count one look-up for a client; False once it passes ``limit`` a minute."""
    return take_allowance(
        db, "verify", client_address, limit=limit, window=VERIFY_WINDOW
    )


def is_same_pdf(certificate: Certificate, data: bytes) -> bool:
    """Whether uploaded bytes are exactly the PDF issued, or its archival copy."""
    if hashlib.sha256(data).hexdigest() == certificate.pdf_sha256:
        return True
    return certificate.pdfa is not None and data == certificate.pdfa


def find_certificate_by_pdf(db: Database, data: bytes) -> Certificate | None:
    """The certificate whose issued PDF is exactly these bytes, if any."""
    digest = hashlib.sha256(data).hexdigest()
    with db.reading() as session:
        found = session.scalar(
            select(Certificate).where(Certificate.pdf_sha256 == digest)
        )
        if found is None:
            found = session.scalar(select(Certificate).where(Certificate.pdfa == data))
    return found


def revoke_certificate(
    db: Database, *, actor_id: int, code: str, reason: str
) -> Certificate:
    """Mark a certificate revoked, with the reason shown on the verify page."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Say why the certificate is revoked.")
    found = get_certificate_by_code(db, code)
    if found is None:
        raise NotFound("There is no certificate with that code.")
    with db.transaction() as session:
        actor = session.get(User, actor_id)
        if actor is None or actor.role != "admin":
            raise PermissionDenied("Only admins can revoke certificates.")
        certificate = session.get(Certificate, found.id)
        assert certificate is not None
        if certificate.status == "revoked":
            raise InvalidInput("This certificate is already revoked.")
        certificate.status = "revoked"
        certificate.revoked_reason = reason
        record_event(
            session,
            actor_id=actor_id,
            action="certificate.revoked",
            subject_type="certificate",
            subject_id=certificate.id,
            learner_id=certificate.user_id,
            before={"status": "valid"},
            after={"status": "revoked", "reason": reason},
        )
    log.info("certificate %s revoked by %s", certificate.id, actor_id)
    return certificate
