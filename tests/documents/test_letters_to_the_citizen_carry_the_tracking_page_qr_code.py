"""The letters that go to the citizen (the reply letter, the notice of non-acceptance) carry a QR
code to the public tracking page, under TOUSU_PUBLIC_URL (else the request's address) — the page's
address only: not the tracking code, never the query password. The letters to units carry none."""

from __future__ import annotations

from typing import Any

import segno
from django.test import Client

from tousu.cases.access import view_of
from tousu.documents.letterhead import Heading
from tousu.documents.letters import CASE_LETTERS
from tousu.documents.letters.common import Issue
from tousu.documents.qr import QRCode, track_url

from .conftest import MakeCase, Org, dispatched, docx_text, fetch, pdf_text, rejected, replied

PUBLIC = "https://12345.example.gov.cn"


def test_the_reply_letter_points_to_the_tracking_page_under_the_public_address(
    org: Org, make_case: MakeCase, clerk: Client, settings: Any
) -> None:
    settings.TOUSU_PUBLIC_URL = PUBLIC
    case = replied(org, make_case)
    for text in (
        pdf_text(fetch(clerk, case, "reply.pdf")),
        docx_text(fetch(clerk, case, "reply.docx")),
    ):
        assert "https://12345.example.gov.cn/portal/track/" in text
        assert case.tracking_code not in text


def test_without_a_public_address_the_code_points_to_the_requests_host(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    text = pdf_text(fetch(clerk, rejected(org, make_case), "not_accepted.pdf"))
    assert "http://testserver/portal/track/" in text
    assert track_url("http://testserver/") == "http://testserver/portal/track/"


def test_the_code_encodes_the_tracking_page_and_nothing_else(
    org: Org, make_case: MakeCase, settings: Any
) -> None:
    settings.TOUSU_PUBLIC_URL = PUBLIC
    case = replied(org, make_case)
    spec = CASE_LETTERS["reply"]
    view = view_of(org["clerk"], case)
    qr = QRCode(track_url())
    letter = spec.build(
        case,
        view,
        spec.basis(case, view),
        Issue("〔2026〕答复第0001号", case.registered_at.date(), Heading("中心"), qr),
    )
    assert letter.qr is not None
    assert letter.qr.url == "https://12345.example.gov.cn/portal/track/"
    # The symbol drawn is the one of that address: the same modules as segno makes of it.
    expected = segno.make("https://12345.example.gov.cn/portal/track/", error="m", micro=False)
    assert letter.qr.svg_uri == expected.svg_data_uri(scale=4, border=2, dark="#000", light="#fff")
    assert case.tracking_code not in letter.qr.url
    assert "password" not in letter.qr.url


def test_letters_to_units_and_the_registration_form_carry_no_code(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = dispatched(org, make_case)
    for name in ("transfer", "registration"):
        assert "/portal/track/" not in pdf_text(fetch(clerk, case, f"{name}.pdf"))
