"""Analysing scenario graphs: scores, paths and flaws, with state."""

from __future__ import annotations

from course.authoring.conditions import parse_condition, parse_effects
from course.authoring.model import Choice, Person, Scenario, Scene
from course.engine.analysis import analyse_scenario

LADDER = (Person("manager", "Your manager", 1),)


def make_choice(
    index: int,
    target: str,
    points: int,
    *,
    condition: str | None = None,
    effects: str | None = None,
    criterion_points: dict[str, int] | None = None,
) -> Choice:
    return Choice(
        index=index,
        text=f"go to {target}",
        action="handle",
        target=target,
        to=None,
        points=points,
        criterion_points=criterion_points or {},
        feedback="",
        condition=parse_condition(condition) if condition else None,
        effects=parse_effects(effects) if effects else (),
    )


def make_scenario(scenes: dict[str, tuple[Choice, ...]]) -> Scenario:
    built = {
        scene_id: Scene(
            scene_id, scene_id, "", choices, outcome=None if choices else "good"
        )
        for scene_id, choices in scenes.items()
    }
    return Scenario(
        "test",
        "Test",
        "",
        ("A-1.1", "A-1.2"),
        50,
        "immediate",
        LADDER,
        built,
        next(iter(scenes)),
    )


def test_best_and_worst_of_a_simple_tree() -> None:
    scenario = make_scenario(
        {
            "start": (make_choice(0, "left", 1), make_choice(1, "right", 3)),
            "left": (make_choice(0, "end", 4), make_choice(1, "end", -2)),
            "right": (make_choice(0, "end", 0), make_choice(1, "end", 1)),
            "end": (),
        }
    )

    analysis = analyse_scenario(scenario)

    assert analysis.best_score == 5
    assert analysis.best_path == (("start", 0), ("left", 0))
    assert analysis.worst_score == -1
    assert analysis.path_count == 4
    assert (analysis.scene_count, analysis.choice_count, analysis.ending_count) == (
        4,
        6,
        1,
    )
    assert not analysis.has_loops and not analysis.unbounded


def test_best_score_respects_flags_set_on_the_way() -> None:
    scenario = make_scenario(
        {
            "start": (
                make_choice(0, "mid", 1, effects="asked"),
                make_choice(1, "mid", 3),
            ),
            "mid": (
                make_choice(0, "end", 5, condition="asked"),
                make_choice(1, "end", 0),
            ),
            "end": (),
        }
    )

    analysis = analyse_scenario(scenario)

    # Ignoring the flag would give 3 + 5 = 8, a score no learner can reach.
    assert analysis.best_score == 6
    assert analysis.best_path == (("start", 0), ("mid", 0))
    assert analysis.path_count == 3


def test_a_counted_loop_is_bounded_by_its_condition() -> None:
    scenario = make_scenario(
        {
            "start": (
                make_choice(0, "start", 1, condition="tries<3", effects="tries+=1"),
                make_choice(1, "end", 0),
            ),
            "end": (),
        }
    )

    analysis = analyse_scenario(scenario)

    assert analysis.best_score == 3
    assert analysis.best_path == (("start", 0),) * 3 + (("start", 1),)
    assert analysis.path_count == 4
    assert not analysis.unbounded and not analysis.truncated


def test_a_loop_with_points_makes_the_score_unbounded() -> None:
    scenario = make_scenario(
        {
            "start": (make_choice(0, "again", 1), make_choice(1, "end", 0)),
            "again": (make_choice(0, "start", 0), make_choice(1, "end", 0)),
            "end": (),
        }
    )

    analysis = analyse_scenario(scenario)

    assert analysis.unbounded
    assert analysis.growing_loop_scenes == ("start",)
    assert analysis.best_score == 0


def test_a_loop_without_points_leaves_the_best_score_finite() -> None:
    scenario = make_scenario(
        {
            "start": (make_choice(0, "again", 0), make_choice(1, "end", 2)),
            "again": (make_choice(0, "start", -1), make_choice(1, "end", 1)),
            "end": (),
        }
    )

    analysis = analyse_scenario(scenario)

    assert analysis.best_score == 2
    assert analysis.has_loops and not analysis.unbounded
    assert analysis.worst_unbounded
    # start->end, start->again->end; the loop-closing choice is left out.
    assert analysis.path_count == 2


def test_best_per_criterion_is_computed_separately() -> None:
    scenario = make_scenario(
        {
            "start": (
                make_choice(0, "end", 3, criterion_points={"A-1.1": 3}),
                make_choice(1, "end", 2, criterion_points={"A-1.1": 0, "A-1.2": 2}),
            ),
            "end": (),
        }
    )

    analysis = analyse_scenario(scenario)

    assert analysis.best_criterion_scores == {"A-1.1": 3, "A-1.2": 2}
    assert analysis.best_score == 3


def test_points_without_criteria_count_for_every_criterion() -> None:
    scenario = make_scenario(
        {"start": (make_choice(0, "end", 4), make_choice(1, "end", 1)), "end": ()}
    )

    analysis = analyse_scenario(scenario)

    assert analysis.best_criterion_scores == {"A-1.1": 4, "A-1.2": 4}


def test_dead_ends_trapped_loops_and_unreachable_scenes_are_found() -> None:
    scenario = make_scenario(
        {
            "start": (
                make_choice(0, "stuck", 0),
                make_choice(1, "trap", 0),
                make_choice(2, "end", 1),
            ),
            "stuck": (make_choice(0, "end", 1, condition="never"),),
            "trap": (make_choice(0, "trap2", 0),),
            "trap2": (make_choice(0, "trap", 0),),
            "island": (make_choice(0, "end", 0),),
            "end": (),
        }
    )

    analysis = analyse_scenario(scenario)

    assert analysis.dead_end_scenes == ("stuck",)
    assert analysis.trapped_scenes == ("trap",)
    assert "island" not in analysis.reachable_scenes
    assert analysis.never_offered == (("stuck", 0),)
    assert analysis.best_score == 1


def test_an_unbounded_counter_stops_the_search() -> None:
    scenario = make_scenario(
        {
            "start": (
                make_choice(0, "start", 0, effects="n+=1"),
                make_choice(1, "end", 1),
            ),
            "end": (),
        }
    )

    analysis = analyse_scenario(scenario, max_states=50)

    assert analysis.truncated
    assert analysis.best_score == 1


def test_following_the_best_path_scores_the_best_score() -> None:
    scenario = make_scenario(
        {
            "start": (make_choice(0, "a", 2, effects="x+=2"), make_choice(1, "b", 1)),
            "a": (make_choice(0, "b", 1, effects="x-=1"), make_choice(1, "end", 0)),
            "b": (make_choice(0, "end", 4, condition="x>=1"), make_choice(1, "end", 1)),
            "end": (),
        }
    )
    analysis = analyse_scenario(scenario)

    total = sum(scenario.scenes[s].choices[i].points for s, i in analysis.best_path)

    assert total == analysis.best_score == 7
