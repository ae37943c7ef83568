"""A workbench session ends when the browser closes and after half an hour (configurable)
without activity. Using the workbench — htmx requests included — keeps it open; the badges the
page refreshes on its own every minute do not. Once it has ended, an htmx request sends the
whole page to the login form."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from time_machine import TimeMachineFixture

from tests.conftest import MONDAY

HOME = "/"
LOGIN = "/login/"
BADGES = "/q-counts/"
HTMX: dict[str, Any] = {
    "HTTP_HX_REQUEST": "true",
    "HTTP_HX_CURRENT_URL": "http://testserver/search/?q=x",
}
PASSWORD = "Elevator-Repair-2026"


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def logged_in(user: Any) -> Client:
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = client.post(LOGIN, {"username": user.get_username(), "password": PASSWORD})
    assert response.status_code == 302
    return client


def is_logged_in(client: Client) -> bool:
    response = client.get(HOME)
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={HOME}"
    return False


def test_the_session_cookie_lasts_until_the_browser_closes(org: dict[str, Any]) -> None:
    org["clerk"].set_password(PASSWORD)
    org["clerk"].save()

    response = Client().post(LOGIN, {"username": "clerk", "password": PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value != ""
    assert (cookie["expires"], cookie["max-age"]) == ("", "")
    assert cookie["httponly"] is True


def test_half_an_hour_without_activity_ends_the_session(
    org: dict[str, Any], clock: TimeMachineFixture
) -> None:
    client = logged_in(org["clerk"])

    clock.shift(timedelta(minutes=29))
    assert is_logged_in(client)
    clock.shift(timedelta(minutes=30, seconds=1))  # 30 minutes and a second after that look

    assert not is_logged_in(client)


def test_working_on_keeps_the_session_open_for_hours(
    org: dict[str, Any], clock: TimeMachineFixture
) -> None:
    client = logged_in(org["clerk"])

    for _ in range(12):  # two hours, a page every ten minutes
        clock.shift(timedelta(minutes=10))
        assert is_logged_in(client)


def test_htmx_requests_count_as_activity(org: dict[str, Any], clock: TimeMachineFixture) -> None:
    client = logged_in(org["clerk"])

    clock.shift(timedelta(minutes=20))
    assert client.get("/search/?q=x", **HTMX).status_code == 200
    clock.shift(timedelta(minutes=20))  # 40 minutes after logging in, 20 after the htmx request

    assert is_logged_in(client)


def test_the_badges_refreshing_themselves_do_not_keep_an_unattended_page_open(
    org: dict[str, Any], clock: TimeMachineFixture
) -> None:
    client = logged_in(org["clerk"])
    for _ in range(29):  # the page polls its badges every minute while nobody is there
        clock.shift(timedelta(minutes=1))
        assert client.get(BADGES, HTTP_HX_REQUEST="true").status_code == 200

    clock.shift(timedelta(minutes=1, seconds=1))

    assert not is_logged_in(client)


def test_after_the_session_ended_an_htmx_request_sends_the_whole_page_to_the_login_form(
    org: dict[str, Any], clock: TimeMachineFixture
) -> None:
    client = logged_in(org["clerk"])
    clock.shift(timedelta(minutes=31))

    response = client.get(
        BADGES, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/q/overdue/"
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{LOGIN}?next=/q/overdue/"
    assert response.content == b""


def test_the_idle_time_follows_the_setting(
    org: dict[str, Any], clock: TimeMachineFixture, settings: Any
) -> None:
    settings.SESSION_COOKIE_AGE = 10 * 60
    client = logged_in(org["clerk"])

    clock.shift(timedelta(minutes=10, seconds=1))

    assert not is_logged_in(client)


def test_the_idle_time_is_read_from_tousu_session_idle_minutes(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TOUSU_")}
    script = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'tousu.settings'; "
        "from django.conf import settings; "
        "print(settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
    )

    def idle_setting(**env: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", script],
            env={**environment, "TOUSU_HOME": str(tmp_path), **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout.strip()

    assert idle_setting() == "1800 True"
    assert idle_setting(TOUSU_SESSION_IDLE_MINUTES="10") == "600 True"
