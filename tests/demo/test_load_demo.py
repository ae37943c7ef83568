"""The demo centre: `tousu load-demo` gives the contract's accounts and cases in every status."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F
from django.test import Client
from django.utils import timezone

from tousu.api.models import ApiToken
from tousu.cases.models import (
    FINAL_STATUSES,
    Assignment,
    Case,
    CaseEvent,
    Complainant,
    Status,
)
from tousu.categories.models import Category
from tousu.demo.accounts import describe_accounts
from tousu.orgs.models import Delegation, Membership, Role, StaffProfile, Unit
from tousu.orgs.staff import has_signoff_delegation, staff_of
from tousu.stats.models import Progress

# username -> (unit code, roles) as the contract names them.
CONTRACT: dict[str, tuple[str, set[str]]] = {
    "admin": ("centre", {Role.ADMIN}),
    "director": ("centre", {Role.DIRECTOR}),
    "deputy": ("centre", {Role.DEPUTY}),
    "clerk": ("centre", {Role.CLERK, Role.DISPATCHER}),
    "supervisor": ("centre", {Role.SUPERVISOR}),
    "analyst": ("centre", {Role.ANALYST}),
    "unit_a_handler": ("housing", {Role.HANDLER}),
    "unit_a_leader": ("housing", {Role.UNIT_LEADER}),
    "unit_b_handler": ("market", {Role.HANDLER}),
    "unit_b_leader": ("market", {Role.UNIT_LEADER}),
}
MODELS: list[Any] = [
    Unit,
    Membership,
    StaffProfile,
    Delegation,
    Category,
    Case,
    CaseEvent,
    Assignment,
    Complainant,
]


def _load(cases: int = 120, history: int = 24) -> str:
    out = io.StringIO()
    call_command("load_demo", cases=cases, history=history, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts["User"] = get_user_model().objects.count()
    return counts


def test_load_demo_gives_the_contract_accounts_every_status_and_is_idempotent(db: Any) -> None:
    output = _load()
    assert "144 generated" in output  # the last month's 120 and the year before's 24

    # The contract's accounts, with the documented password and their roles.
    User = get_user_model()
    for username, (unit_code, roles) in CONTRACT.items():
        user = User.objects.get(username=username)
        assert user.check_password(settings.TOUSU_DEMO_PASSWORD), username
        assert user.staff_profile.display_name
        held = set(
            Membership.objects.filter(user=user, unit__code=unit_code).values_list(
                "role", flat=True
            )
        )
        assert roles <= held, username
    assert User.objects.get(username="admin").is_superuser
    deputy = User.objects.get(username="deputy")
    assert has_signoff_delegation(deputy.pk, timezone.now())
    backup = Membership.objects.get(user__username="unit_a_backup")
    assert (backup.unit.code, backup.role, backup.slot) == ("housing", Role.HANDLER, "B")

    # Every status, several times; some overdue, some due soon, some awaiting an extension.
    by_status = dict(Case.objects.values_list("status").annotate(n=Count("id")))
    assert {s: by_status.get(s, 0) for s in Status.values if by_status.get(s, 0) < 3} == {}
    now = timezone.now()
    assert Case.objects.filter(current_due__lt=now).exists()
    assert Case.objects.filter(warn_at__lte=now, current_due__gte=now).exists()
    assert Case.objects.filter(status=Status.HANDLING, extension_pending=True).exists()
    assert Case.objects.filter(party_count__gte=3).exists()
    assert Case.objects.filter(anonymous=True).exists()
    assert not CaseEvent.objects.filter(at__gt=now).exists()
    assert not Case.objects.filter(received_at__gt=now).exists()

    # The year before: ended cases, each handled within weeks of its receipt, and counted.
    past = Case.objects.filter(received_at__lt=now - timedelta(days=31))
    assert past.count() == 24
    assert past.filter(status__in=FINAL_STATUSES).count() == 24
    assert not CaseEvent.objects.filter(
        case__in=past, at__gt=F("case__received_at") + timedelta(days=25)
    ).exists()
    assert Progress.objects.get().last_event_id == CaseEvent.objects.order_by("-pk")[0].pk
    assert f"Statistics: {CaseEvent.objects.count()} events counted." in output

    # Running again changes nothing.
    before = _counts()
    assert "none added" in _load()
    assert _counts() == before

    # The clerk signs in with an API token and lists the centre's cases.
    _row, secret = ApiToken.issue(User.objects.get(username="clerk"))
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    me = client.get("/api/v1/me").json()
    assert {"clerk", "dispatcher"} <= set(me["roles"])
    listing = client.get("/api/v1/cases")
    assert listing.status_code == 200
    assert listing.json()["total"] == Case.objects.count()
    handling = client.get("/api/v1/cases", {"status": "handling"}).json()
    assert handling["total"] == by_status[Status.HANDLING]

    # Unit A's handler sees only what reached unit A.
    _row, secret = ApiToken.issue(User.objects.get(username="unit_a_handler"))
    unit_a = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/cases").json()
    assert 0 < unit_a["total"] < Case.objects.count()
    assert staff_of(User.objects.get(username="unit_a_handler")).handling_units


def test_describe_accounts_lists_every_contract_account_and_the_password() -> None:
    text = describe_accounts("http://127.0.0.1:8000/")
    assert settings.TOUSU_DEMO_PASSWORD in text
    assert "http://127.0.0.1:8000/" in text
    for username in CONTRACT:
        assert f" {username} " in text
    assert "受理员" in text and "clerk" in text
