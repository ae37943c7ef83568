"""The administrator edits the centres' letterheads (with the seal image) in the admin; the number
series and the register of issued documents are there to read, never to write."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tousu.documents.models import DocumentSeries, IssuedDocument, Letterhead

from .conftest import MakeCase, Org, dispatched, fetch, png


def _admin(org: Org) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(org["admin"])
    return client


def test_a_letterhead_with_its_seal_is_added_in_the_admin(org: Org) -> None:
    client = _admin(org)
    assert client.get("/admin/documents/letterhead/add/").status_code == 200
    response = client.post(
        "/admin/documents/letterhead/add/",
        {
            "unit": org["centre"].pk,
            "heading": "××市12345政务服务便民热线中心",
            "address": "人民路1号",
            "postcode": "",
            "phone": "12345",
            "footer": "",
            "seal": SimpleUploadedFile("seal.png", png(20, 20), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    row = Letterhead.objects.get()
    assert (row.unit, row.heading) == (org["centre"], "××市12345政务服务便民热线中心")
    with row.seal.open("rb") as f:
        assert f.read() == png(20, 20)


def test_a_handling_unit_or_a_false_image_is_refused(org: Org) -> None:
    response = _admin(org).post(
        "/admin/documents/letterhead/add/",
        {
            "unit": org["unit_a"].pk,
            "heading": "市住房和城乡建设局",
            "seal": SimpleUploadedFile("seal.png", b"<svg></svg>", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"unit", "seal"}
    assert Letterhead.objects.count() == 0


def test_the_register_and_the_series_are_read_only(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    fetch(clerk, dispatched(org, make_case), "transfer.pdf")
    client = _admin(org)
    issued = IssuedDocument.objects.get()
    listing = client.get("/admin/documents/issueddocument/").content.decode()
    assert "〔2026〕转办第0001号" in listing
    assert client.get("/admin/documents/issueddocument/add/").status_code == 403
    assert client.post(f"/admin/documents/issueddocument/{issued.pk}/delete/").status_code == 403
    series = DocumentSeries.objects.get()
    assert client.get("/admin/documents/documentseries/add/").status_code == 403
    page = client.get(f"/admin/documents/documentseries/{series.pk}/change/")
    assert page.status_code == 200  # to read
    assert (
        client.post(f"/admin/documents/documentseries/{series.pk}/change/", {"last": 0}).status_code
        == 403
    )
    assert DocumentSeries.objects.get().last == 1
