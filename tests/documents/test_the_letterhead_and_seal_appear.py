"""A letter carries its centre's letterhead — heading, address, phone, footer — and its seal as an
image (in the PDF an image XObject on the page, in Word a picture); a station's case carries the
letterhead of the centre above it; without any letterhead, the centre's own name."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from pypdf import PdfReader

from tousu.documents.models import Letterhead
from tousu.orgs.models import Unit, UnitKind

from .conftest import MakeCase, Org, dispatched, docx_text, fetch, pdf_text, png

HEADING = "××市12345政务服务便民热线中心"


def _letterhead(unit: Unit, seal: bytes | None = None) -> Letterhead:
    row = Letterhead(
        unit=unit,
        heading=HEADING,
        address="××市人民路1号",
        postcode="100001",
        phone="0571-12345000",
        footer="××市12345热线中心印发",
    )
    if seal is not None:
        row.seal.save("seal.png", ContentFile(seal), save=False)
    row.full_clean()
    row.save()
    return row


def _images(pdf: bytes) -> list[tuple[int, int]]:
    """The image XObjects the document draws (WeasyPrint draws each page as a form XObject, the
    images inside it), as (width, height), each once."""
    found: dict[int, tuple[int, int]] = {}

    def walk(resources: Any) -> None:
        for ref in resources.get_object().get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                found[ref.idnum] = (int(xobject["/Width"]), int(xobject["/Height"]))
            elif "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page["/Resources"])
    return list(found.values())


def test_the_pdf_carries_the_letterhead_and_the_seal_image(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    _letterhead(org["centre"], seal=png(40, 40))
    data = fetch(clerk, dispatched(org, make_case), "transfer.pdf")
    text = pdf_text(data)
    assert HEADING in text
    assert "0571-12345000" in text
    assert "××市人民路1号" in text
    assert "××市12345热线中心印发" in text
    assert _images(data) == [(40, 40)]  # the seal


def test_the_word_document_carries_the_letterhead_and_the_seal_picture(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    seal = png(40, 40)
    _letterhead(org["centre"], seal=seal)
    data = fetch(clerk, dispatched(org, make_case), "transfer.docx")
    assert HEADING in docx_text(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert [archive.read(n) for n in media] == [seal]
        assert "××市12345热线中心印发" in archive.read("word/footer1.xml").decode()


def test_a_letter_without_a_seal_has_no_image(org: Org, make_case: MakeCase, clerk: Client) -> None:
    _letterhead(org["centre"])
    assert _images(fetch(clerk, dispatched(org, make_case), "transfer.pdf")) == []


def test_a_case_registered_at_a_station_carries_the_letterhead_of_the_centre_above(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    _letterhead(org["centre"])
    case = dispatched(org, make_case, actor=org["station_clerk"])
    assert case.centre == org["station"]
    assert HEADING in pdf_text(fetch(clerk, case, "registration.pdf"))


def test_without_a_letterhead_the_letter_is_headed_with_the_centres_name(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    station_case = dispatched(org, make_case, actor=org["station_clerk"])
    text = pdf_text(fetch(clerk, station_case, "transfer.pdf"))
    # A station issues no letters: the centre above it does.
    assert text.startswith("市12345热线中心〔2026〕转办第0001号")
    assert "东城区投诉站" not in text


def test_a_seal_must_be_a_png_or_jpeg_image(org: Org) -> None:
    row = Letterhead(unit=org["centre"], heading=HEADING)
    row.seal.save("seal.png", ContentFile(b"GIF89a" + b"\x00" * 20), save=False)
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert list(refused.value.message_dict) == ["seal"]


def test_only_a_centre_has_a_letterhead(org: Org) -> None:
    row = Letterhead(unit=org["unit_a"], heading="市住房和城乡建设局")
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "unit" in refused.value.message_dict
    assert org["unit_a"].kind == UnitKind.DEPARTMENT
