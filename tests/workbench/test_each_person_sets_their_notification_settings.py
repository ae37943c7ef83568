"""Each staff member sets their own notification settings in the workbench (until now only the
admin could): which kinds of message (the staff kinds), through which channels, in which language,
and the hours no SMS may come. The page is linked from the notifications page and the user menu;
a valid form is saved and the page shown again (POST-redirect-GET); a bad one is refused naming
the field, with nothing written; the form needs its CSRF token."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.conftest import MONDAY
from tests.notify.conftest import last_event_id_handed_out
from tests.notify.helpers import inbox, run_jobs
from tests.workbench.case_helpers import client_for
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.notify.models import STAFF_KINDS, Cursor, Preference
from tousu.orgs.models import StaffProfile

URL = "/notifications/settings/"
MakeCase = Callable[..., Case]
ALL_KINDS = [
    "new_work",
    "signoff_waiting",
    "extension_requested",
    "result_to_review",
    "reminder",
    "escalation",
    "returned",
    "material_added",
    "after_hours_case",
    "digest",
    "callback_due",
]


def ticked(html: str, name: str) -> list[str]:
    """The values of the ticked checkboxes named `name`, in the page's order."""
    return re.findall(rf'<input type="checkbox" name="{name}" value="(\w+)"[^>]* checked>', html)


def valid(**overrides: Any) -> dict[str, Any]:
    return {
        "kinds": [k for k in ALL_KINDS if k != "material_added"],
        "channels": ["in_app"],
        "language": "en",
        "quiet_from": "",
        "quiet_until": "",
    } | overrides


def test_the_page_offers_every_staff_kind_and_shows_the_defaults(org: dict[str, Any]) -> None:
    response = client_for(org["unit_a_handler"]).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert set(ALL_KINDS) == set(STAFF_KINDS)
    assert ticked(html, "kinds") == ALL_KINDS
    assert ticked(html, "channels") == ["in_app"]  # no e-mail address on file
    assert '<option value="zh-hans" selected>' in html


def test_it_is_linked_from_the_notifications_page_and_the_user_menu(org: dict[str, Any]) -> None:
    client = client_for(org["clerk"])

    for page in (reverse("workbench:notifications"), reverse("workbench:home")):
        html = client.get(page).content.decode()
        assert f'<a href="{URL}">Notification settings</a>' in html, page


def test_saving_stores_what_was_left_unticked_as_muted_and_shows_the_page_again(
    org: dict[str, Any],
) -> None:
    org["unit_a_handler"].email = "handler@example.cn"
    org["unit_a_handler"].save()
    StaffProfile.objects.create(user=org["unit_a_handler"], display_name="王", phone="13900001111")
    client = client_for(org["unit_a_handler"])

    answer = client.post(
        URL,
        valid(channels=["in_app", "email", "sms"], quiet_from="22:00", quiet_until="07:30"),
    )

    assert (answer.status_code, answer["Location"]) == (302, URL)
    saved = Preference.objects.get(user=org["unit_a_handler"])
    assert (saved.muted_kinds, saved.channels, saved.language) == (
        ["material_added"],
        ["in_app", "email", "sms"],
        "en",
    )
    assert (saved.quiet_from, saved.quiet_until) == (time(22, 0), time(7, 30))
    again = client.get(URL).content.decode()
    assert "Your notification settings are saved." in again
    assert ticked(again, "kinds") == [k for k in ALL_KINDS if k != "material_added"]
    assert ticked(again, "channels") == ["in_app", "email", "sms"]
    assert 'value="22:00"' in again


def test_the_fan_out_follows_what_was_saved(org: dict[str, Any], make_case: MakeCase) -> None:
    # The fan-out starts at the end of the log, as on a fresh installation (tests/notify).
    Cursor.objects.update_or_create(
        name="fanout", defaults={"last_event_id": last_event_id_handed_out()}
    )
    client_for(org["unit_a_handler"]).post(URL, valid(kinds=["reminder"]))
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")

    run_jobs(MONDAY)

    assert inbox(org) == {"unit_a_leader": ["new_work"]}  # the handler muted new work


def test_a_second_save_changes_the_same_row_and_keeps_kinds_muted_elsewhere(
    org: dict[str, Any],
) -> None:
    Preference.objects.create(user=org["clerk"], muted_kinds=["replied", "new_work"])

    client_for(org["clerk"]).post(URL, valid(kinds=["new_work"]))

    saved = Preference.objects.get(user=org["clerk"])
    assert saved.muted_kinds == ["replied", *[k for k in ALL_KINDS if k != "new_work"]]
    assert Preference.objects.count() == 1


def test_no_channel_is_refused_naming_the_field_and_nothing_is_written(
    org: dict[str, Any],
) -> None:
    response = client_for(org["clerk"]).post(URL, valid(channels=[]))

    assert response.status_code == 422
    assert response.context["form"].errors == {"channels": ["Choose at least one way to be told."]}
    assert Preference.objects.count() == 0


def test_e_mail_or_sms_without_an_address_on_file_is_refused(org: dict[str, Any]) -> None:
    client = client_for(org["clerk"])

    by_mail = client.post(URL, valid(channels=["in_app", "email"]))
    by_sms = client.post(URL, valid(channels=["sms"]))

    assert (by_mail.status_code, by_sms.status_code) == (422, 422)
    assert by_mail.context["form"].errors == {
        "channels": ["You have no e-mail address on file: ask an administrator to add one."]
    }
    assert by_sms.context["form"].errors == {
        "channels": ["You have no phone number on file: ask an administrator to add one."]
    }
    assert Preference.objects.count() == 0


def test_quiet_hours_need_both_ends_that_differ(org: dict[str, Any]) -> None:
    client = client_for(org["clerk"])

    only_start = client.post(URL, valid(quiet_from="22:00"))
    only_end = client.post(URL, valid(quiet_until="07:00"))
    the_same = client.post(URL, valid(quiet_from="22:00", quiet_until="22:00"))
    garbled = client.post(URL, valid(quiet_from="25:99", quiet_until="07:00"))

    assert only_start.context["form"].errors == {"quiet_until": ["Give both times, or neither."]}
    assert only_end.context["form"].errors == {"quiet_from": ["Give both times, or neither."]}
    assert the_same.context["form"].errors == {
        "quiet_until": ["Must differ from the start of the quiet hours."]
    }
    assert list(garbled.context["form"].errors) == ["quiet_from"]
    assert {r.status_code for r in (only_start, only_end, the_same, garbled)} == {422}
    assert Preference.objects.count() == 0


def test_a_kind_that_is_not_offered_is_refused_naming_the_field(org: dict[str, Any]) -> None:
    before = Preference.objects.create(user=org["clerk"], muted_kinds=["digest"])

    response = client_for(org["clerk"]).post(URL, valid(kinds=["new_work", "replied"]))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["kinds"]
    assert '<fieldset class="field field-kinds has-error"' in response.content.decode()
    after = Preference.objects.get(pk=before.pk)
    assert (after.muted_kinds, after.channels) == (["digest"], [])


def test_the_form_needs_its_csrf_token(org: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org["clerk"])

    response = client.post(URL, valid())

    assert response.status_code == 403
    assert Preference.objects.count() == 0


def test_someone_not_logged_in_is_asked_to_log_in(db: Any) -> None:
    response = Client().get(URL)

    assert (response.status_code, response["Location"]) == (302, f"/login/?next={URL}")
