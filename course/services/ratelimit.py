"""Counting requests in the database, so limits hold across worker processes."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from sqlalchemy import delete, func, select

from course.store.db import Database
from course.store.models import RateHit, utcnow

log = logging.getLogger(__name__)


def hash_client(bucket: str, who: str) -> str:
    """Who is counted, hashed so no address or email is stored."""
    return hashlib.sha256(f"{bucket}\0{who}".encode()).hexdigest()


def count_recent(db: Database, bucket: str, who: str, window: timedelta) -> int:
    """How many hits ``who`` has in ``bucket`` within the window."""
    since = utcnow() - window
    with db.reading() as session:
        return (
            session.scalar(
                select(func.count()).where(
                    RateHit.client == hash_client(bucket, who), RateHit.at >= since
                )
            )
            or 0
        )


def record_hit(db: Database, bucket: str, who: str, window: timedelta) -> None:
    """Count one hit, dropping hits of this bucket older than the window."""
    now = utcnow()
    with db.transaction() as session:
        session.execute(
            delete(RateHit).where(RateHit.bucket == bucket, RateHit.at < now - window)
        )
        session.add(RateHit(bucket=bucket, client=hash_client(bucket, who), at=now))


def take_allowance(
    db: Database, bucket: str, who: str, *, limit: int, window: timedelta
) -> bool:
    """Count a hit if ``who`` is under ``limit``; if not, count nothing and say no."""
    if count_recent(db, bucket, who, window) >= limit:
        log.warning("rate limit reached in %s", bucket)
        return False
    record_hit(db, bucket, who, window)
    return True
