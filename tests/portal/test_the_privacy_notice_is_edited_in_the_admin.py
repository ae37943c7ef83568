"""The privacy notice (个人信息保护法) comes with default texts in Chinese and English; the
administrator edits it in the admin, every change is a new version, the form shows it at once and
each case records the version its citizen consented to."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tousu.cases.models import Case
from tousu.portal.models import Consent, PrivacyNotice

from .conftest import valid_form


def test_there_is_one_default_notice_in_both_languages(db: Any) -> None:
    notice = PrivacyNotice.objects.get()
    assert notice.version == 1
    assert "个人信息保护法" in notice.text_zh_hans and "Personal Information" in notice.text_en


def test_the_administrator_edits_it_and_the_citizen_consents_to_the_new_version(
    org: dict[str, Any],
) -> None:
    notice = PrivacyNotice.objects.get()
    admin = Client()
    admin.force_login(org["admin"])
    assert admin.get("/admin/portal/privacynotice/add/").status_code == 403  # only one notice
    answer = admin.post(
        f"/admin/portal/privacynotice/{notice.pk}/change/",
        {"text_zh_hans": "新的告知：本中心依法处理您的个人信息。", "text_en": "A new notice."},
    )
    assert answer.status_code == 302
    notice.refresh_from_db()
    assert notice.version == 2
    assert "新的告知" in Client().get("/portal/new/").content.decode()
    Client().post("/portal/new/", valid_form())
    assert Consent.objects.get(case=Case.objects.get()).notice_version == 2


def test_the_notice_cannot_be_deleted(org: dict[str, Any]) -> None:
    notice = PrivacyNotice.objects.get()
    admin = Client()
    admin.force_login(org["admin"])
    answer = admin.post(f"/admin/portal/privacynotice/{notice.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 403
    assert PrivacyNotice.objects.count() == 1
