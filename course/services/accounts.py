"""Accounts: sign-up, sign-in and user administration."""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from datetime import timedelta
from zoneinfo import available_timezones

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from course.errors import InvalidInput
from course.services.ratelimit import count_recent, record_hit
from course.store.db import Database
from course.store.models import ROLES, User, new_session_token

log = logging.getLogger(__name__)

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 120

#: Werkzeug's slow default; the test suite swaps in a fast one to save time.
PASSWORD_HASH_METHOD = "scrypt"
UNKNOWN_USER_HASH = generate_password_hash("no account has this password")
SIGN_IN_LIMIT = 10
SIGN_IN_WINDOW = timedelta(minutes=15)


# Joiners shape letters in many scripts; every other control or format
# character (direction overrides above all) can make a name print misleadingly.
NAME_JOINERS = {"\u200c", "\u200d"}


def is_hidden_control(character: str) -> bool:
    """Whether a character is an invisible control that a name must not hold."""
    if character in NAME_JOINERS:
        return False
    return unicodedata.category(character) in {"Cc", "Cf", "Co", "Cs", "Cn"}


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

    hidden = [ch for ch in name if is_hidden_control(ch)]
    if hidden:
        names = ", ".join(describe_character(ch) for ch in dict.fromkeys(hidden))
        raise InvalidInput(
            f"Your name contains an invisible control character: {names}. "
            "Please type your name again without it."
        )
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        raise InvalidInput("Your name needs at least one letter.")

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


def resolve_timezone(text: str) -> str:
    """A time zone name from what was typed: "Europe/London", or just "London"."""
    text = text.strip()
    zones = available_timezones()
    if text in zones:
        return text
    wanted = "/" + text.replace(" ", "_").lower()
    matches = sorted(zone for zone in zones if zone.lower().endswith(wanted))
    if len(matches) == 1:
        return matches[0]
    raise InvalidInput(
        f"Unknown time zone {text!r}; use a city from the list, like Europe/London."
    )


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
    timezone = resolve_timezone(timezone)

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
    """Return the user with these credentials, or None.

    Raises InvalidInput after too many failed tries for one email address.
    """
    email = email.strip().lower()
    if count_recent(db, "sign-in", email, SIGN_IN_WINDOW) >= SIGN_IN_LIMIT:
        raise InvalidInput(
            "Too many failed sign-ins for this account. "
            "Wait 15 minutes, then try again."
        )
    with db.reading() as session:
        user = session.scalar(select(User).where(User.email == email))
    # Check a hash even for unknown emails, so timing does not reveal accounts.
    stored = user.password_hash if user is not None else UNKNOWN_USER_HASH
    if not check_password_hash(stored, password) or user is None:
        log.warning("failed sign-in attempt")
        record_hit(db, "sign-in", email, SIGN_IN_WINDOW)
        return None
    return user


def end_all_sessions(db: Database, user_id: int) -> None:
    """Give the user a new session token, so every old cookie stops working."""
    with db.transaction() as session:
        user = session.get(User, user_id)
        if user is not None:
            user.session_token = new_session_token()
    log.info("sessions of user %s ended", user_id)


def get_user_by_session(db: Database, cookie_id: str) -> User | None:
    """The user a session cookie names, if its token is still current."""
    user_id, _, token = cookie_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit()) or len(user_id) > 9 or not token:
        return None
    user = get_user(db, int(user_id))
    if user is None or not secrets.compare_digest(user.session_token, token):
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
