"""Unit assessment 考核 (docs/assessment.md): the monthly ranking, a unit's history, its sanctions
(通报批评, 效能告诫) and adjustments.

Readers are the statistics' (`stats.access.reader_of`). A unit's leader reads their own unit's
row (its rank among all units), history, sanctions and adjustments; another unit does not exist
for them (404).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictInt, StrictStr, field_validator

from tousu.assessment import ranking, sanctions
from tousu.assessment.models import Adjustment, Sanction
from tousu.assessment.months import first_of, month_label, months_until, parse_month
from tousu.calendar import services as calendar
from tousu.cases.errors import Forbidden, InvalidInput
from tousu.orgs.models import CENTRE_KINDS, Unit
from tousu.stats import rollup
from tousu.stats.access import Reader, reader_of

from . import errors
from .output import iso
from .schemas import Strict

router = Router(tags=["assessment"])

CATCH_UP_LIMIT = 20000
LISTED = 200
# 403 for a caller who reads no statistics (or may not write this); 404 for a unit that is not
# a handling unit, or another unit's for a unit leader; 422 for a bad query or body.
LIST = (401, 403, 404)
READ = (401, 403, 404, 422)
WRITE = (400, 401, 403, 404, 413, 422)


def _reader(request: HttpRequest) -> Reader:
    reader = reader_of(request.user)
    if reader is None:
        raise Forbidden(gettext("you may not read the assessment"))
    return reader


def _unit(code: str, reader: Reader | None) -> Unit:
    """A handling unit the reader may read (a unit leader: only their own), else 404."""
    unit = Unit.objects.filter(code=code).exclude(kind__in=sorted(CENTRE_KINDS)).first()
    own = reader.units if reader is not None else None
    if unit is None or (own is not None and unit.pk not in own):
        raise Http404
    return unit


def _month(value: str) -> date:
    month = parse_month(value)
    if month is None:
        raise ValueError(gettext("must be a month, YYYY-MM"))
    return month


class MonthIn(Schema):
    month: str = Field(max_length=7)

    @field_validator("month")
    @classmethod
    def _valid(cls, value: str) -> str:
        _month(value)
        return value


class HistoryIn(Schema):
    months: int = Field(12, ge=1, le=36)


def _row_out(row: ranking.Row) -> dict[str, Any]:
    return {
        "unit": row.unit,
        "name": row.name,
        "score": row.score,
        "rank": row.rank,
        "figures": row.figures,
        "parts": row.parts,
    }


@router.get(
    "/assessment/rankings", response={200: dict[str, Any], (401, 403, 422): errors.ApiError}
)
def rankings(request: HttpRequest, params: Query[MonthIn]) -> dict[str, Any]:
    """The month's ranking, best first: as frozen, or computed now (`"frozen": false`)."""
    reader = _reader(request)
    month = _month(params.month)
    now = timezone.now()
    if month > first_of(calendar.local_date(now)):
        raise InvalidInput.one("month", gettext("must not be a month to come"))
    rollup.catch_up(now, limit=CATCH_UP_LIMIT)
    table = ranking.month_table(month, now)
    rows = table.rows
    if reader.units is not None:
        rows = [row for row in rows if row.unit_id in reader.units]
    scheme = table.scheme
    return {
        "month": month_label(month),
        "frozen": table.frozen,
        "computed_at": iso(table.computed_at),
        "scheme": None
        if scheme is None
        else {"id": scheme.pk, "name": scheme.name, "valid_from": month_label(scheme.valid_from)},
        "units": sum(1 for row in table.rows if row.rank is not None),
        "rows": [_row_out(row) for row in rows],
    }


