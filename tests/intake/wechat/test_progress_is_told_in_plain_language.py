"""`cases.progress`: the one wording of a case's progress for the public (the WeChat answer, the
portal's track page, Open311): five steps, the endings off the path, working days left only
while the citizen waits, the reply only once it was given."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from tests.conftest import MONDAY
from tousu.cases.models import Case
from tousu.cases.progress import case_for_citizen, normalise_code, progress_of


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def case(make_case: Any) -> Case:
    made: Case = make_case(query_password="ABCD234567")
    return made


def at(case: Case, status: str, **more: Any) -> Case:
    Case.objects.filter(pk=case.pk).update(status=status, **more)
    return Case.objects.get(pk=case.pk)


def test_a_new_case_is_received_with_its_deadline_to_accept(case: Case) -> None:
    state = progress_of(case, MONDAY)
    assert (state.stage, state.label, state.workdays_left, state.reply) == (
        "received",
        "received",
        1,
        "",
    )
    assert state.steps == (
        ("received", "received", "current"),
        ("accepted", "accepted", "todo"),
        ("handling", "being handled by the responsible department", "todo"),
        ("replied", "replied", "todo"),
        ("closed", "closed", "todo"),
    )
    assert str(state.received_on) == "2026-03-02"


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        ("accepted", "accepted"),
        ("pending_approval", "accepted"),
        ("dispatched", "handling"),
        ("handling", "handling"),
        ("result_submitted", "handling"),
        ("reviewed", "handling"),
        ("pending_decision", "handling"),
        ("replied", "replied"),
        ("closed", "closed"),
        ("archived", "closed"),
        ("not_accepted", "not_accepted"),
        ("referred", "referred"),
        ("withdrawn", "withdrawn"),
    ],
)
def test_every_status_has_its_public_stage(case: Case, status: str, stage: str) -> None:
    assert progress_of(at(case, status), MONDAY).stage == stage


def test_a_closed_case_has_walked_every_step_and_tells_the_reply(case: Case) -> None:
    state = progress_of(at(case, "closed", reply="已修复。"), MONDAY)
    assert [s[2] for s in state.steps] == ["done"] * 5
    assert (state.reply, state.workdays_left) == ("已修复。", None)


def test_a_reply_not_yet_given_to_the_citizen_is_not_told(case: Case) -> None:
    assert progress_of(at(case, "reviewed", reply="草稿"), MONDAY).reply == ""


def test_a_paused_case_keeps_its_place_on_the_path(case: Case) -> None:
    state = progress_of(
        at(case, "suspended", suspended_from="handling", suspended_at=MONDAY), MONDAY
    )
    assert (state.stage, state.label) == ("suspended", "paused")
    assert [s[2] for s in state.steps] == ["done", "done", "current", "todo", "todo"]


def test_an_ending_off_the_path_has_no_steps(case: Case) -> None:
    state = progress_of(at(case, "not_accepted"), MONDAY)
    assert (state.label, state.steps, state.on_usual_path) == ("not accepted", (), False)


def test_the_citizen_finds_the_case_by_code_or_number_with_the_password(case: Case) -> None:
    code = case.tracking_code
    assert normalise_code(code.replace("-", "").lower()) == code
    assert case_for_citizen(code.lower(), "abcd234567") == case
    assert case_for_citizen(case.number, "ABCD234567") == case
    assert case_for_citizen(code, "WRONG23456") is None
    assert case_for_citizen("ZZZZ-ZZZZ-ZZZZ", "ABCD234567") is None
    assert case_for_citizen(code, "") is None
