"""Turning content models into plain JSON data and validating it by schema."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from course.authoring.model import Course, Scenario, Unit


def to_plain(value: Any) -> Any:
    """Return ``value`` as dicts, lists, strings, numbers, booleans and None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    return value


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Return a scenario as plain JSON-able data."""
    return dict(to_plain(scenario))


def unit_to_dict(unit: Unit) -> dict[str, Any]:
    """Return a unit as plain JSON-able data."""
    return dict(to_plain(unit))


def course_to_dict(course: Course) -> dict[str, Any]:
    """Return a course as plain JSON-able data."""
    return dict(to_plain(course))


@cache
def get_schema(name: str) -> dict[str, Any]:
    """Return the packaged JSON Schema called ``name`` (scenario, unit, course)."""
    text = resources.files("course.authoring.schemas").joinpath(f"{name}.json")
    return dict(json.loads(text.read_text(encoding="utf-8")))


@cache
def get_validator(name: str) -> Draft202012Validator:
    """Return a validator for one packaged schema."""
    return Draft202012Validator(get_schema(name))


def find_schema_errors(name: str, data: Mapping[str, Any]) -> list[str]:
    """Return readable messages for every way ``data`` breaks the schema."""
    errors = get_validator(name).iter_errors(data)
    return [
        "/".join(str(part) for part in error.absolute_path) + ": " + error.message
        for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path)))
    ]
