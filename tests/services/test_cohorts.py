"""Cohorts: invitation links, all-or-nothing CSV import, and who sees whom."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from course.errors import InvalidInput, NotFound, PermissionDenied
from course.services.accounts import create_user
from course.services.cohorts import (
    ImportRejected,
    accept_invitations,
    create_cohort,
    find_cohorts,
    find_members,
    find_pending_invitations,
    find_visible_learners,
    get_visible_learner,
    import_learners,
    join_cohort,
)
from course.store.models import CohortInvitation, CohortMember
from tests.services.people import make_team
from tests.web.journey import PASSWORD


def count_rows(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_good_file_enrols_learners_and_invites_newcomers(db):
    team = make_team(db)
    text = (
        "Name,Email\n"
        "Sam Stranger,STRANGER@example.org\n"
        "\n"
        "Nia Newcomer,nia@example.org\n"
        "Lee Learner,learner@example.org\n"
    )

    report = import_learners(
        db, actor_id=team.trainer.id, cohort_id=team.cohort.id, text=text
    )

    assert (report.enrolled, report.invited, report.unchanged) == (1, 1, 1)
    members = {u.email for u in find_members(db, team.cohort.id)}
    assert "stranger@example.org" in members
    pending = find_pending_invitations(db, team.cohort.id)
    assert [p.email for p in pending] == ["nia@example.org"]

    newcomer = create_user(db, email="nia@example.org", name="Nia", password=PASSWORD)
    assert accept_invitations(db, newcomer) == 1
    assert newcomer.id in {u.id for u in find_members(db, team.cohort.id)}
    assert find_pending_invitations(db, team.cohort.id) == []


def test_a_file_with_bad_rows_names_each_row_and_imports_nothing(db):
    team = make_team(db)
    before = count_rows(db, CohortMember), count_rows(db, CohortInvitation)
    text = (
        "name,email\n"
        "Good Person,good@example.org\n"
        "No Email,\n"
        ",nameless@example.org\n"
        "Twice,good@example.org\n"
        "Staff,assessor@example.org\n"
    )

    with pytest.raises(ImportRejected) as caught:
        import_learners(
            db, actor_id=team.trainer.id, cohort_id=team.cohort.id, text=text
        )

    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["Row 3", "Row 4", "Row 5"]
    assert "valid email" in problems[0]
    assert "already on row 2" in problems[2]
    assert "Nothing was imported" in caught.value.message
    assert (count_rows(db, CohortMember), count_rows(db, CohortInvitation)) == before


def test_staff_emails_and_missing_headings_are_refused(db):
    team = make_team(db)

    with pytest.raises(ImportRejected) as staff:
        import_learners(
            db,
            actor_id=team.trainer.id,
            cohort_id=team.cohort.id,
            text="name,email\nAsha,assessor@example.org\n",
        )
    with pytest.raises(ImportRejected) as headings:
        import_learners(
            db,
            actor_id=team.trainer.id,
            cohort_id=team.cohort.id,
            text="full name;mail\nA;a@example.org\n",
        )
    with pytest.raises(ImportRejected, match="1 problem"):
        import_learners(
            db, actor_id=team.trainer.id, cohort_id=team.cohort.id, text="name,email\n"
        )

    assert staff.value.problems == [
        "Row 2: assessor@example.org belongs to a staff account, not a learner."
    ]
    assert headings.value.problems[0].startswith("Row 1:")


def test_only_trainers_and_admins_manage_cohorts(db):
    team = make_team(db)
    with pytest.raises(PermissionDenied):
        create_cohort(db, actor_id=team.assessor.id, name="Mine")
    with pytest.raises(PermissionDenied):
        import_learners(
            db,
            actor_id=team.lead.id,
            cohort_id=team.cohort.id,
            text="name,email\nA B,ab@example.org\n",
        )
    with pytest.raises(InvalidInput, match="exists"):
        create_cohort(db, actor_id=team.trainer.id, name="  Spring   cohort ")


def test_an_invitation_link_enrols_a_learner_once_and_nobody_else(db):
    team = make_team(db)

    join_cohort(db, user_id=team.stranger.id, token=team.cohort.invite_token)
    join_cohort(db, user_id=team.stranger.id, token=team.cohort.invite_token)
    with pytest.raises(NotFound):
        join_cohort(db, user_id=team.stranger.id, token="not-a-token")
    with pytest.raises(InvalidInput, match="Only learner"):
        join_cohort(db, user_id=team.trainer.id, token=team.cohort.invite_token)

    members = [u.id for u in find_members(db, team.cohort.id)]
    assert members.count(team.stranger.id) == 1


def test_an_assessor_sees_only_their_cohorts_learners(db):
    team = make_team(db)

    assigned = {u.email for u in find_visible_learners(db, team.assessor)}
    outsider = find_visible_learners(db, team.outsider_assessor)
    everyone = {u.email for u in find_visible_learners(db, team.lead)}

    assert assigned == {"learner@example.org", "classmate@example.org"}
    assert outsider == []
    assert "stranger@example.org" in everyone and len(everyone) == 3
    assert [c.name for c in find_cohorts(db, team.assessor)] == ["Spring cohort"]
    assert find_cohorts(db, team.outsider_assessor) == []
    with pytest.raises(NotFound):
        get_visible_learner(db, team.assessor, team.stranger.id)
    with pytest.raises(NotFound):
        get_visible_learner(db, team.lead, team.assessor.id)
