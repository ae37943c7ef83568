"""The charts are drawn by the vendored ECharts and one small script of ours, both served from
the project's static files, with the data in a JSON block: no outside URL, no inline script, no
style attribute (the strict CSP of every workbench page)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.test import Client

from tests.workbench.test_csp import inline_code
from tousu.cases.models import Case

from .helpers import OCTOBER, client_for, dashboard_url, read_page

Org = dict[str, Any]
ECHARTS = "workbench/vendor/echarts.min.js"


def test_echarts_is_served_from_static_with_its_licence_beside_it(db: Any) -> None:
    found = finders.find(ECHARTS)
    assert found is not None
    folder = Path(str(found)).parent
    assert "Apache License" in (folder / "LICENSE").read_text()
    assert "Apache ECharts" in (folder / "NOTICE").read_text()
    assert "echarts@6.1.0" in (folder / "README.md").read_text()
    response = Client().get(f"/static/{ECHARTS}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert b"Apache License" in body[:2000]
    assert b"echarts" in body


def test_the_page_loads_its_scripts_from_the_project_only(
    org: Org, october: dict[str, Case]
) -> None:
    response = client_for(org["director"]).get(dashboard_url(**OCTOBER))
    page = read_page(response)
    assert page.script_srcs == [
        "/static/workbench/htmx.min.js",
        "/static/workbench/app.js",
        f"/static/{ECHARTS}",
        "/static/workbench/dashboard.js",
    ]
    assert not [src for src in page.script_srcs if "http" in src or src.startswith("//")]
    html = response.content.decode()
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert inline_code(html) == []


def test_the_charts_data_is_a_json_block_beside_each_chart(
    org: Org, october: dict[str, Case]
) -> None:
    html = client_for(org["director"], "en").get(dashboard_url(**OCTOBER)).content.decode()
    block = re.search(
        r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html, re.S
    )
    assert block is not None
    charts = json.loads(block.group(1))
    assert set(charts) == {
        "trend",
        "categories",
        "channels",
        "kinds",
        "hot",
        "league",
        "overdue",
        "satisfaction",
    }
    for key, chart in charts.items():
        assert (
            f'<div class="chart chart-{chart["type"]}" id="chart-{key}" data-chart="{key}" '
            'aria-hidden="true"></div>'
        ) in html
    league = charts["league"]
    unit_a = league["labels"].index("市住房和城乡建设局")
    completed = next(s for s in league["series"] if s["name"] == "Completed")
    assert completed["data"][unit_a] == 5
    assert completed["links"][unit_a] == (
        "/dashboard/cases/?from=2026-10-01&to=2026-10-31&list=completed&unit=unit-a"
    )


def test_the_script_asks_nothing_from_outside(db: Any) -> None:
    script = Path(str(finders.find("workbench/dashboard.js"))).read_text()
    assert "http" not in script
    assert "fetch(" not in script and "XMLHttpRequest" not in script
    assert "eval(" not in script and "innerHTML" not in script
