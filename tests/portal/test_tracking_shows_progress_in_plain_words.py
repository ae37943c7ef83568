"""The track page: with the case number or the tracking code and the query password, the citizen
sees the progress in plain words — received → accepted → being handled by the responsible
department → replied → closed — the working days left and the reply; never a member of staff's
name, an internal note, or (unless the centre allows it) the unit's name."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.conftest import MONDAY
from tests.workflow.helpers import advance
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Status

from .conftest import PASSWORD, track, tracked_client

LATER = MONDAY + timedelta(hours=2)


@pytest.fixture(autouse=True)
def _at_monday_noon() -> Any:
    with time_machine.travel(LATER, tick=False):
        yield


def _page(case: Case) -> str:
    return tracked_client(case).get("/portal/track/case/").content.decode()


def test_the_track_form_asks_for_code_and_password(org: dict[str, Any]) -> None:
    html = Client().get("/portal/track/").content.decode()
    assert 'name="code"' in html and 'name="password"' in html


@pytest.mark.parametrize("how", ["number", "tracking_code", "typed_loosely"])
def test_the_case_number_or_the_tracking_code_finds_the_case(citizen_case: Case, how: str) -> None:
    code = {
        "number": citizen_case.number,
        "tracking_code": citizen_case.tracking_code,
        "typed_loosely": citizen_case.tracking_code.replace("-", " ").lower(),
    }[how]
    client = Client()
    answer = track(client, code, PASSWORD.lower())
    assert (answer.status_code, answer["Location"]) == (302, "/portal/track/case/")
    html = client.get("/portal/track/case/").content.decode()
    assert f"{citizen_case.number}" in html and 'data-stage="received"' in html


def test_a_new_case_is_received_with_its_working_days_to_accept(citizen_case: Case) -> None:
    html = _page(citizen_case)
    assert 'data-step="received" aria-current="step"' in html
    assert 'data-progress="received">2026-03-02<' in html
    assert 'data-progress="workdays_left"' in html


def test_a_case_at_a_unit_is_being_handled_by_the_responsible_department(
    org: dict[str, Any], citizen_case: Case
) -> None:
    advance(citizen_case, Status.ACCEPTED, org, MONDAY)
    wf.dispatch(citizen_case, actor=org["clerk"], now=MONDAY, unit="unit-a", note="内部提示勿外传")
    advance(citizen_case, Status.HANDLING, org, MONDAY)
    html = _page(citizen_case)
    assert 'data-stage="handling"' in html
    assert 'class="step done" data-step="accepted"' in html
    for secret in ("内部提示勿外传", "市住房和城乡建设局", "unit_a_handler", "clerk", "director"):
        assert secret not in html


def test_the_centre_may_let_the_unit_be_named(
    org: dict[str, Any], citizen_case: Case, settings: Any
) -> None:
    settings.TOUSU_PORTAL_SHOW_UNIT = True
    advance(citizen_case, Status.HANDLING, org, MONDAY)
    assert 'data-progress="unit">市住房和城乡建设局<' in _page(citizen_case)


def test_the_reply_is_shown_once_there_is_one(org: dict[str, Any], citizen_case: Case) -> None:
    advance(citizen_case, Status.REVIEWED, org, MONDAY)
    assert 'data-progress="reply"' not in _page(citizen_case)
    advance(citizen_case, Status.REPLIED, org, MONDAY)
    html = _page(citizen_case)
    assert 'data-stage="replied"' in html
    assert 'data-progress="reply"><p>已整改完毕</p>' in html
    assert "已核实并督促整改" not in html  # the unit's result is the centre's, not the citizen's


def test_a_closed_case_shows_every_step_done(org: dict[str, Any], citizen_case: Case) -> None:
    advance(citizen_case, Status.CLOSED, org, MONDAY)
    html = _page(citizen_case)
    assert 'data-stage="closed"' in html and html.count('class="step done"') == 5
    assert 'data-progress="workdays_left"' not in html


def test_the_complainants_details_are_not_on_the_page(citizen_case: Case) -> None:
    html = _page(citizen_case)
    for personal in ("张三", "13812345678", "110101199001011237", "幸福小区3号楼2单元501"):
        assert personal not in html
