"""The search page: every way of finding a case, the filters, pagination, and that nobody finds
what they may not see (a unit never finds another unit's case, nor probes who complained)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from time_machine import TimeMachineFixture

from tests.conftest import MONDAY
from tests.workbench.search_helpers import (
    client_for,
    counting_queries,
    found,
    numbers,
    search,
    search_url,
)
from tests.workflow.helpers import advance, shanghai
from tousu.cases.models import Case, Status
from tousu.cases.registration import NewComplainant, NewRespondent
from tousu.workbench import listing

Org = dict[str, Any]
MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY + timedelta(hours=1), tick=False)
    return time_machine


def _lisi(**overrides: Any) -> dict[str, Any]:
    """Another complainant, about another matter, against another respondent."""
    values: dict[str, Any] = {
        "title": "餐馆油烟扰民",
        "content": "楼下餐馆排放油烟,影响居民生活。",
        "address": "西城区和平路88号",
        "complainants": [NewComplainant(name="李四", phone="13900001111")],
        "respondent": NewRespondent(name="老王川菜馆"),
        "category": "food",
    }
    return values | overrides


def test_an_empty_search_lists_nothing_and_says_what_to_type(org: Org, make_case: MakeCase) -> None:
    make_case()
    response = client_for(org["clerk"]).get(search_url())
    assert response.status_code == 200
    assert response.context["listing"] is None
    assert found(response) == []
    assert 'type="search" name="q"' in response.content.decode()
    blank = client_for(org["clerk"]).get(search_url(q="  ", kind="", unit=""))
    assert found(blank) == []
    assert blank.context["search"].asked is False


def test_the_case_number_finds_exactly_that_case(org: Org, make_case: MakeCase) -> None:
    wanted, other = make_case(), make_case()
    assert search(org["clerk"], q=wanted.number) == numbers(wanted)
    assert search(org["clerk"], q=f"  {other.number} ") == numbers(other)


def test_the_tracking_code_is_found_whatever_its_case_and_hyphens(
    org: Org, make_case: MakeCase
) -> None:
    wanted, _other = make_case(), make_case()
    code = wanted.tracking_code
    typed = code.replace("-", "").lower()
    assert search(org["clerk"], q=code) == numbers(wanted)
    assert search(org["clerk"], q=typed) == numbers(wanted)
    assert search(org["clerk"], q=f"{typed[:4]} {typed[4:8]} {typed[8:]}") == numbers(wanted)


def test_a_complainants_phone_finds_their_cases_through_the_blind_index(
    org: Org, make_case: MakeCase
) -> None:
    first, second = make_case(), make_case(title="电梯又坏了")
    make_case(**_lisi())
    assert search(org["clerk"], q="13812345678") == numbers(second, first)
    assert search(org["clerk"], q="138-1234-5678") == numbers(second, first)
    assert search(org["clerk"], q="13812345670") == []


def test_a_complainants_name_finds_their_cases_exactly(org: Org, make_case: MakeCase) -> None:
    zhang, li = make_case(), make_case(**_lisi())
    assert search(org["director"], q="张三") == numbers(zhang)
    assert search(org["director"], q="李四") == numbers(li)
    # Exact, not a part of the name.
    assert search(org["director"], q="张") == []


def test_the_respondents_name_finds_the_case_by_a_part_of_it(org: Org, make_case: MakeCase) -> None:
    property_case, restaurant = make_case(), make_case(**_lisi())
    assert search(org["clerk"], q="幸福物业") == numbers(property_case)
    assert search(org["clerk"], q="川菜馆") == numbers(restaurant)


def test_chinese_free_text_matches_title_matter_and_address(org: Org, make_case: MakeCase) -> None:
    lift, smoke = make_case(address="东城区幸福小区3号楼"), make_case(**_lisi())
    assert search(org["clerk"], q="电梯") == numbers(lift)  # title
    assert search(org["clerk"], q="排放油烟") == numbers(smoke)  # matter
    assert search(org["clerk"], q="和平路") == numbers(smoke)  # address
    # Every word must match somewhere.
    assert search(org["clerk"], q="油烟 和平路") == numbers(smoke)
    assert search(org["clerk"], q="油烟 幸福小区") == []


def test_received_dates_are_the_centres_local_days(org: Org, make_case: MakeCase) -> None:
    late_monday = make_case(now=shanghai(2026, 3, 2, 23, 30))
    tuesday = make_case(now=shanghai(2026, 3, 3, 0, 30))
    wednesday = make_case(now=shanghai(2026, 3, 4, 9, 0))
    clerk = org["clerk"]
    assert search(clerk, received_from="2026-03-02", received_to="2026-03-02") == numbers(
        late_monday
    )
    assert search(clerk, received_from="2026-03-03") == numbers(wednesday, tuesday)
    assert search(clerk, received_to="2026-03-03") == numbers(tuesday, late_monday)


def test_a_date_range_backwards_is_an_error_next_to_the_field(
    org: Org, make_case: MakeCase
) -> None:
    make_case()
    response = client_for(org["clerk"]).get(
        search_url(received_from="2026-03-05", received_to="2026-03-01"),
        headers={"Accept-Language": "en"},  # the message as its msgid (Chinese by default)
    )
    assert found(response) == []
    assert response.context["form"].errors == {
        "received_to": ["The end date is before the start date."]
    }
    assert 'id="id_received_to_errors"' in response.content.decode()
    garbled = client_for(org["clerk"]).get(search_url(received_from="2026-13-45"))
    assert found(garbled) == []
    assert list(garbled.context["form"].errors) == ["received_from"]


def test_status_takes_several_values(org: Org, make_case: MakeCase) -> None:
    registered = make_case()
    accepted = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    dispatched = advance(make_case(), Status.DISPATCHED, org, MONDAY)
    clerk = org["clerk"]
    assert search(clerk, status="registered") == numbers(registered)
    assert search(clerk, status=["accepted", "dispatched"]) == numbers(dispatched, accepted)
    # An unknown status is an error, not "everything".
    assert search(clerk, status="nonsense") == []


def test_unit_kind_and_severity_filters(org: Org, make_case: MakeCase) -> None:
    to_a = advance(make_case(), Status.DISPATCHED, org, MONDAY, unit="unit-a")
    to_b = advance(make_case(kind="report"), Status.DISPATCHED, org, MONDAY, unit="unit-b")
    important = make_case(severity="important")
    clerk = org["clerk"]
    assert search(clerk, unit="unit-a") == numbers(to_a)
    assert search(clerk, unit="unit-b") == numbers(to_b)
    assert search(clerk, unit="no-such-unit") == []
    assert search(clerk, kind="report") == numbers(to_b)
    assert search(clerk, severity="important") == numbers(important)


def test_a_category_finds_the_cases_of_its_whole_subtree(org: Org, make_case: MakeCase) -> None:
    lift = make_case(category="property")  # 住房 › 物业管理
    smoke = make_case(**_lisi())  # 食品安全
    clerk = org["clerk"]
    assert search(clerk, category="housing") == numbers(lift)
    assert search(clerk, category="property") == numbers(lift)
    assert search(clerk, category="food") == numbers(smoke)


def test_overdue_yes_and_no(org: Org, make_case: MakeCase, clock: TimeMachineFixture) -> None:
    late = make_case()  # to be accepted by the end of Tuesday
    clock.move_to(shanghai(2026, 3, 4, 9, 0), tick=False)  # Wednesday morning
    fresh = make_case(now=shanghai(2026, 3, 4, 8, 0))
    clerk = org["clerk"]
    assert search(clerk, overdue="yes") == numbers(late)
    assert search(clerk, overdue="no") == numbers(fresh)


def test_filters_and_text_combine(org: Org, make_case: MakeCase) -> None:
    to_a = advance(make_case(), Status.DISPATCHED, org, MONDAY, unit="unit-a")
    advance(make_case(), Status.DISPATCHED, org, MONDAY, unit="unit-b")
    make_case(**_lisi())
    assert search(org["clerk"], q="电梯", unit="unit-a", status="dispatched") == numbers(to_a)


def test_the_newest_case_comes_first_unless_sorted(org: Org, make_case: MakeCase) -> None:
    old = make_case(now=MONDAY - timedelta(days=7))
    new = make_case()
    assert search(org["clerk"], q="电梯") == numbers(new, old)
    assert search(org["clerk"], q="电梯", sort="number", dir="asc") == numbers(old, new)


def test_unit_b_finds_nothing_of_unit_as_case(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY, unit="unit-a")
    advance(make_case(**_lisi()), Status.DISPATCHED, org, MONDAY, unit="unit-b")
    for user in ("unit_b_handler", "unit_b_leader"):
        for q in (case.number, "电梯", "幸福物业", "13812345678", "张三", case.tracking_code):
            response = client_for(org[user]).get(search_url(q=q))
            assert found(response) == [], (user, q)
            html = response.content.decode()
            assert f"/cases/{case.pk}/" not in html and case.title not in html
        assert search(org[user], unit="unit-a") == []
        assert search(org[user], status="handling") == []
    # Unit A's handler does find it, by what the case page shows them.
    assert search(org["unit_a_handler"], q=case.number) == numbers(case)
    assert search(org["unit_a_handler"], q="电梯") == numbers(case)


def test_unit_staff_cannot_probe_who_complained(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY, unit="unit-a")
    handler = org["unit_a_handler"]
    assert search(handler, q="13812345678") == []
    assert search(handler, q="张三") == []
    assert search(handler, q=case.tracking_code) == []
    # The help text does not offer it either (read in English).
    assert _help_text(handler) == (
        "Case number, the respondent, or words from the title, matter or address."
    )
    assert "phone" in _help_text(org["clerk"])


def _help_text(user: Any) -> str:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(search_url()).content.decode()
    return html.split('id="id_q_help">', 1)[1].split("</span>", 1)[0]


def test_a_case_still_awaiting_sign_off_is_not_found_by_the_unit(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    assert search(org["unit_a_handler"], q=case.number) == []
    assert search(org["director"], q=case.number) == numbers(case)


def test_the_station_clerk_finds_only_the_stations_cases(org: Org, make_case: MakeCase) -> None:
    centre_case = make_case()
    station_case = make_case(actor=org["station_clerk"])
    assert search(org["station_clerk"], q="13812345678") == numbers(station_case)
    assert search(org["station_clerk"], q=centre_case.number) == []


def test_results_are_paginated(
    org: Org, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    cases = [make_case(now=MONDAY - timedelta(hours=n)) for n in range(5)]  # newest first
    clerk = org["clerk"]
    assert search(clerk, q="电梯") == numbers(*cases[:2])
    assert search(clerk, q="电梯", page="2") == numbers(*cases[2:4])
    last = client_for(clerk).get(search_url(q="电梯", page="3"))
    assert found(last) == numbers(cases[4])
    assert last.context["listing"].page.paginator.count == 5
    html = last.content.decode()
    assert 'rel="prev"' in html and 'rel="next"' not in html
    assert "q=%E7%94%B5%E6%A2%AF" in html  # the links keep the search


def test_the_same_number_of_queries_for_1_and_20_results(org: Org, make_case: MakeCase) -> None:
    client = client_for(org["clerk"])
    url = search_url(q="电梯", status=["registered", "accepted"], category="housing")
    make_case()
    client.get(url)  # warm the caches (unit tree, calendar)
    with counting_queries() as one:
        assert len(found(client.get(url))) == 1
    for _ in range(19):
        make_case()
    with counting_queries() as twenty:
        assert len(found(client.get(url))) == 20
    assert len(one.captured_queries) == len(twenty.captured_queries)


def test_htmx_gets_only_the_part_it_swaps(org: Org, make_case: MakeCase) -> None:
    case = make_case()
    client = client_for(org["clerk"])
    rows = client.get(
        search_url(q="电梯", sort="number"),
        headers={"HX-Request": "true", "HX-Target": "case-list"},
    )
    html = rows.content.decode()
    assert html.startswith('<div id="case-list"')
    assert case.number in html and "<html" not in html and 'id="search-form"' not in html
    body = client.get(
        search_url(q="电梯"), headers={"HX-Request": "true", "HX-Target": "search-body"}
    )
    html = body.content.decode()
    assert html.startswith('<div id="search-body">')
    assert 'id="search-form"' in html and case.number in html and "<html" not in html


def test_the_form_and_results_link_to_cases_and_the_export(org: Org, make_case: MakeCase) -> None:
    case = make_case()
    html = client_for(org["clerk"]).get(search_url(q="电梯", page="1")).content.decode()
    assert f'href="/cases/{case.pk}/"' in html
    assert 'href="/search/export.xlsx?q=%E7%94%B5%E6%A2%AF"' in html
    assert 'hx-push-url="true"' in html
    assert '<label for="id_q">' in html


def test_anonymous_users_are_sent_to_log_in(db: Any) -> None:
    from django.test import Client

    response = Client().get(search_url(q="电梯"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
