"""After a successful track, the browser is bound to the case for a while: the citizen adds
material (an event the holder is told of), withdraws the case with a reason, and rates the reply
(the `callback` verb). Bad input: 422 naming the field, nothing written; a step the case's status
does not allow: 409; an unbound or expired browser goes back to the track form."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, fresh
from tousu.cases.models import Assignment, AssignmentState, Attachment, Case, CaseEvent, Status
from tousu.notify.fanout import fan_out
from tousu.notify.models import Kind, Outbox
from tousu.orgs.staff import system_user

from .conftest import PNG, tracked_client

NOW = MONDAY + timedelta(hours=2)


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def _events(case: Case) -> int:
    return CaseEvent.objects.filter(case=case).count()


def test_material_is_added_and_the_holder_is_told(org: dict[str, Any], citizen_case: Case) -> None:
    advance(citizen_case, Status.HANDLING, org, MONDAY)
    fan_out(NOW)  # what happened before is told already
    client = tracked_client(citizen_case)
    answer = client.post(
        "/portal/track/case/material/",
        {
            "text": "补充：路灯杆也歪了",
            "attachments": [SimpleUploadedFile("a.png", PNG, "image/png")],
        },
    )
    assert (answer.status_code, answer["Location"]) == (302, "/portal/track/case/")
    event = CaseEvent.objects.filter(case=citizen_case).latest("id")
    assert (event.verb, event.note, event.actor_id) == (
        "supplement",
        "补充：路灯杆也歪了",
        system_user().pk,
    )
    assert Attachment.objects.filter(case=citizen_case).count() == 1
    fan_out(NOW)
    told = Outbox.objects.filter(event=event, kind=Kind.MATERIAL_ADDED).values_list(
        "user__username", flat=True
    )
    assert set(told) == {"unit_a_handler", "unit_a_leader"}


def test_empty_material_or_a_bad_file_is_refused(org: dict[str, Any], citizen_case: Case) -> None:
    client = tracked_client(citizen_case)
    before = _events(citizen_case)
    empty = client.post("/portal/track/case/material/", {"text": "  "})
    bad = client.post(
        "/portal/track/case/material/",
        {
            "text": "见附件",
            "attachments": [SimpleUploadedFile("a.png", b"not an image", "image/png")],
        },
    )
    assert (empty.status_code, bad.status_code) == (422, 422)
    assert 'data-error-for="text"' in empty.content.decode()
    assert 'data-error-for="attachments"' in bad.content.decode()
    assert _events(citizen_case) == before and Attachment.objects.count() == 0


def test_the_citizen_withdraws_with_a_reason(org: dict[str, Any], citizen_case: Case) -> None:
    advance(citizen_case, Status.HANDLING, org, MONDAY)
    client = tracked_client(citizen_case)
    refused = client.post("/portal/track/case/withdraw/", {"reason": ""})
    assert refused.status_code == 422 and 'data-error-for="reason"' in refused.content.decode()
    assert fresh(citizen_case).status == Status.HANDLING
    answer = client.post("/portal/track/case/withdraw/", {"reason": "已经自行解决"})
    assert answer.status_code == 302
    case = fresh(citizen_case)
    assert (case.status, case.closed_at) == (Status.WITHDRAWN, NOW)
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert (event.verb, event.note, event.data) == (
        "withdraw",
        "已经自行解决",
        {"by": "citizen", "channel": "web"},
    )
    assert Assignment.objects.get(case=case).state == AssignmentState.CANCELLED
    html = client.get("/portal/track/case/").content.decode()
    assert 'data-stage="withdrawn"' in html and 'id="withdraw-form"' not in html
    assert 'id="material-form"' not in html


def test_the_citizen_rates_the_reply_satisfied_and_the_case_closes(
    org: dict[str, Any], citizen_case: Case
) -> None:
    advance(citizen_case, Status.REPLIED, org, MONDAY)
    client = tracked_client(citizen_case)
    assert 'id="rate-form"' in client.get("/portal/track/case/").content.decode()
    answer = client.post("/portal/track/case/rate/", {"satisfaction": "satisfied", "note": "谢谢"})
    assert answer.status_code == 302
    case = fresh(citizen_case)
    assert (case.status, case.satisfaction) == (Status.CLOSED, "satisfied")
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert (event.verb, event.note, event.data["by"]) == ("callback", "谢谢", "citizen")


def test_a_dissatisfied_citizen_sends_the_case_back_to_the_unit(
    org: dict[str, Any], citizen_case: Case
) -> None:
    advance(citizen_case, Status.REPLIED, org, MONDAY)
    client = tracked_client(citizen_case)
    client.post(
        "/portal/track/case/rate/", {"satisfaction": "dissatisfied", "note": "路灯还是不亮"}
    )
    case = fresh(citizen_case)
    assert (case.status, case.dissatisfied_count, case.rework_count) == (Status.HANDLING, 1, 1)
    assert Assignment.objects.get(case=case).state == AssignmentState.ACTIVE


def test_rating_is_refused_before_the_reply_and_for_a_made_up_answer(
    org: dict[str, Any], citizen_case: Case
) -> None:
    client = tracked_client(citizen_case)
    assert 'id="rate-form"' not in client.get("/portal/track/case/").content.decode()
    early = client.post("/portal/track/case/rate/", {"satisfaction": "satisfied"})
    assert early.status_code == 409
    advance(citizen_case, Status.REPLIED, org, MONDAY)
    unreachable = client.post("/portal/track/case/rate/", {"satisfaction": "unreachable"})
    assert unreachable.status_code == 422
    assert 'data-error-for="satisfaction"' in unreachable.content.decode()
    assert fresh(citizen_case).status == Status.REPLIED


def test_without_a_tracked_case_nothing_can_be_done(
    org: dict[str, Any], citizen_case: Case
) -> None:
    client = Client()
    before = _events(citizen_case)
    for path, data in (
        ("/portal/track/case/material/", {"text": "x"}),
        ("/portal/track/case/withdraw/", {"reason": "x"}),
        ("/portal/track/case/rate/", {"satisfaction": "satisfied"}),
    ):
        answer = client.post(path, data)
        assert (answer.status_code, answer["Location"]) == (302, "/portal/track/")
    assert client.get("/portal/track/case/")["Location"] == "/portal/track/"
    assert _events(citizen_case) == before


def test_the_binding_ends_after_its_minutes_and_on_leaving(
    org: dict[str, Any], citizen_case: Case, _clock: Any
) -> None:
    client = tracked_client(citizen_case)
    _clock.shift(timedelta(minutes=29))
    assert client.get("/portal/track/case/").status_code == 200
    _clock.shift(timedelta(minutes=2))
    assert client.get("/portal/track/case/")["Location"] == "/portal/track/"
    again = tracked_client(citizen_case)
    again.post("/portal/track/leave/")
    assert again.get("/portal/track/case/")["Location"] == "/portal/track/"
