"""Run by `test_nothing_personal_in_plaintext_under_home.py` in its own process, under a fresh
TOUSU_HOME with the embedded SQLite database and a log file there: migrate, then bring distinctive
personal data in through the front doors — a case by the API (with a confidential ID scan, an
Idempotency-Key, a refused request carrying the same data), a case the way the e-mail channel
registers one (anonymous, answered by e-mail), a reveal and a search on the workbench, the
notifications fanned out and "sent" by the log backends — then print PLANTED and wait for a line
on standard input before it closes the database (so the test reads the write-ahead log too)."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.api.helpers import case_body, pdf_bytes  # noqa: E402
from tests.confidentiality.helpers import streamed  # noqa: E402
from tousu.api.models import ApiToken  # noqa: E402
from tousu.cases.attachments import attach  # noqa: E402
from tousu.cases.registration import NewCase, register  # noqa: E402
from tousu.categories.models import Category  # noqa: E402
from tousu.notify.delivery import deliver_due  # noqa: E402
from tousu.notify.fanout import fan_out  # noqa: E402
from tousu.orgs.models import Membership, Role, Unit, UnitKind  # noqa: E402
from tousu.orgs.staff import system_user  # noqa: E402

NAME = "测试植入张三丰"
PHONE = "13912345678"
ID_NUMBER = "320102198503124718"
EMAIL = "zhangsanfeng.plant@example.cn"
ADDRESS = "测试植入路88号幸福里7栋"
FILE_NAME = "张三丰身份证.pdf"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Shanghai: office hours


def main() -> None:
    call_command("migrate", verbosity=0)
    centre = Unit.objects.create(code="centre", name="市12345热线中心", kind=UnitKind.CENTRE)
    unit = Unit.objects.create(code="unit-a", name="市住房和城乡建设局", kind=UnitKind.DEPARTMENT)
    Category.objects.create(code="property", name="物业管理", default_unit=unit)
    clerk = get_user_model().objects.create_user("clerk", password="x-not-used-x")
    for role in (Role.CLERK, Role.DISPATCHER):
        Membership.objects.create(user=clerk, unit=centre, role=role)
    _row, secret = ApiToken.issue(clerk)
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    person = {"anonymous": False, "name": NAME, "phone": PHONE, "id_number": ID_NUMBER}
    person["address"] = ADDRESS
    body = case_body(complainant=person)

    created = api.post(
        "/api/v1/cases",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "plant-1"},
    )
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    refused = api.post(  # the same person, refused: the refusal must not log who it was
        "/api/v1/cases", {**body, "category": "no-such-category"}, content_type="application/json"
    )
    assert refused.status_code == 422, refused.content
    scan = SimpleUploadedFile(FILE_NAME, pdf_bytes(), content_type="application/pdf")
    uploaded = api.post(
        f"/api/v1/cases/{case_id}/attachments", {"file": scan, "confidential": "true"}
    )
    assert uploaded.status_code == 201, uploaded.content
    opened = api.get(f"/api/v1/cases/{case_id}/attachments/{uploaded.json()['id']}")
    assert streamed(opened) == pdf_bytes()

    mailed = register(
        NewCase(
            kind="complaint",
            channel="email",
            title="小区噪音扰民",
            content="夜间施工噪音严重。",
            anonymous=True,
            contact_channel="email",
            contact_address=EMAIL,
        ),
        actor=system_user(),
        now=NOW,
    )
    attach(mailed, actor=clerk, now=NOW, name=FILE_NAME, data=pdf_bytes(), confidential=True)

    staff = Client()
    staff.force_login(clerk)
    shown = staff.post(reverse("workbench:reveal", args=[case_id]), {"reason": "核对登记信息"})
    assert PHONE in shown.content.decode()
    found = staff.get(reverse("workbench:search"), {"q": PHONE})
    assert found.status_code == 200
    fan_out(NOW)
    deliver_due(NOW)

    print("PLANTED", flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    main()
