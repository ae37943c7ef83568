"""The suggested severity on the intake form: the important-case criteria (第十七条 of
《县机关效能投诉中心工作规则》) applied live to the form as it stands, with the reasons shown,
through an htmx endpoint."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.workbench.intake_helpers import SEVERITY_URL, complainant_rows, phone_complaint
from tousu.cases.models import Case

Org = dict[str, Any]
EN = {"Accept-Language": "en"}


@pytest.fixture
def clerk(org: Org) -> Client:
    client = Client()
    client.force_login(org["clerk"])
    return client


def suggestion(client: Client, **changes: Any) -> tuple[str, list[str]]:
    """(suggested severity, reason texts) as the partial shows them, in English."""
    response = client.post(
        SEVERITY_URL, phone_complaint(**changes), headers={"HX-Request": "true", **EN}
    )
    assert response.status_code == 200
    html = response.content.decode()
    severity = re.search(r'data-severity="(\w+)"', html)
    assert severity
    return severity.group(1), re.findall(r"<li>([^<]*)</li>", html)


def test_an_ordinary_complaint_is_general_with_no_reason(clerk: Client) -> None:
    response = clerk.post(SEVERITY_URL, phone_complaint(), headers=EN)
    html = response.content.decode()
    assert 'data-severity="general"' in html
    assert "No criterion for an important case applies." in html
    assert "<li>" not in html


def test_an_npc_deputy_makes_it_important_with_the_reason(clerk: Client) -> None:
    rows = complainant_rows({"name": "张代表", "special_identity": "npc_deputy"})
    assert suggestion(clerk, **rows) == ("important", ["complainant is an NPC deputy"])


def test_the_suggestion_shows_the_severity_in_the_pages_language(clerk: Client) -> None:
    rows = complainant_rows({"name": "张代表", "special_identity": "npc_deputy"})
    html = clerk.post(SEVERITY_URL, phone_complaint(**rows)).content.decode()
    assert re.search(r'data-severity="important">重要</strong>', html)


def test_safety_and_three_parties_make_it_major(clerk: Client) -> None:
    assert suggestion(clerk, safety="on", party_count="3") == (
        "major",
        [
            "threatens safety, life, property or social stability",
            "collective case of three or more parties",
        ],
    )


def test_three_listed_complainants_count_as_three_parties(clerk: Client) -> None:
    rows = complainant_rows({"name": "甲"}, {"name": "乙"}, {"phone": "13900000000"})
    assert suggestion(clerk, safety="on", **rows)[0] == "major"


def test_safety_alone_is_important(clerk: Client) -> None:
    assert suggestion(clerk, safety="on") == (
        "important",
        ["threatens safety, life, property or social stability"],
    )


def test_a_section_level_respondent_and_a_difficult_matter_are_both_reasons(
    clerk: Client,
) -> None:
    assert suggestion(clerk, respondent_official_rank="section", difficult="on") == (
        "important",
        [
            "complaint about a section-level (or higher) official",
            "special, important or difficult matter",
        ],
    )


def test_an_anonymous_case_ignores_the_hidden_complainants_identity(clerk: Client) -> None:
    rows = complainant_rows({"name": "张代表", "special_identity": "npc_deputy"})
    assert suggestion(clerk, anonymous="on", **rows) == ("general", [])


def test_a_half_filled_form_still_gets_a_suggestion(clerk: Client) -> None:
    assert suggestion(clerk, title="", content="", category="nope", safety="on")[0] == "important"


def test_the_suggestion_is_what_the_registration_stores(clerk: Client) -> None:
    changes = {"safety": "on", "party_count": "5"}
    assert suggestion(clerk, **changes)[0] == "major"
    clerk.post("/cases/new/", phone_complaint(**changes))
    case = Case.objects.get()
    assert (case.suggested_severity, case.severity_reasons) == ("major", ["safety", "collective"])


def test_the_endpoint_takes_only_posts(clerk: Client) -> None:
    assert clerk.get(SEVERITY_URL).status_code == 405


@pytest.mark.parametrize("username", ["analyst", "unit_a_handler"])
def test_the_endpoint_is_forbidden_to_those_who_may_not_register(org: Org, username: str) -> None:
    client = Client()
    client.force_login(org[username])
    assert client.post(SEVERITY_URL, phone_complaint(safety="on")).status_code == 403


def test_the_form_asks_for_a_new_suggestion_when_a_relevant_field_changes(clerk: Client) -> None:
    html = clerk.get("/cases/new/").content.decode()
    box = re.search(r'<div id="severity-suggestion"[^>]*>', html)
    assert box
    assert 'hx-post="/cases/new/severity/"' in box.group(0)
    assert (
        'hx-trigger="change from:#intake-form target:.affects-severity, refresh-severity"'
        in box.group(0)
    )
    assert 'hx-include="#intake-form"' in box.group(0)
    for name in (
        "safety",
        "difficult",
        "anonymous",
        "party_count",
        "respondent_official_rank",
        "complainants-0-special_identity",
    ):
        control = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html)
        assert control, name
        assert "affects-severity" in control.group(0), name
    # The empty row a clerk adds is wired the same way.
    assert re.search(
        r'<select name="complainants-__prefix__-special_identity" class="affects-severity"', html
    )
