"""Only the staff who register cases at a centre may import; each sees the imports they
uploaded, and nobody else's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tousu.intake.importing.models import ImportJob

from .helpers import GOOD, xlsx_bytes
from .workbench_helpers import client_for, job_id, upload


@pytest.mark.parametrize("who", ["unit_a_handler", "unit_a_leader", "analyst", "supervisor"])
def test_who_registers_no_cases_may_not_import(org: dict[str, Any], who: str) -> None:
    client = client_for(org[who])
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/template.xlsx").status_code == 403
    assert upload(client, "cases.xlsx", xlsx_bytes(GOOD)).status_code == 403
    assert ImportJob.objects.count() == 0


def test_another_clerks_import_is_not_found(org: dict[str, Any]) -> None:
    pk = job_id(upload(client_for(org["clerk"]), "cases.xlsx", xlsx_bytes(GOOD)))
    other = client_for(org["station_clerk"])
    for url in (f"/imports/{pk}/", f"/imports/{pk}/progress/", f"/imports/{pk}/problems.xlsx"):
        assert other.get(url).status_code == 404
    for url in (f"/imports/{pk}/start/", f"/imports/{pk}/discard/"):
        assert other.post(url).status_code == 404
    assert ImportJob.objects.get(pk=pk).state == "ready"
    handler = client_for(org["unit_a_handler"])
    assert handler.get(f"/imports/{pk}/").status_code == 403
    assert handler.post(f"/imports/{pk}/start/").status_code == 403


def test_the_pages_need_a_login(db: Any) -> None:
    response = Client().get("/imports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_navigation_offers_the_import_to_clerks_only(org: dict[str, Any]) -> None:
    link = 'href="/imports/" accesskey="i" data-shortcut="g i"'
    assert link in client_for(org["clerk"]).get("/").content.decode()
    assert link not in client_for(org["unit_a_handler"]).get("/").content.decode()


def test_the_admin_lists_imports_without_their_rows(org: dict[str, Any]) -> None:
    pk = job_id(upload(client_for(org["clerk"]), "来信.xlsx", xlsx_bytes(GOOD)))
    admin = Client()
    admin.force_login(org["admin"])
    listing = admin.get("/admin/importing/importjob/").content.decode()
    detail = admin.get(f"/admin/importing/importjob/{pk}/change/")
    assert detail.status_code == 200
    for html in (listing, detail.content.decode()):
        assert "张三" not in html and "来信.xlsx" not in html
