"""Sanctions 通报批评 / 效能告诫 and manual adjustments: the only ways they are written (besides
the admin's adjustments). Each checks the actor's right (→ Forbidden), then the input
(→ InvalidInput naming the field), and writes nothing when refused."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from tousu.calendar import services as calendar
from tousu.cases.access import visible_cases
from tousu.cases.errors import Forbidden, InvalidInput
from tousu.orgs.models import CENTRE_KINDS, Role, Unit
from tousu.orgs.staff import Staff, staff_of

from .models import Adjustment, Ranking, Sanction, SanctionKind, frozen_month_refusal
from .months import first_of

MAX_CASES = 100
MAX_POINTS = Decimal("1000")
MAX_REASON = 500  # Adjustment.reason


def may_sanction(staff: Staff) -> bool:
    """A centre's director or deputy director (《县机关效能投诉中心工作规则》第十九条)."""
    return any(
        unit in staff.centre_scope
        for role in (Role.DIRECTOR, Role.DEPUTY)
        for unit in staff.roles.get(role, ())
    )


def may_adjust(staff: Staff) -> bool:
    """A centre's director or deputy, or an administrator."""
    return (
        staff.is_superuser
        or may_sanction(staff)
        or any(unit in staff.centre_scope for unit in staff.roles.get(Role.ADMIN, ()))
    )


def _handling_unit(unit: Unit) -> None:
    if unit.kind in CENTRE_KINDS:
        raise InvalidInput.one("unit", gettext("only a handling unit is assessed"))


def issue(
    unit: Unit,
    kind: str,
    *,
    actor: Any,
    now: datetime,
    reason: str,
    cases: Iterable[int] = (),
) -> Sanction:
    """通报批评 (kind "criticism") or 效能告诫 ("warning") of a handling unit, deducted in the
    month of `now`. `cases`: the related cases, each one the actor can see."""
    if not may_sanction(staff_of(actor)):
        raise Forbidden(gettext("only a centre's director or deputy director may issue sanctions"))
    _handling_unit(unit)
    problems: dict[str, list[str]] = {}
    if kind not in SanctionKind.values:
        problems["kind"] = [
            gettext("must be one of: %(values)s") % {"values": ", ".join(SanctionKind.values)}
        ]
    reason = (reason or "").strip()
    if not reason:
        problems["reason"] = [gettext("is required")]
    ids = sorted(set(cases))
    if len(ids) > MAX_CASES:
        problems["cases"] = [gettext("at most %(n)d cases") % {"n": MAX_CASES}]
    elif ids:
        seen = set(visible_cases(actor).filter(pk__in=ids).values_list("pk", flat=True))
        missing = [str(i) for i in ids if i not in seen]
        if missing:
            problems["cases"] = [gettext("no such case: %(ids)s") % {"ids": ", ".join(missing)}]
    if problems:
        raise InvalidInput(problems)
    return Sanction.objects.create(
        unit=unit, kind=kind, issued_at=now, issued_by=actor, reason=reason, cases=ids
    )


def adjust(
    unit: Unit,
    month: date,
    points: Decimal | int | float | str,
    *,
    actor: Any,
    now: datetime,
    reason: str,
) -> Adjustment:
    """Bonus points (negative: a manual deduction) for a unit in a month not yet frozen."""
    if not may_adjust(staff_of(actor)):
        raise Forbidden(
            gettext("only a centre's director, deputy director or administrator may adjust scores")
        )
    _handling_unit(unit)
    problems: dict[str, list[str]] = {}
    month = first_of(month)
    if month > first_of(calendar.local_date(now)):
        problems["month"] = [gettext("must not be a month to come")]
    try:
        value = Decimal(str(points))
        if not value.is_finite() or abs(value) > MAX_POINTS or value != round(value, 2):
            raise InvalidOperation
        if not value:
            problems["points"] = [gettext("must not be 0")]
    except InvalidOperation:
        problems["points"] = [
            gettext("must be a number of points between -1000 and 1000, with 2 decimals at most")
        ]
    reason = (reason or "").strip()
    if not reason:
        problems["reason"] = [gettext("is required")]
    elif len(reason) > MAX_REASON:
        problems["reason"] = [gettext("at most %(n)d characters") % {"n": MAX_REASON}]
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        if Ranking.objects.filter(month=month).exists():
            raise InvalidInput.one("month", frozen_month_refusal(month))
        return Adjustment.objects.create(
            unit=unit,
            month=month,
            points=value,
            reason=reason,
            entered_by=actor,
            entered_at=now,
        )
