"""Refusing, at entry, a character that no installed font can draw."""

from __future__ import annotations

import time

import pytest

from course.certificates.fonts import (
    describe_character,
    find_undrawable_characters,
    parse_charset_ranges,
)

DRAWABLE_NAMES = [
    'Siobhán O\'Brien & "Sons"',
    "Zoë Ångström-Łukasiewicz",
    "Nguyễn Thị Minh Khai",
    "Αλέξανδρος Παπαδόπουλος",
    "Анна Ковалёва",
    "محمد عبد الله",
    "שרה כהן",
    "王小明",
    "𠮷野 太郎",
    "김민준",
    "Zeynep Çağlayan",
]


@pytest.mark.parametrize("name", DRAWABLE_NAMES)
def test_names_in_supported_scripts_are_drawable(name: str) -> None:
    assert find_undrawable_characters(name) == []


def test_private_use_character_is_reported() -> None:
    assert find_undrawable_characters("Ann\ue000e") == ["\ue000"]


def test_unassigned_code_points_are_reported() -> None:
    found = find_undrawable_characters("Bo\U0010fffd\u0378b\u0378")

    assert found == ["\U0010fffd", "\u0378"]


def test_control_character_is_reported() -> None:
    assert find_undrawable_characters("Ann\x07") == ["\x07"]


def test_spaces_and_joiners_are_not_reported() -> None:
    assert find_undrawable_characters("Mary\u00a0Ann\u200dLee\u3000") == []


def test_lookups_are_fast_once_loaded() -> None:
    find_undrawable_characters("warm up")
    started = time.perf_counter()

    for name in DRAWABLE_NAMES * 100:
        find_undrawable_characters(name)

    assert time.perf_counter() - started < 0.5


def test_charset_ranges_are_parsed() -> None:
    assert parse_charset_ranges("20-7e a0\n1f600-1f64f") == [
        (0x20, 0x7E),
        (0xA0, 0xA0),
        (0x1F600, 0x1F64F),
    ]


@pytest.mark.parametrize(
    ("character", "description"),
    [
        ("\U0001f600", "U+1F600 GRINNING FACE"),
        ("é", "U+00E9 LATIN SMALL LETTER E WITH ACUTE"),
        ("\U00020bb7", "U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7"),
        ("\ue000", "U+E000 (private-use character)"),
        ("\u0378", "U+0378 (unassigned code point)"),
        ("\x07", "U+0007 (control or format character)"),
    ],
)
def test_describe_character_names_the_code_point(
    character: str, description: str
) -> None:
    assert describe_character(character) == description
