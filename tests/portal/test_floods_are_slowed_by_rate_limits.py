"""Rate limits (django-ratelimit, in the cache): submissions per client address and per phone
number, tries of the track page per client address. Over the limit: 429, nothing stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from tousu.cases.models import Case

from .conftest import track


def test_submissions_from_one_address_are_limited(
    settings: Any, submit: Callable[..., Any]
) -> None:
    settings.TOUSU_PORTAL_RATE_ADDRESS = "2/h"
    assert [submit(phone=f"1391234567{i}").status_code for i in range(2)] == [302, 302]
    third = submit(phone="13912345672")
    assert third.status_code == 429 and 'id="rate-limited"' in third.content.decode()
    assert Case.objects.count() == 2


def test_submissions_for_one_phone_number_are_limited_whatever_the_address(
    settings: Any, submit: Callable[..., Any]
) -> None:
    settings.TOUSU_PORTAL_RATE_PHONE = "1/d"
    first = submit(Client(REMOTE_ADDR="10.0.0.1"))
    again = submit(Client(REMOTE_ADDR="10.0.0.2"), phone="139 1234 5678")
    other = submit(Client(REMOTE_ADDR="10.0.0.3"), phone="13800002222")
    assert (first.status_code, again.status_code, other.status_code) == (302, 429, 302)
    assert Case.objects.count() == 2


def test_an_anonymous_submission_without_a_phone_counts_only_for_its_address(
    settings: Any, submit: Callable[..., Any]
) -> None:
    settings.TOUSU_PORTAL_RATE_PHONE = "1/d"
    answers = [submit(anonymous="on", name="", phone="").status_code for _ in range(3)]
    assert answers == [302, 302, 302]


def test_tries_of_the_track_page_from_one_address_are_limited(
    settings: Any, org: dict[str, Any]
) -> None:
    settings.TOUSU_PORTAL_RATE_TRACK = "3/h"
    client = Client()
    answers = [track(client, f"ABCD-EFGH-JKM{i}", "WRONGPASS").status_code for i in range(4)]
    assert answers == [403, 403, 403, 429]
