from datetime import date

import pytest

from intake.domain import errors
from intake.domain.case import Case, replay
from intake.domain.commands import ApprovePlan, DraftPlan, GoalDraft, RecordGoalProgress
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    CaseOpened,
    CasePlanApproved,
    CasePlanDrafted,
    GoalProgressRecorded,
    PlanGoal,
)
from lgnet_events.ids import uuid7

SEALED = "lgnet:v1:c2VhbGVk"
CASE, PERSON, HOUSING_GOAL, WORK_GOAL = uuid7(), uuid7(), uuid7(), uuid7()
TARGET = date(2026, 12, 31)
OPENED = CaseOpened(
    case_id=CASE,
    beneficiary_id=PERSON,
    channel="one_stop_shop",
    contact_point="desk_1",
    urgency="low",
    vulnerabilities=SEALED,
)


def goal(goal_id: object = HOUSING_GOAL, area: str = "housing") -> PlanGoal:
    return PlanGoal(goal_id=goal_id, area=area, target_date=TARGET)


def drafted(version: int = 1, *goals: PlanGoal) -> CasePlanDrafted:
    return CasePlanDrafted(
        case_id=CASE, beneficiary_id=PERSON, plan_version=version, goals=list(goals) or [goal()]
    )


def approved(version: int = 1) -> CasePlanApproved:
    return CasePlanApproved(case_id=CASE, beneficiary_id=PERSON, plan_version=version)


def progressed(status: str, goal_id: object = HOUSING_GOAL) -> GoalProgressRecorded:
    return GoalProgressRecorded(
        case_id=CASE, beneficiary_id=PERSON, goal_id=goal_id, status=status, recorded_on=TARGET
    )


def given(*history: DomainEvent) -> Case:
    return replay(CASE, [OPENED, *history])


def test_drafting_the_first_plan_gives_version_one() -> None:
    cmd = DraftPlan(CASE, (GoalDraft(HOUSING_GOAL, "housing", TARGET),))
    assert given().draft_plan(cmd) == [drafted()]


def test_a_new_version_keeps_earlier_goals_by_id_and_adds_new_ones() -> None:
    cmd = DraftPlan(
        CASE,
        (
            GoalDraft(HOUSING_GOAL, "housing", TARGET, new=False),
            GoalDraft(WORK_GOAL, "work", TARGET),
        ),
    )
    (event,) = given(drafted(), approved()).draft_plan(cmd)
    assert event == drafted(2, goal(), goal(WORK_GOAL, "work"))


def test_keeping_a_goal_the_plan_never_had_is_invalid() -> None:
    cmd = DraftPlan(CASE, (GoalDraft(WORK_GOAL, "work", TARGET, new=False),))
    with pytest.raises(errors.Invalid):
        given(drafted()).draft_plan(cmd)


def test_approving_the_latest_version_gives_plan_approved() -> None:
    assert given(drafted()).approve_plan(ApprovePlan(CASE, 1)) == [approved()]


def test_approving_an_older_version_is_refused() -> None:
    with pytest.raises(errors.PlanVersionRefused, match="latest plan version"):
        given(drafted(), drafted(2)).approve_plan(ApprovePlan(CASE, 1))


def test_approving_without_a_plan_is_refused() -> None:
    with pytest.raises(errors.PlanVersionRefused):
        given().approve_plan(ApprovePlan(CASE, 1))


def test_progress_needs_an_approved_plan() -> None:
    cmd = RecordGoalProgress(CASE, HOUSING_GOAL, "in_progress", TARGET)
    with pytest.raises(errors.PlanNotApproved):
        given(drafted()).record_goal_progress(cmd)


def test_progress_against_a_goal_of_the_approved_plan_is_recorded() -> None:
    cmd = RecordGoalProgress(CASE, HOUSING_GOAL, "achieved", TARGET)
    assert given(drafted(), approved()).record_goal_progress(cmd) == [progressed("achieved")]


def test_progress_against_a_goal_outside_the_approved_plan_is_missing() -> None:
    cmd = RecordGoalProgress(CASE, WORK_GOAL, "achieved", TARGET)
    with pytest.raises(errors.UnknownGoal):
        given(drafted(), approved()).record_goal_progress(cmd)


def test_a_case_without_an_approved_plan_is_not_ready_to_close() -> None:
    assert given(drafted()).closure_blockers() == ["the case plan has not been approved"]


def test_open_goals_keep_a_case_from_being_ready_to_close() -> None:
    history = (drafted(), approved(), progressed("in_progress"))
    assert given(*history).closure_blockers() == ["1 goal(s) of the plan are not settled"]


def test_a_case_with_every_goal_settled_is_ready_to_close() -> None:
    assert given(drafted(), approved(), progressed("achieved")).closure_blockers() == []


def test_a_draft_awaiting_approval_is_a_blocker_but_keeps_the_approved_goals() -> None:
    history = (drafted(), approved(), progressed("dropped"), drafted(2))
    assert given(*history).closure_blockers() == [
        "a newer version of the case plan awaits approval"
    ]
