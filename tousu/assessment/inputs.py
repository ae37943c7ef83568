"""What the formula reads besides the statistics' unit figures: the scheme in force, and per unit
the upheld complaints about it, its sanctions and its adjustments in the period. A few queries
for all units together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum

from tousu.cases.models import Case, Kind, Status

from . import formula
from .models import Adjustment, Sanction, SanctionKind, Scheme
from .months import first_of, local_bounds

# An upheld complaint about a unit: a complaint or report whose respondent is named exactly as
# the unit, found justified (有理), closed in the period (the final word: a case reopened and
# closed again counts in the month it was closed last). docs/assessment.md explains why by name.
UPHELD_KINDS = (Kind.COMPLAINT, Kind.REPORT)
UPHELD_STATUSES = (Status.CLOSED, Status.ARCHIVED)


def scheme_at(day: date) -> Scheme | None:
    """The scheme in force in the month of `day`: the one with the latest first month not after
    it."""
    return (
        Scheme.objects.filter(valid_from__lte=first_of(day))
        .order_by("-valid_from")
        .prefetch_related("items", "deductions")
        .first()
    )


def spec_of(scheme: Scheme) -> formula.Spec:
    return formula.Spec(
        scheme_id=scheme.pk,
        name=scheme.name,
        valid_from=scheme.valid_from,
        base=scheme.base,
        items=tuple(
            formula.ItemRule(i.figure, i.points, i.cap, i.when_empty)
            for i in sorted(scheme.items.all(), key=lambda i: i.pk)
        ),
        deductions=tuple(
            formula.DeductionRule(d.basis, d.points, d.cap)
            for d in sorted(scheme.deductions.all(), key=lambda d: d.pk)
        ),
    )


def extras(units: Iterable[tuple[int, str]], start: date, end: date) -> dict[int, formula.Extra]:
    """Per unit id (the units given as (id, name)), what it counts in the period besides the
    statistics."""
    units = list(units)
    ids = [uid for uid, _name in units]
    since, until = local_bounds(start, end)
    upheld_by_name = dict(
        Case.objects.filter(
            kind__in=UPHELD_KINDS,
            status__in=UPHELD_STATUSES,
            justified=True,
            closed_at__gte=since,
            closed_at__lt=until,
            respondent__name__in=sorted({name for _uid, name in units}),
        )
        .values_list("respondent__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    sanctions: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, kind, n in (
        Sanction.objects.filter(unit_id__in=ids, issued_at__gte=since, issued_at__lt=until)
        .values_list("unit_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        sanctions[unit_id][kind] = n
    adjustments = dict(
        Adjustment.objects.filter(unit_id__in=ids, month__gte=first_of(start), month__lte=end)
        .values_list("unit_id")
        .annotate(total=Sum("points"))
        .order_by()
    )
    return {
        uid: formula.Extra(
            upheld_complaints=int(upheld_by_name.get(name, 0)),
            criticisms=sanctions[uid].get(SanctionKind.CRITICISM, 0),
            warnings=sanctions[uid].get(SanctionKind.WARNING, 0),
            adjustments=Decimal(adjustments.get(uid) or 0),
        )
        for uid, name in units
    }
