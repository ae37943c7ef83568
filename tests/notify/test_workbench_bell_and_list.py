"""The workbench: a bell with the unread count, the list with links to the cases, mark read."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import MONDAY
from tests.notify.helpers import run_jobs
from tousu.cases import workflow as wf
from tousu.notify.models import Notification


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new_work(org: dict[str, Any], make_case: Any) -> Any:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")
    run_jobs(MONDAY)
    return case


def test_the_bell_counts_the_unread_and_the_list_links_to_the_case(
    org: dict[str, Any], make_case: Any
) -> None:
    case = _new_work(org, make_case)
    client = _logged_in(org["unit_a_handler"])

    page = client.get("/notifications/").content.decode()

    assert '<span class="badge" id="unread-count">1</span>' in page
    assert f'<a href="/cases/{case.pk}/">新工单 {case.number}' in page


def test_marking_all_read_empties_the_bell_for_this_user_only(
    org: dict[str, Any], make_case: Any
) -> None:
    _new_work(org, make_case)
    client = _logged_in(org["unit_a_handler"])

    response = client.post("/notifications/read/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<p>0 条未读</p>" in response.content.decode()  # Chinese, the default language
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # the leader's
    assert Notification.objects.get(recipient=org["unit_a_leader"]).read_at is None


def test_someone_elses_notification_cannot_be_marked_read(
    org: dict[str, Any], make_case: Any
) -> None:
    _new_work(org, make_case)
    theirs = Notification.objects.get(recipient=org["unit_a_leader"])

    response = _logged_in(org["unit_b_handler"]).post(f"/notifications/{theirs.pk}/read/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