@router.get(
    "/assessment/units/{code}/history", response={200: dict[str, Any], READ: errors.ApiError}
)
def history(request: HttpRequest, code: str, params: Query[HistoryIn]) -> dict[str, Any]:
    """The unit's score and rank in each of the last `months` months (this one included, as far
    as it has gone), oldest first."""
    unit = _unit(code, _reader(request))
    now = timezone.now()
    rollup.catch_up(now, limit=CATCH_UP_LIMIT)
    months = months_until(calendar.local_date(now), params.months)
    return {
        "unit": unit.code,
        "name": unit.name,
        "months": [
            {
                "month": month_label(m.month),
                "score": m.score,
                "rank": m.rank,
                "units": m.units,
                "frozen": m.frozen,
            }
            for m in ranking.history(unit.pk, months, now)
        ],
    }


# --- sanctions and adjustments -----------------------------------------------------------------

Reason = Annotated[StrictStr, Field(min_length=1, max_length=2000)]


class SanctionIn(Strict):
    kind: Literal["criticism", "warning"]
    reason: Reason
    cases: list[StrictInt] = Field(default_factory=list, max_length=sanctions.MAX_CASES)


def _sanction_out(s: Sanction) -> dict[str, Any]:
    return {
        "id": s.pk,
        "unit": s.unit.code,
        "kind": s.kind,
        "issued_at": iso(s.issued_at),
        "issued_by": s.issued_by.get_username(),
        "reason": s.reason,
        "cases": s.cases,
        "number": s.number,
    }


@router.post("/units/{code}/sanctions", response={201: dict[str, Any], WRITE: errors.ApiError})
def issue_sanction(request: HttpRequest, code: str, payload: SanctionIn) -> Status:
    """通报批评 (`criticism`) or 效能告诫 (`warning`): a centre's director or deputy only; deducted
    in the month issued."""
    unit = _unit(code, None)
    made = sanctions.issue(
        unit,
        payload.kind,
        actor=request.user,
        now=timezone.now(),
        reason=payload.reason,
        cases=payload.cases,
    )
    return Status(201, _sanction_out(made))


@router.get("/units/{code}/sanctions", response={200: dict[str, Any], LIST: errors.ApiError})
def unit_sanctions(request: HttpRequest, code: str) -> dict[str, Any]:
    """The unit's sanctions, newest first."""
    unit = _unit(code, _reader(request))
    rows = Sanction.objects.filter(unit=unit).select_related("unit", "issued_by")[:LISTED]
    return {"items": [_sanction_out(s) for s in rows]}


class AdjustmentIn(Strict):
    month: Annotated[StrictStr, Field(max_length=7)]
    points: Decimal = Field(ge=-1000, le=1000, max_digits=6, decimal_places=2)
    reason: Annotated[StrictStr, Field(min_length=1, max_length=sanctions.MAX_REASON)]

    @field_validator("month")
    @classmethod
    def _valid(cls, value: str) -> str:
        _month(value)
        return value


def _adjustment_out(a: Adjustment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "unit": a.unit.code,
        "month": month_label(a.month),
        "points": float(a.points),
        "reason": a.reason,
        "entered_by": a.entered_by.get_username() if a.entered_by else None,
        "entered_at": iso(a.entered_at),
    }


@router.post("/units/{code}/adjustments", response={201: dict[str, Any], WRITE: errors.ApiError})
def add_adjustment(request: HttpRequest, code: str, payload: AdjustmentIn) -> Status:
    """Bonus points (negative: a manual deduction) in a month not yet frozen: a centre's
    director, deputy or administrator."""
    unit = _unit(code, None)
    made = sanctions.adjust(
        unit,
        _month(payload.month),
        payload.points,
        actor=request.user,
        now=timezone.now(),
        reason=payload.reason,
    )
    return Status(201, _adjustment_out(made))


@router.get("/units/{code}/adjustments", response={200: dict[str, Any], LIST: errors.ApiError})
def unit_adjustments(request: HttpRequest, code: str) -> dict[str, Any]:
    """The unit's adjustments, latest month first."""
    unit = _unit(code, _reader(request))
    rows = Adjustment.objects.filter(unit=unit).select_related("unit", "entered_by")[:LISTED]
    return {"items": [_adjustment_out(a) for a in rows]}
