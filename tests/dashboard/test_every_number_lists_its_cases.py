"""Every number of the dashboard links to its cases (the contract's `list=`): the link's list has
exactly the cases the number counts, each once, narrowed by the access gate like the API's."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tousu.cases.models import Case

from .helpers import OCTOBER, cases_url, client_for, numbers_listed, tables_of

Org = dict[str, Any]


def _numbers(october: dict[str, Case], *names: str) -> list[str]:
    return sorted(october[name].number for name in names)


def _listed(client: Client, link: str) -> list[str]:
    return sorted(numbers_listed(client, link))


def test_unit_as_completed_lists_its_four_cases_once_each(
    org: Org, october: dict[str, Case]
) -> None:
    director = client_for(org["director"])
    cell = tables_of(director, **OCTOBER)["league"].rows["unit-a"]["completed"]
    assert cell.text == "5"  # five completions…
    assert cell.link == (
        "/dashboard/cases/?from=2026-10-01&to=2026-10-31&list=completed&unit=unit-a"
    )
    # …of four cases: reworked_twice was completed twice and is listed once.
    assert _listed(director, cell.link) == _numbers(
        october, "exactly_due", "extended", "reworked_twice", "suspended"
    )


def test_the_listing_page_says_what_it_lists(org: Org, october: dict[str, Case]) -> None:
    response = client_for(org["director"], "en").get(
        cases_url(**OCTOBER, list="completed", unit="unit-a")
    )
    assert response.status_code == 200
    assert response.context["listing"].page.paginator.count == 4
    html = response.content.decode()
    assert "Completed · 市住房和城乡建设局" in html
    assert '<p class="found" role="status" id="dashboard-count">4 cases found</p>' in html


def test_a_returned_case_counts_for_the_unit_that_returned_it(
    org: Org, october: dict[str, Case]
) -> None:
    director = client_for(org["director"])
    cell = tables_of(director, **OCTOBER)["league"].rows["unit-a"]["returned"]
    # The case is at unit B now: the list is of the unit counted, not of the holder.
    assert _listed(director, cell.link) == _numbers(october, "returned")


def test_the_key_figures_list_the_cases_received_in_the_period(
    org: Org, october: dict[str, Case]
) -> None:
    director = client_for(org["director"])
    figures = tables_of(director, **OCTOBER)["figures"].rows
    assert _listed(director, figures["closed"]["period"].link) == _numbers(
        october, "extended", "reworked_twice", "returned"
    )
    # The period before (31 August – 30 September): exactly_due, received on 29 September.
    assert _listed(director, figures["received"]["previous"].link) == _numbers(
        october, "exactly_due"
    )


def test_a_cell_of_the_heat_map_lists_its_overdue_cases(org: Org, october: dict[str, Case]) -> None:
    director = client_for(org["director"])
    row = tables_of(director, **OCTOBER)["overdue"].rows["unit-a"]
    assert _listed(director, row["important"].link) == _numbers(october, "signed_off")
    assert _listed(director, row["total"].link) == _numbers(october, "reopened", "signed_off")


def test_a_day_of_the_trend_lists_the_cases_received_that_day(
    org: Org, october: dict[str, Case]
) -> None:
    director = client_for(org["director"])
    day = tables_of(director, **OCTOBER)["trend"].rows["2026-10-09"]["s0"]
    assert (day.text, day.link) == (
        "1",
        "/dashboard/cases/?from=2026-10-09&to=2026-10-09&list=received",
    )
    assert _listed(director, day.link) == _numbers(october, "signed_off")


def test_a_share_lists_the_cases_of_its_category(org: Org, october: dict[str, Case]) -> None:
    director = client_for(org["director"])
    housing = tables_of(director, **OCTOBER)["categories"].rows["housing"]["count"]
    assert len(_listed(director, housing.link)) == 6


def test_every_count_on_the_page_is_a_link_and_every_link_lists_as_many_cases_as_it_says(
    org: Org, october: dict[str, Case]
) -> None:
    """Except the unit figures that count events rather than cases (a case completed twice,
    called back twice): their lists have each case once."""
    director = client_for(org["director"])
    events = {"completed", "completed_on_time", "callbacks", "reached", "reworked", "satisfied"}
    checked = 0
    for key, table in tables_of(director, **OCTOBER).items():
        for row in table.rows.values():
            for column, cell in row.items():
                if not cell.text.isdigit() or (key, column) == ("league", "rank"):
                    continue  # a rate, a change, a score, a rank
                assert cell.link, (key, column)
                listed = len(numbers_listed(director, cell.link))
                if column in events:
                    assert 0 < listed <= int(cell.text) or listed == int(cell.text) == 0
                else:
                    assert listed == int(cell.text), (key, column, cell.link)
                checked += 1
    # Key figures 4 × 3, the trend's 31 days, 3 shares, 2 hot counts, the league 2 units × 7
    # counts, the heat map 4 cells, the satisfaction 2 units × 3 counts.
    assert checked == 12 + 31 + 3 + 2 + 14 + 4 + 6


def test_the_list_is_narrowed_to_what_the_reader_may_see(
    org: Org, october: dict[str, Case]
) -> None:
    # The station's clerk reads no statistics at all.
    response = client_for(org["station_clerk"]).get(cases_url(**OCTOBER, list="received"))
    assert response.status_code == 403
