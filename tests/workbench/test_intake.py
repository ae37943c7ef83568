"""The intake form 登记: who may open it, what a saved phone complaint stores, the page that shows
the number and tracking code to read out, and how refused input comes back onto the form with
nothing stored."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from time_machine import TimeMachineFixture

from tests.conftest import MONDAY
from tests.workbench.intake_helpers import (
    INTAKE_URL,
    NOTHING,
    complainant_rows,
    counts,
    field_errors,
    phone_complaint,
    post_intake,
    text_of,
)
from tousu.cases.models import Case, CaseEvent, Severity, Status
from tousu.categories.models import Category
from tousu.orgs.models import Membership, Role
from tousu.workbench.forms_intake import (
    IntakeForm,
    category_tree,
    complainant_formset,
    place_errors,
)

Org = dict[str, Any]


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)  # 10:00 in Shanghai
    return time_machine


def client_for(org: Org, username: str) -> Client:
    client = Client()
    client.force_login(org[username])
    return client


# --- who may open it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("clerk", 200),
        ("intake_only", 200),
        ("dispatcher", 200),
        ("deputy", 200),
        ("director", 200),
        ("station_clerk", 200),
        ("admin", 200),
        ("analyst", 403),
        ("supervisor", 403),
        ("unit_a_handler", 403),
        ("unit_a_leader", 403),
        ("nobody", 403),
    ],
)
def test_only_the_centres_intake_roles_may_open_the_form(
    org: Org, username: str, status: int
) -> None:
    assert client_for(org, username).get(INTAKE_URL).status_code == status


@pytest.mark.parametrize("username", ["analyst", "unit_a_handler"])
def test_a_user_who_may_not_register_cannot_post_a_case_either(org: Org, username: str) -> None:
    response = post_intake(client_for(org, username), phone_complaint())
    assert response.status_code == 403
    assert counts() == NOTHING


def test_someone_not_logged_in_is_sent_to_the_login_page(db: Any) -> None:
    response = Client().get(INTAKE_URL)
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/cases/new/"


def test_the_empty_form_starts_on_the_kind_with_phone_and_the_current_time(org: Org) -> None:
    html = client_for(org, "clerk").get(INTAKE_URL).content.decode()
    assert re.search(r'<select name="kind"[^>]*autofocus', html)
    assert re.search(r'<option value="phone" selected>', html)
    assert re.search(r'name="received_at" value="2026-03-02T10:00"', html)
    assert 'name="complainants-0-name"' in html
    assert 'name="complainants-TOTAL_FORMS" value="1"' in html
    assert 'id="save-case"' in html


def test_the_form_documents_its_keyboard_shortcuts(org: Org) -> None:
    html = client_for(org, "clerk").get(INTAKE_URL).content.decode()
    legend = html[html.index('id="h-shortcuts"') :]
    for keys in (
        "<kbd>Ctrl</kbd>+<kbd>Enter</kbd>",
        "<kbd>Alt</kbd>+<kbd>A</kbd>",
        "<kbd>Alt</kbd>+<kbd>R</kbd>",
        "<kbd>Alt</kbd>+<kbd>M</kbd>",
        "<kbd>Alt</kbd>+<kbd>C</kbd>",
    ):
        assert keys in legend


def test_the_page_loads_its_script_and_styles_from_files(org: Org) -> None:
    html = client_for(org, "clerk").get(INTAKE_URL).content.decode()
    assert '<script src="/static/workbench/intake.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/workbench/intake.css">' in html


# --- labels --------------------------------------------------------------------------------------


class Controls(HTMLParser):
    """Every form control with its id and type, and every label's `for`."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "label" and values.get("for"):
            self.label_for.add(str(values["for"]))
        if tag in ("input", "select", "textarea"):
            self.controls.append({"tag": tag, **values})


def test_every_visible_control_of_the_form_has_a_label(org: Org) -> None:
    html = client_for(org, "clerk").get(INTAKE_URL).content.decode()
    parser = Controls()
    parser.feed(html)
    unlabelled = [
        control
        for control in parser.controls
        if control.get("type") not in ("hidden", "submit")
        and control.get("id") not in parser.label_for
        and not control.get("aria-label")
        and not control.get("aria-labelledby")
    ]
    assert unlabelled == []
    names = {c.get("name") for c in parser.controls}
    assert {"kind", "channel", "title", "content", "facts", "address", "category"} <= names
    assert {"anonymous", "demands", "attachments", "respondent_name", "respondent_address"} <= names
    assert {"complainants-0-name", "complainants-0-phone", "complainants-0-id_number"} <= names


