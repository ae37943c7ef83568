"""A scheme a frozen ranking used is history: the admin shows it read-only with the reason and
refuses a change; "Copy as a new version" starts the next one; no scheme may start inside the
frozen months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tests.stats.history import NOW
from tousu.assessment import ranking
from tousu.assessment.models import Deduction, Item, Scheme
from tousu.cases.models import Case

from .helpers import OCTOBER_DEDUCTIONS, OCTOBER_ITEMS, october_scheme

EN = {"Accept-Language": "en"}
USED = (
    "This scheme computed the frozen rankings of 2026-10 and cannot be changed any more. Use the "
    "action “Copy as a new version” and give the copy a later first month."
)


@pytest.fixture
def used(october: dict[str, Case]) -> Scheme:
    scheme = october_scheme()
    ranking.freeze(date(2026, 10, 1), NOW)
    return scheme


@pytest.fixture
def admin_client(client: Client, org: dict[str, Any]) -> Any:
    client.force_login(org["admin"])
    with time_machine.travel(NOW, tick=False):
        yield client


def _parts(scheme: Scheme) -> tuple[Any, ...]:
    scheme.refresh_from_db()
    return (
        scheme.name,
        scheme.valid_from,
        scheme.base,
        list(scheme.items.values_list("figure", "points", "cap")),
        list(scheme.deductions.values_list("basis", "points", "cap")),
    )


def _form(name: str, valid_from: str) -> dict[str, str]:
    return {
        "name": name,
        "valid_from": valid_from,
        "base": "0",
        "note": "",
        **{
            f"{p}-{n}": "0"
            for p in ("items", "deductions")
            for n in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }


def test_the_admin_shows_it_read_only_with_the_reason(admin_client: Client, used: Scheme) -> None:
    html = admin_client.get(f"/admin/assessment/scheme/{used.pk}/change/", headers=EN).content
    page = html.decode()
    assert USED in page
    assert 'name="_save"' not in page


def test_a_change_is_refused_and_nothing_changes(admin_client: Client, used: Scheme) -> None:
    before = _parts(used)
    response = admin_client.post(
        f"/admin/assessment/scheme/{used.pk}/change/", _form("改过的方案", "2026-10-01")
    )
    deleted = admin_client.post(f"/admin/assessment/scheme/{used.pk}/delete/", {"post": "yes"})
    assert (response.status_code, deleted.status_code) == (403, 403)
    assert _parts(used) == before


def test_the_model_refuses_it_too(used: Scheme) -> None:
    used.name = "改过的方案"
    item = Item.objects.get(scheme=used, figure="on_time_rate")
    item.points = Decimal("50")
    for changed in (used, item):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            changed.full_clean()
        assert refused.value.messages == [USED]


def test_copy_as_a_new_version_starts_after_the_frozen_months(
    admin_client: Client, used: Scheme
) -> None:
    response = admin_client.post(
        "/admin/assessment/scheme/",
        {"action": "copy_as_new_version", "_selected_action": [used.pk]},
    )
    assert response.status_code == 302
    copy = Scheme.objects.exclude(pk=used.pk).get(valid_from__gt=date(2026, 1, 1))
    assert _parts(copy) == (
        "2026年10月方案",
        date(2026, 12, 1),
        Decimal("0.00"),
        [(f, Decimal(p), None) for f, p in OCTOBER_ITEMS],
        [(b, Decimal(p), Decimal(c) if c else None) for b, p, c in OCTOBER_DEDUCTIONS],
    )
    assert not copy.is_used
    assert admin_client.get(f"/admin/assessment/scheme/{copy.pk}/change/").status_code == 200
    assert Deduction.objects.filter(scheme=copy).count() == 4


def test_no_scheme_may_start_in_a_frozen_month(admin_client: Client, used: Scheme) -> None:
    count = Scheme.objects.count()
    response = admin_client.post(
        "/admin/assessment/scheme/add/", _form("补订方案", "2026-10-01"), headers=EN
    )
    assert response.status_code == 200
    assert (
        "The rankings up to 2026-10 are frozen: a scheme can start in 2026-11 at the earliest."
        in response.content.decode()
    )
    made = admin_client.post("/admin/assessment/scheme/add/", _form("十一月方案", "2026-11-01"))
    assert made.status_code == 302
    assert Scheme.objects.count() == count + 1
