"""The append-only audit log: who did what, when, before and after.

Events are written inside the transaction of the change they record, so an
event exists exactly when its change does. The database refuses any update
or delete of an event (triggers installed by migration 0002).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.store.db import Database
from course.store.models import AuditEvent

log = logging.getLogger(__name__)


def record_event(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    learner_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the log in the caller's transaction."""
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        learner_id=learner_id,
        before=before,
        after=after,
    )
    session.add(event)
    log.info("audit: %s on %s %s by %s", action, subject_type, subject_id, actor_id)
    return event


def find_events(
    db: Database, *, learner_id: int | None = None, limit: int = 200
) -> list[AuditEvent]:
    """The newest events, optionally only those about one learner."""
    with db.reading() as session:
        query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if learner_id is not None:
            query = query.where(AuditEvent.learner_id == learner_id)
        return list(session.scalars(query))
