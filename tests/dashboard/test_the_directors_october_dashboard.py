"""The director's dashboard of October 2026 (tests/stats/history.py, every number known in
advance): the key figures, the units' league table, the overdue heat map and the satisfaction,
each number as the page shows it."""

from __future__ import annotations

from typing import Any

from tousu.cases.models import Case

from .helpers import OCTOBER, client_for, tables_of

Org = dict[str, Any]


def test_the_key_figures_of_october_with_the_periods_before(
    org: Org, october: dict[str, Case]
) -> None:
    figures = tables_of(client_for(org["director"]), **OCTOBER)["figures"]
    # Six cases received in October; one (exactly_due, 29 September) in the 31 days before.
    shown = {
        key: {col: cell.text for col, cell in row.items()} for key, row in figures.rows.items()
    }
    assert shown["received"] == {
        "period": "6",
        "previous": "1",
        "previous_change": "+500.0%",
        "last_year": "0",
        "last_year_change": "—",
    }
    assert {key: row["period"] for key, row in shown.items()} == {
        "received": "6",
        "accepted": "6",
        "closed": "3",
        "justified": "5",
    }


def test_unit_as_row_of_the_league_table(org: Org, october: dict[str, Case]) -> None:
    league = tables_of(client_for(org["director"]), **OCTOBER)["league"]
    row = {column: cell.text for column, cell in league.rows["unit-a"].items()}
    assert {key: value for key, value in row.items() if key not in ("rank", "score")} == {
        "assigned": "6",
        "completed": "5",
        "completed_on_time": "4",
        "on_time_rate": "80.0%",
        "overdue_open": "2",
        "returned": "1",
        "extensions": "1",
        "reworked": "2",
    }
    assert league.heads["unit-a"] == "市住房和城乡建设局"


def test_each_table_has_a_caption_with_the_period(org: Org, october: dict[str, Case]) -> None:
    tables = tables_of(client_for(org["director"], "en"), **OCTOBER)
    assert tables["league"].caption == "Unit league table · 2026-10-01 – 2026-10-31"
    assert all(t.caption.endswith("2026-10-01 – 2026-10-31") for t in tables.values())


def test_the_league_table_has_every_unit_and_their_totals(
    org: Org, october: dict[str, Case]
) -> None:
    league = tables_of(client_for(org["director"]), **OCTOBER)["league"]
    assert set(league.rows) == {"unit-a", "unit-b"}
    assert league.rows["unit-b"]["completed"].text == "2"


def test_the_overdue_heat_map_puts_each_case_under_its_severity(
    org: Org, october: dict[str, Case]
) -> None:
    overdue = tables_of(client_for(org["director"]), **OCTOBER)["overdue"]
    # reopened (general, due 23 October) and signed_off (important, due 21 October); unit B
    # holds nothing overdue and has no row.
    assert list(overdue.rows) == ["unit-a"]
    assert {col: cell.text for col, cell in overdue.rows["unit-a"].items()} == {
        "general": "1",
        "important": "1",
        "major": "0",
        "total": "2",
    }


def test_the_satisfaction_of_each_unit_and_overall(org: Org, october: dict[str, Case]) -> None:
    satisfaction = tables_of(client_for(org["director"]), **OCTOBER)["satisfaction"]
    shown = {
        unit: {col: cell.text for col, cell in row.items()}
        for unit, row in satisfaction.rows.items()
    }
    assert shown == {
        "unit-a": {
            "callbacks": "4",
            "reached": "4",
            "satisfied": "3",
            "satisfaction_rate": "75.0%",
        },
        "unit-b": {
            "callbacks": "2",
            "reached": "1",
            "satisfied": "1",
            "satisfaction_rate": "100.0%",
        },
    }


def test_the_shares_of_categories_channels_and_kinds(org: Org, october: dict[str, Case]) -> None:
    tables = tables_of(client_for(org["director"]), **OCTOBER)
    assert {
        k: (r["count"].text, r["share"].text) for k, r in tables["categories"].rows.items()
    } == {"housing": ("6", "100.0%")}
    assert {k: r["count"].text for k, r in tables["channels"].rows.items()} == {"phone": "6"}
    assert {k: r["count"].text for k, r in tables["kinds"].rows.items()} == {"complaint": "6"}
    hot = tables["hot"].rows["property"]
    assert (hot["count"].text, hot["previous"].text, hot["change"].text) == ("6", "1", "+500.0%")


def test_the_trend_is_per_day_for_a_month(org: Org, october: dict[str, Case]) -> None:
    trend = tables_of(client_for(org["director"]), **OCTOBER)["trend"]
    assert len(trend.rows) == 31
    received = {day: row["s0"].text for day, row in trend.rows.items() if row["s0"].text != "0"}
    assert received == {"2026-10-08": "5", "2026-10-09": "1"}


def test_the_trend_is_per_month_for_a_year(org: Org, october: dict[str, Case]) -> None:
    trend = tables_of(client_for(org["director"]), **{"from": "2026-01-01", "to": "2026-12-31"})[
        "trend"
    ]
    assert list(trend.rows) == [f"2026-{month:02d}" for month in range(1, 13)]
    received = {m: row["s0"].text for m, row in trend.rows.items() if row["s0"].text != "0"}
    assert received == {"2026-09": "1", "2026-10": "6"}
