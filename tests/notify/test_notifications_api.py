"""GET /api/v1/notifications and POST …/{id}/read: the caller's own, newest first."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import MONDAY
from tests.notify.helpers import run_jobs
from tousu.cases import workflow as wf
from tousu.notify.models import Notification


def _two_notifications(org: dict[str, Any], make_case: Any) -> Any:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")
    wf.sign(case, actor=org["unit_a_leader"], now=MONDAY)
    wf.remind(case, actor=org["supervisor"], now=MONDAY)
    run_jobs(MONDAY)
    return case


def test_the_handler_lists_their_notifications_newest_first(
    org: dict[str, Any], make_case: Any, api_as: Any
) -> None:
    case = _two_notifications(org, make_case)
    client = api_as("unit_a_handler")

    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/notifications").json()

    assert [(i["kind"], i["case"], i["read"]) for i in body["items"]] == [
        ("reminder", case.pk, False),
        ("new_work", case.pk, False),
    ]
    assert body["items"][0]["at"] == "2026-03-02T10:00:00+08:00"
    assert body["unread"] == 2
    assert len(queries) == 4  # token, token's user, the page, the unread count


def test_marking_one_read_lowers_the_unread_count(
    org: dict[str, Any], make_case: Any, api_as: Any
) -> None:
    _two_notifications(org, make_case)
    client = api_as("unit_a_handler")
    first = Notification.objects.filter(recipient=org["unit_a_handler"]).earliest("id")

    response = client.post(f"/api/v1/notifications/{first.pk}/read")

    assert response.status_code == 200
    assert response.json() == {"id": first.pk, "read": True, "unread": 1}
    assert client.get("/api/v1/notifications").json()["unread"] == 1


def test_someone_elses_notification_is_not_found_and_stays_unread(
    org: dict[str, Any], make_case: Any, api_as: Any
) -> None:
    _two_notifications(org, make_case)
    theirs = Notification.objects.filter(recipient=org["unit_a_handler"]).earliest("id")

    response = api_as("unit_b_handler").post(f"/api/v1/notifications/{theirs.pk}/read")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None