def test_the_labels_check_also_holds_for_a_form_shown_again_with_errors(org: Org) -> None:
    response = post_intake(
        client_for(org, "clerk"),
        phone_complaint(title="", demands=["一", "二", "三"]),
    )
    assert response.status_code == 422
    parser = Controls()
    parser.feed(response.content.decode())
    assert [
        c
        for c in parser.controls
        if c.get("type") not in ("hidden", "submit")
        and c.get("id") not in parser.label_for
        and not c.get("aria-label")
    ] == []


# --- the category tree ----------------------------------------------------------------------------


def test_the_category_select_works_without_script_indented_by_depth(org: Org) -> None:
    html = client_for(org, "clerk").get(INTAKE_URL).content.decode()
    select = html[html.index('<select name="category"') :]
    select = select[: select.index("</select>")]
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options[1:] == [
        ("food", "食品安全"),
        ("housing", "住房"),
        ("property", "\u3000物业管理"),
    ]


def test_the_category_finder_lists_each_category_with_its_parent_path(org: Org) -> None:
    html = client_for(org, "clerk").get(INTAKE_URL).content.decode()
    assert re.search(
        r'<li role="option" id="category-option-3" class="indent-1" data-code="property" '
        r'data-search="住房 物业管理 property" aria-selected="false">'
        r'<span class="category-name">物业管理</span> <span class="category-path">住房</span></li>',
        html,
    )


def test_inactive_categories_are_not_offered(org: Org) -> None:
    Category.objects.filter(code="food").update(is_active=False)
    assert [n.code for n in category_tree()] == ["housing", "property"]


def test_the_form_page_needs_as_many_queries_for_three_categories_as_for_thirty(
    org: Org,
) -> None:
    client = client_for(org, "clerk")
    client.get(INTAKE_URL)  # sessions, caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INTAKE_URL).status_code == 200
        return len(captured)

    few = queries()
    parent = Category.objects.get(code="housing")
    for i in range(27):
        Category.objects.create(code=f"extra-{i}", name=f"分类{i}", parent=parent)
    assert queries() == few


# --- a phone complaint saved -------------------------------------------------------------------


def test_a_phone_complaint_is_registered_with_its_parties_demands_and_category(
    org: Org,
) -> None:
    client = client_for(org, "clerk")
    response = post_intake(client, phone_complaint())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/new/done/{case.pk}/"
    assert (case.kind, case.channel, case.status) == ("complaint", "phone", Status.REGISTERED)
    assert case.title == "小区电梯长期故障无人维修"
    assert case.content == "幸福小区3号楼电梯停运两周,物业不予维修。"
    assert case.facts == "多次报修无果。"
    assert case.address == "东城区幸福小区3号楼"
    assert case.category is not None and case.category.code == "property"
    assert case.received_at == datetime(2026, 3, 2, 1, 40, tzinfo=UTC)  # 09:40 in Shanghai
    assert case.registered_at == MONDAY
    assert case.registered_by == org["clerk"]
    assert case.centre == org["centre"]
    assert case.anonymous is False
    assert case.party_count == 1
    assert (case.severity, case.severity_confirmed) == (Severity.GENERAL, False)
    person = case.complainants.get()
    assert (person.position, person.name, person.phone, person.gender) == (
        1,
        "张三",
        "13812345678",
        "male",
    )
    assert person.id_number == "110101199001011237"
    assert person.address == "东城区幸福小区3号楼2单元501"
    respondent = case.respondent
    assert (respondent.type, respondent.name, respondent.address) == (
        "organisation",
        "幸福物业管理有限公司",
        "东城区幸福小区物业中心",
    )
    assert [(d.position, d.text) for d in case.demands.all()] == [
        (1, "尽快修复电梯"),
        (2, "赔偿误工损失"),
    ]
    assert list(CaseEvent.objects.values_list("verb", flat=True)) == ["register"]


