"""Reading the ``if=`` conditions and ``set=`` effects of scenes and choices."""

from __future__ import annotations

import re

from course.authoring.model import Condition, ConditionOp, Effect, EffectOp

NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
CONDITION = re.compile(
    rf"^\s*(?P<negate>!?)\s*(?P<name>{NAME})\s*"
    rf"(?:(?P<op>==|!=|>=|<=|>|<)\s*(?P<value>[+-]?\d+))?\s*$"
)
EFFECT = re.compile(
    rf"^\s*(?P<name>{NAME})\s*(?:(?P<op>\+=|-=|=)\s*(?P<value>[+-]?\d+))?\s*$"
)
CONDITION_HINT = 'write if=name, if=!name or if="name>=2"'
EFFECT_HINT = 'write set=name, set="name=2" or set="name+=1; other-=1"'


def parse_condition(text: str) -> Condition | None:
    """Return the condition written as ``text``, or None if it is malformed."""
    match = CONDITION.match(text)
    if match is None:
        return None
    name, op, value = match.group("name", "op", "value")
    if op is None:
        op_text: ConditionOp = "==" if match.group("negate") else "!="
        return Condition(name, op_text, 0)
    if match.group("negate"):
        return None
    return Condition(name, op, int(value))  # type: ignore[arg-type]


def parse_effects(text: str) -> tuple[Effect, ...] | None:
    """Return the effects written as ``text`` (split on ``;``), or None."""
    effects: list[Effect] = []
    for part in text.split(";"):
        match = EFFECT.match(part)
        if match is None:
            return None
        name, op, value = match.group("name", "op", "value")
        if op is None:
            effects.append(Effect(name, "=", 1))
        else:
            effect_op: EffectOp = op  # type: ignore[assignment]
            effects.append(Effect(name, effect_op, int(value)))
    return tuple(effects)


def describe_condition(condition: Condition) -> str:
    """Return the condition as a trainer would write it."""
    return f"{condition.variable}{condition.op}{condition.value}"
