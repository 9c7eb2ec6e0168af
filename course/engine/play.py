"""Playing a scenario: a position, the choices open from it, and one move.

Pure core: plain data in, plain data out; no Flask, SQLAlchemy or I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from course.authoring.model import Choice, Effect, Scenario, Scene
from course.errors import IllegalMove

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Position:
    """Where an attempt stands: the current scene and the state variables."""

    scene_id: str
    state: Mapping[str, int] = field(default_factory=dict)
    #: the highest ladder level escalated to so far (0 = nobody yet)
    highest_level: int = 0


@dataclass(frozen=True)
class Move:
    """The result of taking one choice."""

    choice: Choice
    position: Position
    skipped_levels: int


def apply_effects(
    state: Mapping[str, int], effects: Sequence[Effect]
) -> dict[str, int]:
    """Return ``state`` with each effect applied in order."""
    new_state = dict(state)
    for effect in effects:
        new_state = effect.apply(new_state)
    return new_state


def start_position(scenario: Scenario) -> Position:
    """The position at the start of a new attempt."""
    first = scenario.scenes[scenario.start]
    return Position(scenario.start, apply_effects({}, first.effects))


def find_open_choices(scene: Scene, state: Mapping[str, int]) -> list[Choice]:
    """The choices of ``scene`` whose conditions hold in ``state``."""
    return [c for c in scene.choices if c.condition is None or c.condition.holds(state)]


def count_skipped_levels(scenario: Scenario, highest_level: int, to: str | None) -> int:
    """How many rungs an escalation to ``to`` jumps over (0 = the next rung)."""
    person = scenario.get_person(to)
    if person is None:
        return 0
    return max(0, person.level - highest_level - 1)


def take_choice(scenario: Scenario, position: Position, choice_index: int) -> Move:
    """Take one choice from ``position``; raise IllegalMove if it is not open."""
    scene = scenario.scenes[position.scene_id]
    if scene.is_ending:
        raise IllegalMove("This scenario has ended; no more choices can be made.")

    open_choices = {c.index: c for c in find_open_choices(scene, position.state)}
    choice = open_choices.get(choice_index)
    if choice is None:
        raise IllegalMove("That choice is not open in this scene. Pick one shown.")

    state = apply_effects(position.state, choice.effects)
    state = apply_effects(state, scenario.scenes[choice.target].effects)
    skipped = count_skipped_levels(scenario, position.highest_level, choice.to)
    highest = position.highest_level
    person = scenario.get_person(choice.to)
    if choice.action == "escalate" and person is not None:
        highest = max(highest, person.level)

    log.debug("scene %s choice %s -> %s", scene.id, choice_index, choice.target)
    return Move(choice, Position(choice.target, state, highest), skipped)


def replay(scenario: Scenario, choice_indexes: Sequence[int]) -> list[Move]:
    """Replay a sequence of choices from the start, checking each one."""
    position = start_position(scenario)
    moves = []
    for index in choice_indexes:
        move = take_choice(scenario, position, index)
        moves.append(move)
        position = move.position
    return moves
