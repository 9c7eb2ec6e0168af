"""Names, passwords and sign-in limits."""

from __future__ import annotations

import re

import pytest

from course.errors import InvalidInput
from course.services.accounts import authenticate, clean_name, end_all_sessions
from tests.web.journey import PASSWORD, make_user


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Thị Minh Khai",
        "محمد عبد الله",
        "김민준",
        "吉田 𠮷子",
        "Mary-Kate O'Neil",
    ],
)
def test_real_names_in_any_script_are_accepted(name):
    assert clean_name(name) == name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\u202enimdA ehT", "invisible control character: U+202E"),
        ("Ann\u2066a", "invisible control character: U+2066"),
        ("\u200d\u200d", "at least one letter"),
        ("12 34", "at least one letter"),
        ("Ann \U0001f642", "no certificate font can print: U+1F642"),
    ],
)
def test_names_that_would_print_wrongly_are_refused(name, message):
    with pytest.raises(InvalidInput, match=re.escape(message)):
        clean_name(name)


def test_sign_in_is_refused_after_ten_failures_for_one_email(db):
    make_user(db, "learner", "lee@example.org", "Lee Learner")
    for _ in range(10):
        assert authenticate(db, "lee@example.org", "wrong password!") is None

    with pytest.raises(InvalidInput, match="Too many failed sign-ins"):
        authenticate(db, "lee@example.org", PASSWORD)
    assert authenticate(db, "other@example.org", "wrong password!") is None


def test_ending_sessions_changes_what_cookies_must_carry(db):
    user = make_user(db, "learner", "lee@example.org", "Lee Learner")
    old_cookie = user.get_id()

    end_all_sessions(db, user.id)

    assert authenticate(db, "lee@example.org", PASSWORD).get_id() != old_cookie


def test_a_city_alone_finds_its_time_zone():
    from course.services.accounts import resolve_timezone

    assert resolve_timezone("London") == "Europe/London"
    assert resolve_timezone("new york") == "America/New_York"
    with pytest.raises(InvalidInput, match="Unknown time zone"):
        resolve_timezone("Atlantis")
