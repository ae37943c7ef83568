"""GET /cases/{id}/events: the timeline, oldest first; a refused action leaves no trace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import API, act, create, error_of, get, png_bytes
from tests.conftest import MONDAY
from tousu.cases.models import Case, CaseEvent

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]

EVENT_FIELDS = {"verb", "actor", "at", "from_status", "to_status", "note"}


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def _events(client: Client, case_id: int) -> list[dict[str, Any]]:
    response = get(client, f"/cases/{case_id}/events")
    assert response.status_code == 200, response.content
    events = response.json()
    assert isinstance(events, list)
    return events


def _core(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: e[k] for k in sorted(EVENT_FIELDS)} for e in events]


def test_the_events_list_every_step_oldest_first_with_actor_time_and_statuses(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    clerk, handler = api_as("clerk"), api_as("unit_a_handler")
    case_id = create(clerk).json()["id"]
    clock.shift(timedelta(minutes=30))
    act(clerk, case_id, "accept", {"note": "属实,受理"})
    clock.shift(timedelta(minutes=30))
    act(clerk, case_id, "dispatch", {"unit": "unit-a", "note": "请三日内核实"})
    clock.shift(timedelta(hours=2))
    act(handler, case_id, "sign")

    events = _events(clerk, case_id)

    assert all(set(e) >= EVENT_FIELDS for e in events)
    assert _core(events) == [
        {
            "verb": "register",
            "actor": "clerk",
            "at": "2026-03-02T10:00:00+08:00",
            "from_status": None,
            "to_status": "registered",
            "note": "",
        },
        {
            "verb": "accept",
            "actor": "clerk",
            "at": "2026-03-02T10:30:00+08:00",
            "from_status": "registered",
            "to_status": "accepted",
            "note": "属实,受理",
        },
        {
            "verb": "dispatch",
            "actor": "clerk",
            "at": "2026-03-02T11:00:00+08:00",
            "from_status": "accepted",
            "to_status": "dispatched",
            "note": "请三日内核实",
        },
        {
            "verb": "sign",
            "actor": "unit_a_handler",
            "at": "2026-03-02T13:00:00+08:00",
            "from_status": "dispatched",
            "to_status": "handling",
            "note": "",
        },
    ]


def test_the_unit_sees_the_same_timeline_as_the_centre(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    clerk = api_as("clerk")
    case_id = create(clerk).json()["id"]
    act(clerk, case_id, "accept")
    act(clerk, case_id, "dispatch", {"unit": "unit-a"})

    assert _core(_events(api_as("unit_a_handler"), case_id)) == _core(_events(clerk, case_id))


def test_an_action_that_keeps_the_status_is_an_event_from_and_to_the_same_status(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    clerk = api_as("clerk")
    case_id = create(clerk).json()["id"]
    act(clerk, case_id, "accept")
    act(clerk, case_id, "dispatch", {"unit": "unit-a"})
    act(api_as("unit_a_handler"), case_id, "sign")

    act(api_as("unit_a_handler"), case_id, "request_extension", {"days": 5, "reason": "需现场核查"})

    last = _events(clerk, case_id)[-1]
    assert (last["verb"], last["actor"], last["from_status"], last["to_status"], last["note"]) == (
        "request_extension",
        "unit_a_handler",
        "handling",
        "handling",
        "需现场核查",
    )


@pytest.mark.parametrize(
    ("username", "verb", "body", "status"),
    [
        ("clerk", "archive", {}, 409),
        ("clerk", "sign", {}, 409),
        ("analyst", "accept", {}, 403),
        ("clerk", "reject", {}, 422),
        ("clerk", "accept", "{oops", 400),
        ("clerk", "shout", {}, 400),
        ("unit_b_handler", "accept", {}, 404),
    ],
)
def test_a_refused_action_adds_no_event(
    org: dict[str, Any],
    api_as: ApiAs,
    clock: TimeMachineFixture,
    username: str,
    verb: str,
    body: Any,
    status: int,
) -> None:
    clerk = api_as("clerk")
    case_id = create(clerk).json()["id"]
    before = _events(clerk, case_id)

    error_of(act(api_as(username), case_id, verb, body), status)

    assert _events(clerk, case_id) == before
    assert CaseEvent.objects.filter(case_id=case_id).count() == 1


def test_events_of_a_case_the_caller_cannot_see_are_a_404(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()

    for username in ("unit_a_handler", "unit_b_handler", "nobody", "station_clerk"):
        response = get(api_as(username), f"/cases/{case.pk}/events")
        assert error_of(response, 404)["code"] == "not_found"
    assert error_of(get(api_as("clerk"), f"/cases/{case.pk + 1}/events"), 404)


def test_the_event_of_an_upload_names_the_file(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = make_case()
    clerk = api_as("clerk")
    clerk.post(
        f"{API}/cases/{case.pk}/attachments",
        {"file": SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png")},
    )

    last = _events(clerk, case.pk)[-1]
    assert (last["verb"], last["from_status"], last["to_status"]) == (
        "attach",
        "registered",
        "registered",
    )
    assert last["data"]["name"] == "现场.png"


def test_the_unit_is_not_told_the_name_of_a_confidential_file_in_the_events(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = make_case()
    clerk = api_as("clerk")
    for name, confidential in (("现场.png", False), ("张三身份证.png", True)):
        clerk.post(
            f"{API}/cases/{case.pk}/attachments",
            {
                "file": SimpleUploadedFile(name, png_bytes(), content_type="image/png"),
                "confidential": confidential,
            },
        )
    act(clerk, case.pk, "accept")
    act(clerk, case.pk, "dispatch", {"unit": "unit-a"})

    seen = [e["data"] for e in _events(api_as("unit_a_handler"), case.pk) if e["verb"] == "attach"]

    assert [d.get("name") for d in seen] == ["现场.png", None]
    assert [d["confidential"] for d in seen] == [False, True]
    assert "attachment" not in seen[1]
    assert [e["data"]["name"] for e in _events(clerk, case.pk) if e["verb"] == "attach"] == [
        "现场.png",
        "张三身份证.png",
    ]


def test_the_unit_is_not_told_the_number_of_a_case_merged_into_its_case(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    clerk = api_as("clerk")
    held, repeat = make_case(), make_case()
    act(clerk, held.pk, "accept")
    act(clerk, held.pk, "dispatch", {"unit": "unit-a"})
    act(clerk, repeat.pk, "merge", {"into": held.pk})

    [unit_sees] = [
        e for e in _events(api_as("unit_a_handler"), held.pk) if e["verb"] == "merged_in"
    ]
    [centre_sees] = [e for e in _events(clerk, held.pk) if e["verb"] == "merged_in"]

    assert unit_sees["data"] == {}
    assert repeat.number not in str(_events(api_as("unit_a_handler"), held.pk))
    assert centre_sees["data"] == {"case": repeat.pk, "number": repeat.number}
