"""The dashboards are for those who read statistics (`stats.access.reader_of`): the centre's
director, deputy, analyst, supervisor and administrators, and a unit's leader (their own unit).
Anyone else gets the project's 403 page; nobody logged in is sent to log in. The navigation
shows the link to readers only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .helpers import cases_url, client_for, dashboard_url

Org = dict[str, Any]
READERS = ["director", "deputy", "analyst", "supervisor", "admin", "unit_a_leader"]
OTHERS = ["clerk", "intake_only", "dispatcher", "station_clerk", "unit_a_handler", "nobody"]


@pytest.mark.parametrize("username", READERS)
def test_a_reader_opens_the_dashboard(org: Org, username: str) -> None:
    assert client_for(org[username]).get(dashboard_url()).status_code == 200


@pytest.mark.parametrize("username", OTHERS)
def test_anyone_else_is_refused_with_the_projects_403_page(org: Org, username: str) -> None:
    client = client_for(org[username], "en")
    for url in (dashboard_url(), cases_url(list="received"), dashboard_url(export="league")):
        response = client.get(url)
        assert response.status_code == 403
        assert "you may not read statistics" in response.content.decode()


def test_nobody_logged_in_is_sent_to_log_in(db: Any) -> None:
    for url in (dashboard_url(), cases_url(list="received")):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=/dashboard/")


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("director", True),
        ("analyst", True),
        ("unit_a_leader", True),
        ("clerk", False),
        ("unit_a_handler", False),
        ("nobody", False),
    ],
)
def test_the_navigation_links_the_dashboard_for_readers_only(
    org: Org, username: str, shown: bool
) -> None:
    html = client_for(org[username]).get("/search/").content.decode()
    assert ('href="/dashboard/" accesskey="t"' in html) is shown


def test_only_get_is_answered(org: Org) -> None:
    assert client_for(org["director"]).post(dashboard_url()).status_code == 405
