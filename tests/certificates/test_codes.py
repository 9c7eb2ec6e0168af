"""Verification codes: random, readable aloud, and forgiving when typed back."""

from __future__ import annotations

import math
import re

import pytest

from course.certificates.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    InvalidCodeError,
    make_verification_code,
    normalise_code,
)

CODE_SHAPE = re.compile(r"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}")


def test_code_is_four_groups_of_four() -> None:
    code = make_verification_code()

    assert CODE_SHAPE.fullmatch(code), code


def test_code_avoids_look_alike_characters() -> None:
    codes = "".join(make_verification_code() for _ in range(500))

    assert not set(codes) & set("0O1IL")
    assert set(codes.replace("-", "")) <= set(CODE_ALPHABET)


def test_code_carries_at_least_sixty_bits() -> None:
    bits = CODE_LENGTH * math.log2(len(CODE_ALPHABET))

    assert bits >= 60


def test_codes_do_not_repeat() -> None:
    codes = {make_verification_code() for _ in range(2000)}

    assert len(codes) == 2000


def test_codes_use_the_whole_alphabet() -> None:
    symbols = "".join(make_verification_code() for _ in range(500)).replace("-", "")

    assert set(symbols) == set(CODE_ALPHABET)


@pytest.mark.parametrize(
    "typed",
    [
        "K7QM-3XPR-W9TD-H4NC",
        "k7qm-3xpr-w9td-h4nc",
        "K7QM3XPRW9TDH4NC",
        "  k7qm 3xpr  w9td h4nc ",
        "K7QM\u20133XPR\u2014W9TD-H4NC",
        "K7Q M3XP RW9T DH4N C",
    ],
)
def test_normalise_accepts_how_people_type(typed: str) -> None:
    assert normalise_code(typed) == "K7QM-3XPR-W9TD-H4NC"


def test_normalise_reads_u_as_v() -> None:
    assert normalise_code("uuuu-2222-3333-4444") == "VVVV-2222-3333-4444"


def test_normalise_round_trips_new_codes() -> None:
    code = make_verification_code()

    assert normalise_code(code.lower().replace("-", " ")) == code


@pytest.mark.parametrize("typed", ["K7QM-3XPR-W9TD", "K7QM-3XPR-W9TD-H4NC-2", ""])
def test_normalise_refuses_wrong_length(typed: str) -> None:
    with pytest.raises(InvalidCodeError, match="16 letters and digits"):
        normalise_code(typed)


@pytest.mark.parametrize("bad", ["0", "O", "1", "I", "L", "!"])
def test_normalise_refuses_characters_outside_the_alphabet(bad: str) -> None:
    with pytest.raises(InvalidCodeError, match="never contains"):
        normalise_code(f"K7QM-3XPR-W9TD-H4N{bad}")
