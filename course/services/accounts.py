"""Accounts: sign-up, sign-in and user administration."""

from __future__ import annotations

import logging
import re
import unicodedata
from zoneinfo import available_timezones

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from course.errors import InvalidInput
from course.store.db import Database
from course.store.models import ROLES, User

log = logging.getLogger(__name__)

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 120

#: Werkzeug's slow default; the test suite swaps in a fast one to save time.
PASSWORD_HASH_METHOD = "scrypt"
UNKNOWN_USER_HASH = generate_password_hash("no account has this password")


def clean_name(name: str) -> str:
    """Check a display name and return it tidied; raise InvalidInput if unusable."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise InvalidInput(
            "Please enter your name as it should appear on a certificate."
        )
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"Names can be at most {MAX_NAME_LENGTH} characters long.")

    from course.certificates.fonts import describe_character, find_undrawable_characters

    missing = find_undrawable_characters(name)
    if missing:
        names = ", ".join(describe_character(ch) for ch in missing)
        raise InvalidInput(
            f"Your name contains a character no certificate font can print: {names}. "
            "Please use another spelling."
        )
    return name


def clean_email(email: str) -> str:
    """Check an email address and return it in lower case."""
    email = email.strip().lower()
    if not EMAIL_PATTERN.match(email) or len(email) > 254:
        raise InvalidInput("Please enter a valid email address, like name@example.org.")
    return email


def check_password(password: str) -> None:
    """Raise InvalidInput if a password is too weak to accept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")


def create_user(
    db: Database,
    *,
    email: str,
    name: str,
    password: str,
    role: str = "learner",
    timezone: str = "Europe/London",
) -> User:
    """Create an account; raise InvalidInput for bad details or a taken email."""
    email = clean_email(email)
    name = clean_name(name)
    check_password(password)
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    if timezone not in available_timezones():
        raise InvalidInput(
            f"Unknown time zone {timezone!r}; use a name like Europe/London."
        )

    with db.transaction() as session:
        taken = session.scalar(select(func.count()).where(User.email == email))
        if taken:
            raise InvalidInput(
                "An account with that email already exists. Sign in instead."
            )
        user = User(
            email=email,
            name=name,
            password_hash=generate_password_hash(password, method=PASSWORD_HASH_METHOD),
            role=role,
            timezone=timezone,
        )
        session.add(user)
        session.flush()

    log.info("account %s created with role %s", user.id, role)
    return user


def authenticate(db: Database, email: str, password: str) -> User | None:
    """Return the user with these credentials, or None."""
    with db.reading() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
    # Check a hash even for unknown emails, so timing does not reveal accounts.
    stored = user.password_hash if user is not None else UNKNOWN_USER_HASH
    if not check_password_hash(stored, password) or user is None:
        log.warning("failed sign-in attempt")
        return None
    return user


def get_user(db: Database, user_id: int) -> User | None:
    """Return one user by id, or None."""
    with db.reading() as session:
        return session.get(User, user_id)


def find_users(db: Database, role: str | None = None) -> list[User]:
    """Every user, or every user with ``role``, by name."""
    with db.reading() as session:
        query = select(User).order_by(User.name, User.id)
        if role:
            query = query.where(User.role == role)
        return list(session.scalars(query))
