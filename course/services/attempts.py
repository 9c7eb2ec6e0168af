"""Scenario attempts: start, take a step, finish; every step exactly once."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from course.authoring.model import Choice, Scenario
from course.engine.play import Move, Position, start_position, take_choice
from course.engine.scoring import Result, pick_counting_score, score_choices
from course.errors import InvalidInput, NotFound, StaleStep
from course.services.content import get_analysis, get_catalogue, get_version_model
from course.store.db import Database
from course.store.models import Attempt, Step, User, utcnow

log = logging.getLogger(__name__)

MAX_JUSTIFICATION_LENGTH = 2000


@dataclass(frozen=True)
class AttemptView:
    """An attempt with its scenario version, for pages to show."""

    attempt: Attempt
    scenario: Scenario
    steps: list[Step]


def start_attempt(db: Database, user_id: int, scenario_key: str) -> Attempt:
    """Resume the open attempt on a scenario, or start one on its current version."""
    catalogue = get_catalogue(db)
    entry = catalogue.scenarios.get(scenario_key)
    analysis = get_analysis(db, entry[0]) if entry else None

    with db.transaction() as session:
        # Lock the learner's row so that two quick clicks on "Start" (or two
        # workers) cannot both see no open attempt and both create one.
        session.scalar(select(User.id).where(User.id == user_id).with_for_update())
        open_attempt = session.scalar(
            select(Attempt)
            .where(
                Attempt.user_id == user_id,
                Attempt.scenario_key == scenario_key,
                Attempt.finished_at.is_(None),
            )
            .order_by(Attempt.id.desc())
        )
        if open_attempt is not None:
            return open_attempt
        if entry is None or analysis is None:
            raise NotFound("There is no scenario with that name.")

        version_id, scenario = entry
        allowed = scenario.attempts_allowed
        count_started = select(func.count()).where(
            Attempt.user_id == user_id, Attempt.scenario_key == scenario_key
        )
        used = session.scalar(count_started) or 0
        if allowed is not None and used >= allowed:
            raise InvalidInput(
                f"You have used all {allowed} attempts at this scenario. "
                "Your counted score stays as it is."
            )

        position = start_position(scenario)
        attempt = Attempt(
            user_id=user_id,
            scenario_key=scenario_key,
            version_id=version_id,
            scene_id=position.scene_id,
            state=dict(position.state),
            best_score=analysis.best_score,
            criterion_scores={},
        )
        session.add(attempt)
        session.flush()

    log.info(
        "attempt %s started on %s by learner %s", attempt.id, scenario_key, user_id
    )
    return attempt


def get_attempt_view(db: Database, attempt_id: int, user_id: int | None) -> AttemptView:
    """An attempt with its steps; ``user_id`` limits it to its owner."""
    with db.reading() as session:
        attempt = session.get(Attempt, attempt_id)
        if attempt is None or (user_id is not None and attempt.user_id != user_id):
            raise NotFound("There is no such attempt.")
        steps = list(attempt.steps)
    return AttemptView(attempt, get_version_model(db, attempt.version_id), steps)


def position_of(attempt: Attempt) -> Position:
    """The engine position an attempt stands at."""
    highest = attempt.state.get("__highest_level", 0)
    state = {k: v for k, v in attempt.state.items() if not k.startswith("__")}
    return Position(attempt.scene_id, state, highest)


def take_step(
    db: Database,
    *,
    user_id: int,
    attempt_id: int,
    step_number: int,
    choice_index: int,
    justification: str = "",
) -> Attempt:
    """Take one choice; a replayed or stale step raises StaleStep, changing nothing."""
    justification = justification.strip()
    if len(justification) > MAX_JUSTIFICATION_LENGTH:
        raise InvalidInput(
            f"Please keep your reason under {MAX_JUSTIFICATION_LENGTH} characters."
        )

    with db.transaction() as session:
        attempt = session.scalar(
            select(Attempt).where(Attempt.id == attempt_id).with_for_update()
        )
        if attempt is None or attempt.user_id != user_id:
            raise NotFound("There is no such attempt.")
        if attempt.is_finished or step_number != attempt.step_count:
            raise StaleStep(
                "That choice was already made, so it was not counted again. "
                "Here is where you are now."
            )

        scenario = get_version_model(db, attempt.version_id)
        scene = scenario.scenes[attempt.scene_id]
        if scene.key and not justification:
            raise InvalidInput(
                "This is a key decision: write a sentence or two on why you chose it."
            )
        move = take_choice(scenario, position_of(attempt), choice_index)
        record_step(attempt, move, justification or None)
        apply_move(db, attempt, scenario, move)
        try:
            session.flush()
        except IntegrityError as error:
            raise StaleStep("That choice was already made.") from error

    log.info("attempt %s step %s taken", attempt_id, step_number)
    return attempt


def record_step(attempt: Attempt, move: Move, justification: str | None) -> None:
    """Append the step row for ``move`` to the attempt."""
    attempt.steps.append(
        Step(
            number=attempt.step_count,
            scene_id=attempt.scene_id,
            choice_index=move.choice.index,
            action=move.choice.action,
            to=move.choice.to,
            points=move.choice.points,
            skipped_levels=move.skipped_levels,
            justification=justification,
        )
    )


def apply_move(db: Database, attempt: Attempt, scenario: Scenario, move: Move) -> None:
    """Advance the attempt row to the move's position, finishing it at an ending."""
    position = move.position
    attempt.scene_id = position.scene_id
    attempt.state = {**position.state, "__highest_level": position.highest_level}
    attempt.step_count += 1
    attempt.score += move.choice.points

    scene = scenario.scenes[position.scene_id]
    if scene.is_ending:
        finish_attempt(db, attempt, scenario, scene.outcome)


