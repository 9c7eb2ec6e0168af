"""Plain data for loaded content: courses, units, scenarios and diagnostics.

Part of the pure core: nothing here may import Flask, SQLAlchemy, the file
system or the network. Everything is frozen so a loaded version cannot change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Action = Literal["handle", "workaround", "escalate"]
ACTIONS: tuple[Action, ...] = ("handle", "workaround", "escalate")

Outcome = Literal["good", "mixed", "poor"]
OUTCOMES: tuple[Outcome, ...] = ("good", "mixed", "poor")

FeedbackMode = Literal["immediate", "debrief"]
ScorePolicy = Literal["best", "last", "mean"]
CheckKind = Literal["single", "multiple", "written"]
Severity = Literal["error", "warning"]

ConditionOp = Literal["==", "!=", ">=", "<=", ">", "<"]
EffectOp = Literal["=", "+=", "-="]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a content file, located to the character."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def render(self) -> str:
        """Format like a compiler: ``path:line:col: error[CODE]: message``."""
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: "
        text += self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass(frozen=True)
class Condition:
    """A test on one state variable; every variable starts at 0."""

    variable: str
    op: ConditionOp
    value: int

    def holds(self, state: Mapping[str, int]) -> bool:
        """Return whether the condition is true in ``state``."""
        current = state.get(self.variable, 0)
        if self.op == "==":
            return current == self.value
        if self.op == "!=":
            return current != self.value
        if self.op == ">=":
            return current >= self.value
        if self.op == "<=":
            return current <= self.value
        if self.op == ">":
            return current > self.value
        return current < self.value


@dataclass(frozen=True)
class Effect:
    """A change to one state variable, applied when a scene or choice is taken."""

    variable: str
    op: EffectOp
    value: int

    def apply(self, state: Mapping[str, int]) -> dict[str, int]:
        """Return a new state with this effect applied."""
        new_state = dict(state)
        current = new_state.get(self.variable, 0)
        if self.op == "=":
            new_state[self.variable] = self.value
        elif self.op == "+=":
            new_state[self.variable] = current + self.value
        else:
            new_state[self.variable] = current - self.value
        return new_state


@dataclass(frozen=True)
class Person:
    """One rung of a scenario's escalation ladder; ``level`` counts from 1."""

    id: str
    title: str
    level: int


@dataclass(frozen=True)
class Choice:
    """An option in a scene: what the learner does, and what follows."""

    index: int
    text: str
    action: Action
    target: str
    to: str | None
    points: int
    #: Points towards single criteria (full ids); empty means ``points``
    #: counts towards every criterion of the scenario.
    criterion_points: Mapping[str, int]
    feedback: str
    condition: Condition | None = None
    effects: tuple[Effect, ...] = ()
    line: int = 0

    def points_for(self, criterion: str) -> int:
        """Points this choice gives towards one criterion."""
        if not self.criterion_points:
            return self.points
        return self.criterion_points.get(criterion, 0)


@dataclass(frozen=True)
class Scene:
    """One point in a scenario where the learner reads and chooses."""

    id: str
    title: str
    body: str
    choices: tuple[Choice, ...]
    outcome: Outcome | None = None
    key: bool = False
    effects: tuple[Effect, ...] = ()
    line: int = 0

    @property
    def is_ending(self) -> bool:
        """An ending is a scene with no choices."""
        return not self.choices


@dataclass(frozen=True)
class Scenario:
    """A branching scenario: scenes keyed by id, starting at ``start``."""

    id: str
    title: str
    summary: str
    criteria: tuple[str, ...]
    pass_mark: int
    feedback_mode: FeedbackMode
    ladder: tuple[Person, ...]
    scenes: Mapping[str, Scene]
    start: str
    attempts_allowed: int | None = None
    score_policy: ScorePolicy = "best"
    path: str = ""
    content_hash: str = ""

    def get_person(self, person_id: str | None) -> Person | None:
        """Return the ladder rung with this id, or None."""
        for person in self.ladder:
            if person.id == person_id:
                return person
        return None


@dataclass(frozen=True)
class Criterion:
    """One assessment criterion; ``id`` is the unit code plus the ref."""

    id: str
    ref: str
    title: str
    unit_code: str


@dataclass(frozen=True)
class LearningOutcome:
    """A learning outcome of a unit and the criteria that evidence it."""

    ref: str
    title: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Section:
    """A titled piece of teaching text in a unit."""

    id: str
    title: str
    body: str


@dataclass(frozen=True)
class Option:
    """One answer option of a single- or multiple-choice knowledge check."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Check:
    """A knowledge check or written task in a unit."""

    id: str
    title: str
    kind: CheckKind
    prompt: str
    criteria: tuple[str, ...]
    options: tuple[Option, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Unit:
    """One unit of the course: outcomes, teaching sections and checks."""

    code: str
    title: str
    summary: str
    qualification: str
    reference: str
    outcomes: tuple[LearningOutcome, ...]
    sections: tuple[Section, ...]
    checks: tuple[Check, ...]
    path: str = ""
    content_hash: str = ""

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion of every outcome, in order."""
        return tuple(c for outcome in self.outcomes for c in outcome.criteria)


@dataclass(frozen=True)
class Course:
    """The whole programme: title, ordered unit codes and completion rule."""

    title: str
    summary: str
    units: tuple[str, ...]
    #: "signed-off" also needs an assessor's sign-off of every unit
    completion: Literal["all-criteria", "signed-off"] = "all-criteria"
    body: str = ""
    path: str = ""
    content_hash: str = ""


@dataclass(frozen=True)
class ContentBundle:
    """Everything loaded from a content tree, plus what could not be loaded."""

    course: Course | None
    units: Mapping[str, Unit]
    scenarios: Mapping[str, Scenario]
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def criteria(self) -> dict[str, Criterion]:
        """Every criterion of every loaded unit, keyed by full id."""
        return {c.id: c for unit in self.units.values() for c in unit.criteria}
