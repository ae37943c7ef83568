"""What the confidentiality tests share: a case with a photo and a confidential ID scan, the
reveal events of a case, and the file URLs of both front doors."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.api.helpers import API, pdf_bytes, png_bytes
from tests.workbench.case_helpers import NOW
from tousu.cases.attachments import attach
from tousu.cases.models import Attachment, Case, CaseEvent

SCAN_NAME = "张三身份证.pdf"


def with_files(case: Case, org: dict[str, Any]) -> tuple[Attachment, Attachment]:
    """A public photo and a confidential ID card scan, added by the clerk."""
    photo = attach(case, actor=org["clerk"], now=NOW, name="现场.png", data=png_bytes())
    scan = attach(
        case, actor=org["clerk"], now=NOW, name=SCAN_NAME, data=pdf_bytes(), confidential=True
    )
    return photo, scan


def reveals(case: Case) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case, verb="reveal_identity").order_by("id"))


def page_file_url(case: Case, row: Attachment) -> str:
    return reverse("workbench:attachment", args=[case.pk, row.pk])


def api_file_url(case: Case, row: Attachment) -> str:
    return f"{API}/cases/{case.pk}/attachments/{row.pk}"


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# --- retention ----------------------------------------------------------------------------------

# Four years after the stories' Monday: the default retention (3 × 365 days) has passed.
PURGE_AT = NOW.replace(year=2030)
CONTACT = "13700001111"  # the citizen asked to be answered by SMS at this number


def ended_case(
    make_case: Any, org: dict[str, Any], *, to: str = "archived", **overrides: Any
) -> Case:
    """A case walked through the whole loop at the stories' Monday — dispatched to unit A, a
    result, a reply, a satisfied callback, archived — with a person as respondent, a contact
    number for SMS, the map point of the matter, and a photo and a confidential ID scan."""
    from decimal import Decimal

    from tests.api.helpers import advance
    from tousu.cases.registration import NewRespondent

    values: dict[str, Any] = {
        "channel": "web",
        "facts": "张三于3月1日致电物业未果。",
        "address": "东城区幸福小区3号楼",
        "latitude": Decimal("39.912345"),
        "longitude": Decimal("116.415678"),
        "respondent": NewRespondent(
            type="person", name="王五", phone="13900002222", address="东城区某路1号"
        ),
        "contact_channel": "sms",
        "contact_address": CONTACT,
        "query_password": "ABCD234567",
        **overrides,
    }
    case = make_case(**values)
    with_files(case, org)
    return advance(case, org, to, NOW)
