"""The centre's leaders and supervisors see, on the case page and in the API's case detail, who
viewed the complainant unmasked — when, why, and what (the complainants, or which confidential
file). Nobody else sees the list: not the clerks, never a handling unit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from time_machine import TimeMachineFixture

from tests.api.helpers import advance, get, token_client
from tests.confidentiality.helpers import SCAN_NAME, page_file_url, with_files
from tests.workbench.case_helpers import NOW, case_url, client_for
from tousu.cases import workflow as wf
from tousu.cases.disclosure import reveal_identity
from tousu.cases.models import Case

MakeCase = Callable[..., Case]
LATER = NOW + timedelta(minutes=30)
LEADERS = ["deputy", "director", "supervisor", "admin"]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(LATER, tick=False)
    return time_machine


@pytest.fixture
def looked_at(org: dict[str, Any], make_case: MakeCase) -> Case:
    """The clerk revealed the complainants at NOW; the dispatcher opened the ID scan later."""
    case = make_case()
    _photo, scan = with_files(case, org)
    reveal_identity(case, actor=org["clerk"], now=NOW, reason="回访需核对身份")
    client_for(org["dispatcher"]).get(page_file_url(case, scan))
    return case


def panel_rows(html: str) -> list[list[str]]:
    """The panel's rows, each as its cells' text."""
    section = html.split('<section class="card case-identity-views', 1)[1].split("</section>")[0]
    rows = re.findall(r'<tr class="identity-view">(.*?)</tr>', section, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        ]
        for r in rows
    ]


@pytest.mark.parametrize("username", LEADERS)
def test_leaders_and_supervisors_see_who_viewed_newest_first(
    org: dict[str, Any], looked_at: Case, username: str
) -> None:
    html = client_for(org[username]).get(case_url(looked_at)).content.decode()

    assert "Who viewed the complainant's identity" in html
    assert panel_rows(html) == [
        ["2026-03-02 11:30", "dispatcher", f"a confidential file: {SCAN_NAME}", "opened the file"],
        ["2026-03-02 11:00", "clerk", "the complainants in full", "回访需核对身份"],
    ]


@pytest.mark.parametrize("username", ["clerk", "dispatcher", "analyst"])
def test_other_centre_staff_do_not_get_the_panel(
    org: dict[str, Any], looked_at: Case, username: str
) -> None:
    html = client_for(org[username]).get(case_url(looked_at)).content.decode()

    assert 'id="identity-views"' not in html


def test_a_unit_handler_never_sees_the_panel_even_when_told_who_complained(
    org: dict[str, Any], looked_at: Case
) -> None:
    case = advance(looked_at, org, "handling", LATER)
    wf.disclose_identity(case, actor=org["deputy"], now=LATER, reason="需联系诉求人")

    html = client_for(org["unit_a_handler"]).get(case_url(case)).content.decode()
    detail = get(token_client(org["unit_a_handler"]), f"/cases/{case.pk}").json()

    assert 'id="identity-views"' not in html
    assert "回访需核对身份" not in html
    assert detail["identity_views"] is None


def test_a_case_nobody_looked_at_says_so(org: dict[str, Any], make_case: MakeCase) -> None:
    html = client_for(org["director"]).get(case_url(make_case())).content.decode()

    assert panel_rows(html) == []
    assert "No one has viewed the complainant's identity unmasked." in html


def test_the_api_detail_lists_the_views_for_leaders(org: dict[str, Any], looked_at: Case) -> None:
    scan = looked_at.attachments.get(confidential=True)

    detail = get(token_client(org["supervisor"]), f"/cases/{looked_at.pk}").json()

    assert detail["identity_views"] == [
        {
            "at": "2026-03-02T11:30:00+08:00",
            "by": "dispatcher",
            "reason": None,
            "complainants": 0,
            "attachment": scan.pk,
        },
        {
            "at": "2026-03-02T11:00:00+08:00",
            "by": "clerk",
            "reason": "回访需核对身份",
            "complainants": 1,
            "attachment": None,
        },
    ]


def test_the_api_detail_has_no_list_for_the_clerk(org: dict[str, Any], looked_at: Case) -> None:
    detail = get(token_client(org["clerk"]), f"/cases/{looked_at.pk}").json()

    assert detail["identity_views"] is None


def test_reading_the_list_is_itself_no_reveal(org: dict[str, Any], looked_at: Case) -> None:
    client_for(org["director"]).get(case_url(looked_at))
    get(token_client(org["director"]), f"/cases/{looked_at.pk}")

    assert looked_at.events.filter(verb="reveal_identity").count() == 2
