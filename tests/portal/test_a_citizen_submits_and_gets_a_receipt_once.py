"""A citizen submits a case without an account and sees the receipt — number, tracking code and
query password — exactly once; the case is registered by the `system` actor on the web channel."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.test import Client

from tousu.cases import tracking
from tousu.cases.models import Attachment, Case, CaseEvent, Channel, Complainant, Status
from tousu.orgs.staff import system_user
from tousu.portal.models import Consent, current_notice

from .conftest import PNG, valid_form


def test_the_start_page_and_the_form_answer_without_logging_in(org: dict[str, Any]) -> None:
    client = Client()
    start = client.get("/portal/")
    form = client.get("/portal/new/")
    assert (start.status_code, form.status_code) == (200, 200)
    html = form.content.decode()
    for name in ("kind", "category", "title", "content", "address", "anonymous", "name"):
        assert f'name="{name}"' in html
    for name in ("phone", "attachments", "consent", "latitude", "longitude", "occurred_at"):
        assert f'name="{name}"' in html
    notice = current_notice()
    assert notice is not None and notice.text_zh_hans[:8] in html


def test_a_submission_registers_one_web_case_by_the_system(
    org: dict[str, Any], receipt: Callable[..., Any]
) -> None:
    case, password, _client = receipt(latitude="39.904200", longitude="116.407400")
    assert (case.channel, case.status, case.kind) == (Channel.WEB, Status.REGISTERED, "complaint")
    assert (case.registered_by_id, case.centre_id) == (system_user().pk, org["centre"].pk)
    assert case.category is not None and case.category.code == "property"
    assert (case.latitude, case.longitude) == (Decimal("39.904200"), Decimal("116.407400"))
    person = Complainant.objects.get(case=case)
    assert (person.name, person.phone) == ("李四", "13912345678")
    assert tracking.check_password(case.query_password, password)
    assert password not in case.query_password
    consent, notice = Consent.objects.get(case=case), current_notice()
    assert notice is not None and consent.notice_version == notice.version


def test_the_receipt_shows_number_code_and_password_once(
    org: dict[str, Any], submit: Callable[..., Any]
) -> None:
    client = Client()
    answer = submit(client)
    assert answer["Location"] == "/portal/receipt/"  # nothing of the case in the address
    page = client.get("/portal/receipt/").content.decode()
    case = Case.objects.get()
    assert f'data-receipt="number">{case.number}<' in page
    assert f'data-receipt="tracking_code">{case.tracking_code}<' in page
    password = page.split('data-receipt="password">', 1)[1].split("<", 1)[0]
    assert len(password) == tracking.PASSWORD_LENGTH
    again = client.get("/portal/receipt/")
    assert again.status_code == 410
    assert password not in again.content.decode()
    stored = list(client.session.keys())
    assert [key for key in stored if "receipt" in key] == []


def test_a_receipt_is_never_shown_to_another_browser(
    org: dict[str, Any], submit: Callable[..., Any]
) -> None:
    submit(Client())
    assert Client().get("/portal/receipt/").status_code == 410


def test_an_anonymous_citizen_keeps_no_complainant_but_may_leave_a_phone(
    org: dict[str, Any], receipt: Callable[..., Any]
) -> None:
    case, _password, _client = receipt(anonymous="on", name="王五", phone="13700001111")
    assert case.anonymous is True
    assert Complainant.objects.filter(case=case).count() == 0
    assert (case.contact_channel, case.contact_address) == ("sms", "13700001111")


def test_an_anonymous_citizen_may_give_nothing_at_all(
    org: dict[str, Any], receipt: Callable[..., Any]
) -> None:
    case, _password, _client = receipt(anonymous="on", name="", phone="")
    assert (case.anonymous, case.contact_channel, case.contact_address) == (True, "", "")


def test_an_email_address_becomes_the_contact_for_answers(
    org: dict[str, Any], receipt: Callable[..., Any]
) -> None:
    case, _password, _client = receipt(email="lisi@example.cn")
    assert (case.contact_channel, case.contact_address) == ("email", "lisi@example.cn")
    assert Complainant.objects.get(case=case).phone == "13912345678"


def test_files_come_with_the_case_as_the_citizens_material(
    org: dict[str, Any], submit: Callable[..., Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    data = valid_form(attachments=[SimpleUploadedFile("路灯.png", PNG, "image/png")])
    assert client.post("/portal/new/", data).status_code == 302
    case = Case.objects.get()
    row = Attachment.objects.get(case=case)
    assert (row.content_type, row.size, row.uploaded_by_id) == (
        "image/png",
        len(PNG),
        system_user().pk,
    )
    event = CaseEvent.objects.get(case=case, verb="supplement")
    assert event.data["channel"] == "web"
    assert [f["attachment"] for f in event.data["files"]] == [row.pk]


def test_when_it_happened_is_kept(org: dict[str, Any], receipt: Callable[..., Any]) -> None:
    case, _password, _client = receipt(occurred_at="2026-02-20T21:30")
    assert case.occurred_at is not None
    assert case.occurred_at.isoformat() == "2026-02-20T13:30:00+00:00"  # 21:30 in Shanghai


def test_until_the_receipt_is_shown_the_session_keeps_the_password_sealed(
    org: dict[str, Any], submit: Callable[..., Any]
) -> None:
    from django.contrib.sessions.models import Session

    client = Client()
    submit(client)
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()
    page = client.get("/portal/receipt/").content.decode()
    password = page.split('data-receipt="password">', 1)[1].split("<", 1)[0]
    held = next(value for key, value in stored.items() if "receipt" in key)
    assert password not in str(held) and len(str(held["password"])) > 40
