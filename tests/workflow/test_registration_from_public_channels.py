"""The public channels (portal, e-mail, WeChat, SMS, Open311, a higher platform) register through
the one registration path as the `system` actor: for the centre that takes the public's cases,
idempotent by the channel's external id, with a query password kept only as a keyed hash."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from tests.conftest import MONDAY, new_case
from tousu.cases import tracking
from tousu.cases.errors import AlreadyRegistered, InvalidInput
from tousu.cases.models import Case, CaseEvent
from tousu.cases.registration import register
from tousu.lib.fields import stored_token
from tousu.orgs.models import Unit, UnitKind
from tousu.orgs.staff import system_user


def test_the_system_registers_for_the_first_centre_when_none_is_configured(
    org: dict[str, Any],
) -> None:
    case = register(new_case(channel="web"), actor=system_user(), now=MONDAY)
    assert case.centre == org["centre"]
    assert CaseEvent.objects.filter(case=case).values_list("actor__username", flat=True).get() == (
        "system"
    )


def test_the_system_registers_for_the_configured_public_centre(org: dict[str, Any]) -> None:
    other = Unit.objects.create(code="centre-2", name="区12345分中心", kind=UnitKind.CENTRE)
    with override_settings(TOUSU_PUBLIC_CENTRE="centre-2"):
        case = register(new_case(channel="sms"), actor=system_user(), now=MONDAY)
    assert case.centre == other


def test_a_configured_public_centre_that_is_not_a_centre_is_refused(org: dict[str, Any]) -> None:
    with override_settings(TOUSU_PUBLIC_CENTRE="unit-a"), pytest.raises(InvalidInput) as refused:
        register(new_case(channel="sms"), actor=system_user(), now=MONDAY)
    assert list(refused.value.fields) == ["centre"]
    assert Case.objects.count() == 0


def test_the_same_external_id_on_the_same_channel_returns_the_first_case(
    org: dict[str, Any],
) -> None:
    first = register(
        new_case(channel="platform", external_id="SJ-2026-0042"), actor=system_user(), now=MONDAY
    )
    with pytest.raises(AlreadyRegistered) as again:
        register(
            new_case(channel="platform", external_id="SJ-2026-0042"),
            actor=system_user(),
            now=MONDAY,
        )
    assert again.value.case_id == first.pk
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1


def test_the_same_external_id_on_another_channel_is_another_case(org: dict[str, Any]) -> None:
    register(new_case(channel="platform", external_id="42"), actor=system_user(), now=MONDAY)
    register(new_case(channel="open311", external_id="42"), actor=system_user(), now=MONDAY)
    assert Case.objects.filter(external_id="42").count() == 2


def test_an_external_id_too_long_is_refused_naming_the_field(org: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as refused:
        register(new_case(external_id="x" * 101), actor=system_user(), now=MONDAY)
    assert list(refused.value.fields) == ["external_id"]
    assert Case.objects.count() == 0


def test_the_query_password_is_kept_only_as_a_hash_and_checks(org: dict[str, Any]) -> None:
    password = tracking.new_password()
    case = register(
        new_case(channel="web", query_password=password), actor=system_user(), now=MONDAY
    )
    stored = Case.objects.values_list("query_password", flat=True).get(pk=case.pk)
    assert password not in stored
    assert stored.startswith("hmac-sha256$")
    assert tracking.check_password(stored, password)
    assert tracking.check_password(stored, password.lower()[:5] + " " + password.lower()[5:])
    assert not tracking.check_password(stored, "WRONG22222")
    assert not tracking.check_password("", password)
    assert not tracking.check_password(stored, "")


def test_a_query_password_survives_a_new_site_secret(org: dict[str, Any], settings: Any) -> None:
    stored = tracking.hash_password("ABCDEFGHJK")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-" + "x" * 40
    assert tracking.check_password(stored, "ABCDEFGHJK")


def test_a_contact_for_an_anonymous_sender_is_kept_sealed(org: dict[str, Any]) -> None:
    case = register(
        new_case(
            channel="email",
            anonymous=True,
            contact_channel="email",
            contact_address=" citizen@example.cn ",
        ),
        actor=system_user(),
        now=MONDAY,
    )
    row = Case.objects.get(pk=case.pk)
    token = stored_token(row, "contact_address")
    assert token is not None and "example.cn" not in token
    assert (row.contact_channel, row.contact_address) == ("email", "citizen@example.cn")
    assert row.complainants.count() == 0


@pytest.mark.parametrize(
    ("channel", "address", "field"),
    [
        ("fax", "010-1234", "contact_channel"),
        ("email", "", "contact_address"),
        ("", "13812345678", "contact_channel"),
        ("email", "not-an-address", "contact_address"),
        ("sms", "12345", "contact_address"),
    ],
)
def test_a_bad_contact_is_refused_naming_the_field(
    org: dict[str, Any], channel: str, address: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        register(
            new_case(channel="web", contact_channel=channel, contact_address=address),
            actor=system_user(),
            now=MONDAY,
        )
    assert list(refused.value.fields) == [field]
    assert Case.objects.count() == 0