def test_the_done_page_shows_the_number_and_tracking_code_to_read_out(org: Org) -> None:
    client = client_for(org, "clerk")
    response = post_intake(client, phone_complaint())
    case = Case.objects.get()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert text_of(html, "case-number") == case.number
    assert text_of(html, "tracking-code") == case.tracking_code
    assert f'<a id="case-link" href="/cases/{case.pk}/">' in html
    assert re.search(r'<button type="submit" class="primary" id="next-call" autofocus>', html)
    assert 'action="/cases/new/"' in html
    # The page clears the browser's draft of the form just saved.
    assert f'data-intake-saved data-draft-key="tousu:intake-draft:{org["clerk"].pk}"' in html


def test_the_done_page_follows_the_access_rules(org: Org) -> None:
    post_intake(client_for(org, "clerk"), phone_complaint())
    case = Case.objects.get()
    url = f"/cases/new/done/{case.pk}/"
    assert client_for(org, "deputy").get(url).status_code == 200
    assert client_for(org, "unit_a_handler").get(url).status_code == 403
    assert client_for(org, "clerk").get(f"/cases/new/done/{case.pk + 1}/").status_code == 404


def test_an_anonymous_case_stores_no_complainant_even_if_a_row_was_typed(org: Org) -> None:
    response = post_intake(client_for(org, "clerk"), phone_complaint(anonymous="on"))
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.anonymous is True
    assert case.complainants.count() == 0
    assert case.party_count == 1


def test_an_anonymous_case_ignores_a_bad_complainant_row_it_does_not_store(org: Org) -> None:
    data = phone_complaint(anonymous="on", **{"complainants-0-gender": "robot"})
    assert post_intake(client_for(org, "clerk"), data).status_code == 302
    assert Case.objects.get().complainants.count() == 0


def test_neither_a_complainant_nor_anonymous_is_refused_and_nothing_is_stored(org: Org) -> None:
    data = phone_complaint(**complainant_rows({"name": "", "phone": ""}))
    response = post_intake(client_for(org, "clerk"), data)
    html = response.content.decode()
    assert response.status_code == 422
    section = html[html.index('id="complainant-section"') : html.index('id="complainant-rows"')]
    with translation.override("zh-hans"):
        expected = gettext("give a name or a phone number, or mark the case anonymous")
    assert f'<p class="error">{expected}</p>' in section
    assert counts() == NOTHING


