"""A unit's leader reads their own unit: its row of the league table (ranked among all units),
its transfers and completions day by day, its overdue cases, its satisfaction — never another
unit's name, row or cases (another unit's list does not exist for them: 404, as in the API)."""

from __future__ import annotations

from typing import Any

from tousu.cases.models import Case

from .helpers import (
    OCTOBER,
    cases_url,
    client_for,
    dashboard_url,
    numbers_listed,
    read_page,
    sheet_rows,
)

Org = dict[str, Any]


def test_the_leader_of_unit_a_sees_unit_a_alone(org: Org, october: dict[str, Case]) -> None:
    response = client_for(org["unit_a_leader"]).get(dashboard_url(**OCTOBER))
    tables = read_page(response).tables
    assert list(tables) == ["league", "trend", "overdue", "satisfaction"]
    for key in ("league", "overdue", "satisfaction"):
        assert list(tables[key].rows) == ["unit-a"]
    row = tables["league"].rows["unit-a"]
    assert {col: cell.text for col, cell in row.items() if col not in ("rank", "score")} == {
        "assigned": "6",
        "completed": "5",
        "completed_on_time": "4",
        "on_time_rate": "80.0%",
        "overdue_open": "2",
        "returned": "1",
        "extensions": "1",
        "reworked": "2",
    }
    html = response.content.decode()
    assert "市住房和城乡建设局" in html
    assert "市市场监督管理局" not in html
    assert "unit-b" not in html


def test_the_rank_is_among_all_units(org: Org, october: dict[str, Case]) -> None:
    response = client_for(org["unit_a_leader"], "en").get(dashboard_url(**OCTOBER))
    league = read_page(response).tables["league"]
    director_rows = (
        read_page(client_for(org["director"]).get(dashboard_url(**OCTOBER))).tables["league"].rows
    )
    assert league.rows["unit-a"]["rank"].text == director_rows["unit-a"]["rank"].text
    assert "The rank is among all 2 units." in response.content.decode()


def test_the_trend_shows_the_units_transfers_and_completions(
    org: Org, october: dict[str, Case]
) -> None:
    trend = read_page(client_for(org["unit_a_leader"]).get(dashboard_url(**OCTOBER))).tables[
        "trend"
    ]
    assigned = {d: r["s0"].text for d, r in trend.rows.items() if r["s0"].text != "0"}
    completed = {d: r["s1"].text for d, r in trend.rows.items() if r["s1"].text != "0"}
    # Transfers that reached unit A: four on the 8th, signed_off when signed on the 12th,
    # reopened on the 14th. Completions on the day the centre approved the result.
    assert assigned == {"2026-10-08": "4", "2026-10-12": "1", "2026-10-14": "1"}
    assert completed == {"2026-10-16": "1", "2026-10-19": "1", "2026-10-22": "1", "2026-10-23": "2"}
    assert trend.rows["2026-10-23"]["s1"].link == (
        "/dashboard/cases/?from=2026-10-23&to=2026-10-23&list=completed&unit=unit-a"
    )


def test_the_leader_lists_their_own_units_cases(org: Org, october: dict[str, Case]) -> None:
    leader = client_for(org["unit_a_leader"])
    link = (
        read_page(leader.get(dashboard_url(**OCTOBER)))
        .tables["league"]
        .rows["unit-a"]["completed"]
        .link
    )
    assert sorted(numbers_listed(leader, link)) == sorted(
        october[name].number for name in ("exactly_due", "extended", "reworked_twice", "suspended")
    )


def test_another_units_cases_do_not_exist_for_the_leader(
    org: Org, october: dict[str, Case]
) -> None:
    leader = client_for(org["unit_a_leader"])
    assert leader.get(cases_url(**OCTOBER, list="completed", unit="unit-b")).status_code == 404
    assert leader.get(cases_url(**OCTOBER, list="received")).status_code == 404
    assert leader.get(cases_url(**OCTOBER, list="received", unit="nowhere")).status_code == 404


def test_the_leaders_export_has_their_unit_alone(org: Org, october: dict[str, Case]) -> None:
    rows = sheet_rows(
        client_for(org["unit_a_leader"]).get(dashboard_url(**OCTOBER, export="league"))
    )
    names = [row[0] for row in rows[1:] if row and row[0]]
    assert "市住房和城乡建设局" in names
    assert "市市场监督管理局" not in names


def test_the_centres_tables_are_not_the_leaders(org: Org, october: dict[str, Case]) -> None:
    leader = client_for(org["unit_a_leader"])
    assert leader.get(dashboard_url(**OCTOBER, export="figures")).status_code == 404
    assert leader.get(dashboard_url(**OCTOBER, export="categories")).status_code == 404