def finish_attempt(
    db: Database, attempt: Attempt, scenario: Scenario, outcome: str | None
) -> None:
    """Score a finished attempt against the best achievable score."""
    result = score_attempt(db, attempt, scenario)
    attempt.finished_at = utcnow()
    attempt.outcome = outcome
    attempt.percent = result.percent
    attempt.passed = result.passed
    attempt.criterion_scores = {
        criterion: {
            "score": result.criterion_scores[criterion],
            "best": result.criterion_best.get(criterion, 0),
            "percent": result.criterion_percent[criterion],
            "passed": result.criterion_passed[criterion],
        }
        for criterion in result.criterion_scores
    }


def choices_taken(steps: list[Step], scenario: Scenario) -> list[Choice]:
    """The Choice objects of some steps, in order."""
    return [scenario.scenes[s.scene_id].choices[s.choice_index] for s in steps]


def score_attempt(db: Database, attempt: Attempt, scenario: Scenario) -> Result:
    """Score the attempt's steps against the best achievable totals."""
    analysis = get_analysis(db, attempt.version_id)
    choices = choices_taken(list(attempt.steps), scenario)
    return score_choices(
        scenario, choices, analysis.best_score, analysis.best_criterion_scores
    )


def find_attempts(
    db: Database, user_id: int, scenario_key: str | None = None
) -> list[Attempt]:
    """A learner's attempts, newest first, optionally for one scenario."""
    with db.reading() as session:
        query = select(Attempt).where(Attempt.user_id == user_id)
        if scenario_key:
            query = query.where(Attempt.scenario_key == scenario_key)
        return list(session.scalars(query.order_by(Attempt.id.desc())))


def order_finished(attempts: list[Attempt]) -> list[Attempt]:
    """The finished attempts among ``attempts``, oldest first."""
    finished = [a for a in attempts if a.finished_at is not None]
    return sorted(finished, key=lambda a: (a.finished_at, a.id))


def get_counted_percent(attempts: list[Attempt], policy: str) -> int | None:
    """The percentage that counts under a retry policy, or None before any finish."""
    return pick_counting_score([a.percent for a in order_finished(attempts)], policy)


def count_attempts_left(scenario: Scenario, attempts: list[Attempt]) -> int | None:
    """How many more attempts may be started; None when there is no limit."""
    if scenario.attempts_allowed is None:
        return None
    return max(0, scenario.attempts_allowed - len(attempts))
