"""An API token lives for a limited time (90 days unless configured or asked for otherwise) and
dies with its user's password: whoever changes the password — the user in the workbench, an
administrator in the admin, an operator with `manage changepassword`, a script — revokes every
token issued before. An expired or revoked token is a 401 like any unknown one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from time_machine import TimeMachineFixture

from tests.api.helpers import API, error_of
from tests.conftest import MONDAY
from tousu.api.models import ApiToken
from tousu.cli import main

PASSWORD = "Elevator-Repair-2026"
NEW_PASSWORD = "Hotline-Spring-2026"


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def answers(secret: str) -> int:
    """The status of GET /me with the token; a refusal must be the usual 401."""
    response = bearer(secret).get(f"{API}/me")
    if response.status_code != 200:
        assert error_of(response, 401)["code"] == "unauthenticated"
    return response.status_code


def with_password(user: Any, password: str = PASSWORD) -> Any:
    user.set_password(password)
    user.save()
    return user


# --- expiry -------------------------------------------------------------------------------------


def test_a_token_works_for_ninety_days_and_not_a_second_longer(
    org: dict[str, Any], clock: TimeMachineFixture
) -> None:
    row, secret = ApiToken.issue(org["clerk"])
    assert row.expires_at == MONDAY + timedelta(days=90)

    clock.shift(timedelta(days=90, seconds=-1))
    assert answers(secret) == 200
    clock.shift(timedelta(seconds=1))

    assert answers(secret) == 401


def test_the_default_lifetime_follows_the_setting(
    org: dict[str, Any], clock: TimeMachineFixture, settings: Any
) -> None:
    settings.TOUSU_API_TOKEN_DAYS = 7

    row, secret = ApiToken.issue(org["clerk"])
    clock.shift(timedelta(days=7, seconds=1))

    assert row.expires_at == MONDAY + timedelta(days=7)
    assert answers(secret) == 401


def test_tousu_token_prints_when_the_token_expires_and_takes_days(
    org: dict[str, Any], clock: TimeMachineFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["token", "clerk", "--days", "30"])

    printed = capsys.readouterr()
    row = ApiToken.objects.get()
    assert row.expires_at == MONDAY + timedelta(days=30)
    assert printed.err == "expires 2026-04-01T10:00+08:00\n"  # local time, the centre's zone
    assert answers(printed.out.strip()) == 200


def test_tousu_token_without_days_gives_the_default_lifetime(
    org: dict[str, Any], clock: TimeMachineFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["token", "clerk"])

    assert capsys.readouterr().err == "expires 2026-05-31T10:00+08:00\n"
    assert ApiToken.objects.get().expires_at == MONDAY + timedelta(days=90)


@pytest.mark.parametrize("days", ["0", "-5", "ninety", "36501"])
def test_tousu_token_refuses_a_lifetime_that_is_not_a_positive_number_of_days(
    org: dict[str, Any], capsys: pytest.CaptureFixture[str], days: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["token", "clerk", "--days", days])

    assert exit_info.value.code == 2
    assert "--days" in capsys.readouterr().err
    assert ApiToken.objects.count() == 0


# --- the password changes -----------------------------------------------------------------------


def change_in_the_workbench(user: Any) -> None:
    client = Client()
    client.force_login(user)
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302


def change_in_the_admin(user: Any) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302


def change_with_the_command(user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", user.get_username(), stdout=open("/dev/null", "w"))  # noqa: SIM115


def change_in_a_script(user: Any) -> None:
    fresh = get_user_model().objects.get(pk=user.pk)
    fresh.set_password(NEW_PASSWORD)
    fresh.save()


@pytest.mark.parametrize("how", ["workbench", "admin", "command", "script"])
def test_changing_the_password_by_any_way_revokes_the_tokens_issued_before(
    org: dict[str, Any], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    clerk = with_password(org["clerk"])
    _row, first = ApiToken.issue(clerk)
    _row, second = ApiToken.issue(clerk)
    colleague = ApiToken.issue(org["dispatcher"])[1]
    assert (answers(first), answers(second)) == (200, 200)

    if how == "workbench":
        change_in_the_workbench(clerk)
    elif how == "admin":
        change_in_the_admin(clerk)
    elif how == "command":
        change_with_the_command(clerk, monkeypatch)
    else:
        change_in_a_script(clerk)

    assert get_user_model().objects.get(pk=clerk.pk).check_password(NEW_PASSWORD)
    assert (answers(first), answers(second)) == (401, 401)
    assert answers(colleague) == 200  # another user's token is not touched
    fresh_token = ApiToken.issue(get_user_model().objects.get(pk=clerk.pk))[1]
    assert answers(fresh_token) == 200


def test_setting_the_same_password_again_still_revokes_the_tokens(org: dict[str, Any]) -> None:
    clerk = with_password(org["clerk"])
    _row, secret = ApiToken.issue(clerk)

    with_password(clerk, PASSWORD)

    assert answers(secret) == 401


def test_other_changes_to_the_user_leave_the_tokens_working(org: dict[str, Any]) -> None:
    clerk = with_password(org["clerk"])
    _row, secret = ApiToken.issue(clerk)

    clerk.first_name = "小王"
    clerk.last_login = timezone.now()
    clerk.save()
    Client().force_login(clerk)  # logging in to the workbench

    assert answers(secret) == 200


def test_the_token_row_keeps_no_copy_of_the_password_hash(org: dict[str, Any]) -> None:
    clerk = with_password(org["clerk"])

    row, _secret = ApiToken.issue(clerk)

    stored = ApiToken.objects.filter(pk=row.pk).values().get()
    assert clerk.password not in {str(v) for v in stored.values()}
    assert all(clerk.password.split("$")[-1] not in str(v) for v in stored.values())
