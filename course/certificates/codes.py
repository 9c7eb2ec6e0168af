"""Verification codes printed on certificates and typed back on the public page.

A code is 16 characters in four groups, such as ``K7QM-3XPR-W9TD-H4NC``, drawn
with :mod:`secrets` from 30 symbols that cannot be mistaken for one another
when read aloud or copied by hand: no 0 or O, no 1, I or L, and no U (so that
no everyday words get spelled). That is 16 x log2(30), about 78 bits.
"""

from __future__ import annotations

import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUP_LENGTH = 4
GROUP_COUNT = 4
CODE_LENGTH = GROUP_LENGTH * GROUP_COUNT

#: Characters a reader may type instead of a symbol of the alphabet.
LOOK_ALIKES = {"U": "V"}

#: Separators a reader may type, or leave out, between groups.
SEPARATORS = frozenset(" -_.\t\u2010\u2011\u2012\u2013\u2014\u2212")


class InvalidCodeError(ValueError):
    """Text typed as a verification code cannot be one."""


def make_verification_code() -> str:
    """Return a new random verification code in groups, e.g. ``K7QM-3XPR-W9TD-H4NC``."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return group_symbols(symbols)


def normalise_code(text: str) -> str:
    """Return the canonical form of a typed code, or raise :class:`InvalidCodeError`.

    Accepts lower case, spaces or other dashes between symbols, and missing
    dashes. The letters O, I and L are refused rather than guessed at, because
    the alphabet contains neither them nor the digits they resemble.
    """
    symbols = "".join(ch for ch in text.upper() if ch not in SEPARATORS)
    symbols = "".join(LOOK_ALIKES.get(ch, ch) for ch in symbols)

    if len(symbols) != CODE_LENGTH:
        raise InvalidCodeError(
            f"A verification code has {CODE_LENGTH} letters and digits; "
            f"{len(symbols)} were given. Check the code printed on the certificate."
        )
    unknown = sorted({ch for ch in symbols if ch not in CODE_ALPHABET})
    if unknown:
        raise InvalidCodeError(
            f"A verification code never contains {', '.join(map(repr, unknown))}. "
            "Check the code printed on the certificate."
        )
    return group_symbols(symbols)


def group_symbols(symbols: str) -> str:
    """Return ``symbols`` split into dash-separated groups of four."""
    groups = [
        symbols[start : start + GROUP_LENGTH]
        for start in range(0, len(symbols), GROUP_LENGTH)
    ]
    return "-".join(groups)