def test_a_collective_case_lists_every_complainant_in_order(org: Org) -> None:
    people = [
        {"name": name, "phone": phone, "is_representative": "on" if rep else ""}
        for name, phone, rep in (
            ("张三", "13800000001", True),
            ("李四", "13800000002", True),
            ("王五", "13800000003", False),
            ("赵六", "13800000004", False),
        )
    ]
    response = post_intake(
        client_for(org, "clerk"), phone_complaint(party_count="12", **complainant_rows(*people))
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert [(c.position, c.name, c.is_representative) for c in case.complainants.all()] == [
        (1, "张三", True),
        (2, "李四", True),
        (3, "王五", False),
        (4, "赵六", False),
    ]
    assert case.party_count == 12
    assert case.suggested_severity == Severity.IMPORTANT
    assert case.severity_reasons == ["collective"]


def test_empty_complainant_rows_are_skipped(org: Org) -> None:
    data = phone_complaint(
        **complainant_rows({"name": "张三", "phone": "13812345678"}, {"name": ""}, {"phone": ""})
    )
    assert post_intake(client_for(org, "clerk"), data).status_code == 302
    assert [c.name for c in Case.objects.get().complainants.all()] == ["张三"]


def test_four_representatives_are_refused_and_nothing_is_stored(org: Org) -> None:
    people = [
        {"name": f"代表{i}", "phone": f"1380000000{i}", "is_representative": "on"}
        for i in range(1, 5)
    ]
    response = post_intake(client_for(org, "clerk"), phone_complaint(**complainant_rows(*people)))
    html = response.content.decode()
    assert response.status_code == 422
    section = html[html.index('id="complainant-section"') : html.index('id="complainant-rows"')]
    with translation.override("zh-hans"):
        expected = gettext("at most %(max)s representatives") % {"max": 3}
    assert f'<p class="error">{expected}</p>' in section
    assert counts() == NOTHING
    # The four rows come back as typed.
    assert 'name="complainants-3-name" value="代表4"' in html


def test_an_unknown_category_is_an_error_on_the_category_and_nothing_is_stored(
    org: Org,
) -> None:
    response = post_intake(client_for(org, "clerk"), phone_complaint(category="no-such-code"))
    assert response.status_code == 422
    assert list(field_errors(response.content.decode())) == ["category"]
    assert counts() == NOTHING


def test_a_category_deactivated_while_the_form_was_open_is_refused_by_the_registration(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The form offered it; by the time of saving the administrator has switched it off.
    tree = category_tree()
    monkeypatch.setattr("tousu.workbench.views.intake.category_tree", lambda: tree)
    Category.objects.filter(code="property").update(is_active=False)
    response = post_intake(client_for(org, "clerk"), phone_complaint())
    errors = field_errors(response.content.decode())
    assert response.status_code == 422
    assert list(errors) == ["category"]
    assert counts() == NOTHING


def test_a_missing_title_is_an_error_on_the_title_and_nothing_is_stored(org: Org) -> None:
    response = post_intake(client_for(org, "clerk"), phone_complaint(title=""))
    html = response.content.decode()
    assert response.status_code == 422
    assert list(field_errors(html)) == ["title"]
    assert counts() == NOTHING
    # What the clerk typed is still there.
    assert 'value="幸福物业管理有限公司"' in html
    assert 'name="demands" id="demand-2" value="赔偿误工损失"' in html
    assert 'data-bound="1"' in html


def test_a_receipt_time_in_the_future_is_an_error_on_received_at(org: Org) -> None:
    response = post_intake(
        client_for(org, "clerk"), phone_complaint(received_at="2026-03-02T12:00")
    )
    assert response.status_code == 422
    assert list(field_errors(response.content.decode())) == ["received_at"]
    assert counts() == NOTHING


def test_a_received_at_left_empty_is_the_time_of_saving(org: Org) -> None:
    post_intake(client_for(org, "clerk"), phone_complaint(received_at=""))
    assert Case.objects.get().received_at == MONDAY


def test_a_letter_keeps_its_postmark_date(org: Org) -> None:
    post_intake(
        client_for(org, "clerk"), phone_complaint(channel="letter", received_at="2026-02-26T00:00")
    )
    case = Case.objects.get()
    assert (case.channel, case.received_at) == ("letter", datetime(2026, 2, 25, 16, 0, tzinfo=UTC))


def test_a_too_long_complainant_phone_is_an_error_on_that_row(org: Org) -> None:
    data = phone_complaint(**complainant_rows({"name": "张三", "phone": "1" * 41}))
    response = post_intake(client_for(org, "clerk"), data)
    assert response.status_code == 422
    assert list(field_errors(response.content.decode())) == ["complainants-0-phone"]
    assert counts() == NOTHING


def test_a_phone_of_letters_and_a_mistyped_id_number_are_errors_on_their_fields(org: Org) -> None:
    data = phone_complaint(
        **complainant_rows(
            {"name": "张三", "phone": "13812345678"},
            {"name": "李四", "phone": "abc", "id_number": "110101199001011234"},
        )
    )
    response = post_intake(client_for(org, "clerk"), data)
    assert response.status_code == 422
    with translation.override("zh-hans"):
        expected = {
            "complainants-1-phone": [
                gettext(
                    "is not a phone number: give a mobile (13812345678), a landline with its "
                    "area code (010-12345678), a 400/800 number or an international number "
                    "starting with +"
                )
            ],
            "complainants-1-id_number": [gettext("has a wrong check digit: a digit is mistyped")],
        }
    assert field_errors(response.content.decode()) == expected
    assert counts() == NOTHING


def test_a_respondent_phone_that_is_no_number_is_an_error_on_that_field(org: Org) -> None:
    response = post_intake(client_for(org, "clerk"), phone_complaint(respondent_phone="找物业"))
    assert response.status_code == 422
    assert list(field_errors(response.content.decode())) == ["respondent_phone"]
    assert counts() == NOTHING


def test_a_small_x_in_the_id_number_is_stored_as_a_capital(org: Org) -> None:
    data = phone_complaint(
        **complainant_rows(
            {"name": "张三", "phone": "13812345678", "id_number": "11010519491231002x"}
        )
    )
    assert post_intake(client_for(org, "clerk"), data).status_code == 302
    assert Case.objects.get().complainants.get().id_number == "11010519491231002X"


def test_blank_demand_rows_are_dropped_and_the_rest_numbered_in_order(org: Org) -> None:
    post_intake(client_for(org, "clerk"), phone_complaint(demands=["", "修电梯", "  ", "道歉"]))
    demands = Case.objects.get().demands.all()
    assert [(d.position, d.text) for d in demands] == [(1, "修电梯"), (2, "道歉")]


def test_a_chosen_severity_is_stored_as_confirmed_beside_the_suggestion(org: Org) -> None:
    post_intake(client_for(org, "clerk"), phone_complaint(severity="important"))
    case = Case.objects.get()
    assert (case.severity, case.suggested_severity, case.severity_confirmed) == (
        Severity.IMPORTANT,
        Severity.GENERAL,
        True,
    )


def test_a_respondent_left_empty_is_not_stored(org: Org) -> None:
    data = phone_complaint(respondent_name="", respondent_address="")
    assert post_intake(client_for(org, "clerk"), data).status_code == 302
    assert not hasattr(Case.objects.get(), "respondent")


def test_the_respondents_rank_and_people_are_stored(org: Org) -> None:
    data = phone_complaint(
        respondent_type="person",
        respondent_name="李科长",
        respondent_official_rank="section",
        respondent_legal_representative="王法人",
        respondent_responsible_person="赵负责",
        respondent_phone="010-12345678",
    )
    post_intake(client_for(org, "clerk"), data)
    case = Case.objects.get()
    r = case.respondent
    assert (r.type, r.name, r.official_rank, r.phone) == (
        "person",
        "李科长",
        "section",
        "010-12345678",
    )
    assert (r.legal_representative, r.responsible_person) == ("王法人", "赵负责")
    assert (case.suggested_severity, case.severity_reasons) == (
        Severity.IMPORTANT,
        ["section_official"],
    )


def test_a_clerk_of_two_centres_chooses_where_the_case_is_registered(org: Org) -> None:
    Membership.objects.create(user=org["intake_only"], unit=org["station"], role=Role.CLERK)
    client = client_for(org, "intake_only")
    html = client.get(INTAKE_URL).content.decode()
    assert '<select name="centre"' in html
    post_intake(client, phone_complaint(centre="station-east"))
    assert Case.objects.get().centre == org["station"]


def test_a_clerk_of_one_centre_is_not_asked_for_it(org: Org) -> None:
    html = client_for(org, "clerk").get(INTAKE_URL).content.decode()
    assert 'name="centre"' not in html


# --- the registration's own errors, mapped back onto the form -----------------------------------


def test_the_registrations_field_names_land_on_the_matching_fields(org: Org) -> None:
    data = phone_complaint(
        **complainant_rows({"name": "甲"}, {"name": ""}, {"name": "乙", "phone": "13900001111"})
    )
    form = IntakeForm(data, categories=category_tree())
    people = complainant_formset(data)
    assert form.is_valid() and people.is_valid()
    rows = people.filled_forms()
    place_errors(
        {
            "complainants[1].phone": ["号码不对"],
            "complainants[0].gender": ["性别不对"],
            "complainants": ["最多3名代表人"],
            "respondent.name": ["太长"],
            "received_at": ["不得晚于现在"],
            "latitude": ["超出范围"],
        },
        form,
        people,
        rows,
    )
    assert people.forms[2].errors == {"phone": ["号码不对"]}
    assert people.forms[0].errors == {"gender": ["性别不对"]}
    assert people.forms[1].errors == {}
    assert people.all_errors == ["最多3名代表人"]
    assert form.errors["respondent_name"] == ["太长"]
    assert form.errors["received_at"] == ["不得晚于现在"]
    assert form.errors["__all__"] == ["latitude: 超出范围"]


def test_a_single_complainants_errors_land_on_the_first_row(org: Org) -> None:
    data = phone_complaint()
    form = IntakeForm(data, categories=category_tree())
    people = complainant_formset(data)
    assert form.is_valid() and people.is_valid()
    place_errors(
        {"complainant.id_number": ["太长"], "complainant": ["请填写"]},
        form,
        people,
        people.filled_forms(),
    )
    assert people.forms[0].errors == {"id_number": ["太长"]}
    assert people.all_errors == ["请填写"]
