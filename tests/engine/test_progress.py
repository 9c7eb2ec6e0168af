"""How evidence decides a criterion's status."""

from __future__ import annotations

from course.engine.progress import Evidence, evaluate_all, evaluate_criterion


def check(met: bool) -> Evidence:
    return Evidence("ESC-1.3", "check", "Check", met)


def answer(met: bool | None, *, judged: bool = True) -> Evidence:
    return Evidence("ESC-1.3", "answer", "Answer", met, "Add the impact.", judged)


def test_a_correct_check_meets_a_criterion_no_written_task_claims():
    assert evaluate_criterion("ESC-1.3", [check(False), check(True)]).status == "met"


def test_a_check_alone_cannot_meet_a_criterion_a_written_task_claims():
    progress = evaluate_criterion("ESC-1.3", [check(True)], assessed=True)

    assert progress.status == "in_progress"


def test_not_yet_met_is_not_outvoted_by_a_correct_check():
    evidence = [check(True), answer(False)]

    assert evaluate_criterion("ESC-1.3", evidence).status == "not_yet_met"
    assert evaluate_criterion("ESC-1.3", evidence).feedback == "Add the impact."


def test_the_newest_answer_version_decides():
    resubmitted = [answer(False), answer(None, judged=False)]
    judged_again = [*resubmitted, answer(True)]

    assert evaluate_criterion("ESC-1.3", resubmitted).status == "awaiting"
    assert evaluate_criterion("ESC-1.3", judged_again).status == "met"


def test_criteria_without_evidence_are_not_started():
    progress = evaluate_all(["ESC-1.3", "ESC-1.4"], [check(True)], assessed={"ESC-1.4"})

    assert progress["ESC-1.3"].status == "met"
    assert progress["ESC-1.4"].status == "not_started"
