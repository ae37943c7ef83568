"""Every place that shows a complainant unmasked goes through a logged reveal: the case page's
reveal (with the reason given) and the opening of a confidential file (an ID card scan, a signed
letter) in the workbench or through the API each write exactly one "reveal_identity" event —
who, when, why. Everywhere else (the API's detail and list, the case page, its print, the
spreadsheet export, the admin) the identity is masked or absent, and nothing is logged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.api.helpers import ID_NUMBER, PHONE, advance, get, pdf_bytes, token_client
from tests.confidentiality.helpers import (
    SCAN_NAME,
    api_file_url,
    page_file_url,
    reveals,
    streamed,
    with_files,
)
from tests.workbench.case_helpers import NOW, case_url, client_for
from tests.workbench.search_helpers import export_url, sheet_rows
from tousu.cases import workflow as wf
from tousu.cases.models import Case

MakeCase = Callable[..., Case]
EMAIL = "zhang.wei@example.cn"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def test_a_reveal_on_the_case_page_logs_one_entry_with_who_when_and_why(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()

    response = client_for(org["dispatcher"]).post(
        reverse("workbench:reveal", args=[case.pk]), {"reason": "回访需核对身份"}
    )

    assert PHONE in response.content.decode()
    [event] = reveals(case)
    assert (event.actor, event.at, event.note) == (org["dispatcher"], NOW, "回访需核对身份")
    assert event.data == {"complainants": 1}


def test_opening_a_confidential_file_in_the_workbench_logs_one_entry(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    _photo, scan = with_files(case, org)

    response = client_for(org["clerk"]).get(page_file_url(case, scan))

    assert streamed(response) == pdf_bytes()
    [event] = reveals(case)
    assert (event.actor, event.at, event.note) == (org["clerk"], NOW, "")
    assert event.data == {"attachment": scan.pk}
    assert (event.from_status, event.to_status) == (case.status, case.status)


def test_previewing_a_confidential_file_in_the_workbench_logs_one_entry_too(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    _photo, scan = with_files(case, org)

    response = client_for(org["deputy"]).get(page_file_url(case, scan) + "?inline=1")

    assert response["Content-Disposition"].startswith("inline")
    assert [(e.actor, e.data) for e in reveals(case)] == [(org["deputy"], {"attachment": scan.pk})]


def test_downloading_a_confidential_file_through_the_api_logs_one_entry(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    _photo, scan = with_files(case, org)

    response = token_client(org["clerk"]).get(api_file_url(case, scan))

    assert streamed(response) == pdf_bytes()
    [event] = reveals(case)
    assert (event.actor, event.at, event.data) == (org["clerk"], NOW, {"attachment": scan.pk})


def test_a_unit_told_who_complained_is_logged_when_it_opens_the_scan(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    _photo, scan = with_files(case, org)
    wf.disclose_identity(case, actor=org["deputy"], now=NOW, reason="需联系诉求人")

    response = token_client(org["unit_a_handler"]).get(api_file_url(case, scan))

    assert response.status_code == 200
    assert [(e.actor, e.data) for e in reveals(case)] == [
        (org["unit_a_handler"], {"attachment": scan.pk})
    ]


def test_an_ordinary_file_is_opened_without_a_log_entry(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    photo, _scan = with_files(case, org)

    client_for(org["clerk"]).get(page_file_url(case, photo))
    token_client(org["clerk"]).get(api_file_url(case, photo))

    assert reveals(case) == []


def test_a_file_the_viewer_may_not_see_is_refused_and_nothing_is_logged(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    _photo, scan = with_files(case, org)  # not disclosed to unit A

    page = client_for(org["unit_a_handler"]).get(page_file_url(case, scan))
    api = token_client(org["unit_a_handler"]).get(api_file_url(case, scan))

    assert (page.status_code, api.status_code) == (404, 404)
    assert reveals(case) == []


def test_the_case_page_opens_a_confidential_file_only_on_a_click(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    photo, scan = with_files(case, org)

    html = client_for(org["clerk"]).get(case_url(case)).content.decode()

    assert f'<img src="{page_file_url(case, photo)}?inline=1"' in html
    assert f'href="{page_file_url(case, scan)}"' in html
    assert f"{page_file_url(case, scan)}?inline=1" not in html
    assert reveals(case) == []


def test_every_other_view_shows_the_identity_masked_and_logs_nothing(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case(address="东城区幸福小区3号楼")
    clerk = client_for(org["clerk"])
    api = token_client(org["clerk"])

    shown = [
        get(api, f"/cases/{case.pk}").content.decode(),
        get(api, "/cases").content.decode(),
        get(api, f"/cases/{case.pk}/events").content.decode(),
        clerk.get(case_url(case)).content.decode(),
        clerk.get(reverse("workbench:case_print", args=[case.pk])).content.decode(),
        str(sheet_rows(clerk.get(export_url(q="电梯")))),
    ]

    for text in shown:
        assert PHONE not in text
        assert ID_NUMBER not in text
        assert "张三" not in text
    assert "138****5678" in shown[0]
    assert reveals(case) == []


def test_the_admin_shows_the_contact_address_masked(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case(channel="web", contact_channel="email", contact_address=EMAIL)

    html = (
        client_for(org["admin"])
        .get(reverse("admin:cases_case_change", args=[case.pk]))
        .content.decode()
    )

    assert EMAIL not in html
    assert "z********@example.cn" in html
    assert reveals(case) == []


def test_the_outbox_admin_masks_a_citizens_email_address(org: dict[str, Any]) -> None:
    from tousu.notify.admin import OutboxAdmin
    from tousu.notify.models import Outbox

    row = Outbox(address=EMAIL)

    assert OutboxAdmin.masked_address(None, row) == "z********@example.cn"  # type: ignore[arg-type]


def test_listing_the_files_logs_nothing(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()
    with_files(case, org)

    listed = get(token_client(org["clerk"]), f"/cases/{case.pk}/attachments").json()

    assert [f["name"] for f in listed] == ["现场.png", SCAN_NAME]
    assert reveals(case) == []  # a name is no reveal: it is listed to those who see the file


def test_the_timeline_names_the_confidential_file_that_was_opened(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    _photo, scan = with_files(case, org)
    client = client_for(org["clerk"])
    client.get(page_file_url(case, scan))

    html = client.get(case_url(case)).content.decode()

    opened = html.split('<li class="event verb-reveal_identity">', 1)[1].split("</li>")[0]
    assert f"<dt>file</dt><dd>{SCAN_NAME}</dd>" in opened
