"""Statistics (docs/contract.md, "Statistics and documents"; the figures: docs/statistics.md).

Every answer first counts the events not yet counted (the worker does it every few seconds; a
request must not show numbers older than what it just did), then reads the rollup. Every number
lists its cases: `&list=<figure>` (and `&unit=<code>` for a unit's figure) → `{"items": [...]}`,
narrowed by the access gate like every list of cases.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from pydantic import Field, field_validator, model_validator

from tousu.assessment.scoring import ranked
from tousu.cases.access import visible_cases, with_views
from tousu.cases.errors import Forbidden, InvalidInput
from tousu.cases.models import Channel, Kind, Severity
from tousu.orgs.staff import unit_tree
from tousu.stats import query, rollup
from tousu.stats.access import Reader, reader_of

from . import errors
from .output import case_out

router = Router(tags=["statistics"])

# How many new events a request counts before answering (a backlog larger than this is the
# worker's; the answer then says how far it is current).
CATCH_UP_LIMIT = 20000
PAGE_SIZE = 50
COUNT_LIMIT = 1000


class StatsIn(Schema):
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    centre: str | None = Field(None, max_length=40)
    channel: str | None = None
    kind: str | None = None
    category: str | None = Field(None, max_length=40)
    severity: str | None = None
    list: str | None = Field(None, max_length=40)
    unit: str | None = Field(None, max_length=40)
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=200)

    @field_validator("channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        return _one_of(value, Channel.values)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str | None) -> str | None:
        return _one_of(value, Kind.values)

    @field_validator("severity")
    @classmethod
    def _severity(cls, value: str | None) -> str | None:
        return _one_of(value, Severity.values)

    @model_validator(mode="after")
    def _period(self) -> StatsIn:
        if self.end < self.start:
            raise ValueError(gettext("`to` must not be before `from`"))
        if (self.end - self.start).days > 3660:
            raise ValueError(gettext("the period must not be longer than ten years"))
        return self

    def filters(self) -> query.Filters:
        return query.Filters(
            start=self.start,
            end=self.end,
            centre=self.centre or None,
            channel=self.channel,
            kind=self.kind,
            category=self.category or None,
            severity=self.severity,
        )


def _one_of(value: str | None, allowed: list[str]) -> str | None:
    if value in (None, ""):
        return None
    if value not in allowed:
        raise ValueError(gettext("must be one of: %(values)s") % {"values": ", ".join(allowed)})
    return value


def _reader(request: HttpRequest) -> Reader:
    reader = reader_of(request.user)
    if reader is None:
        raise Forbidden(gettext("you may not read statistics"))
    return reader


def _catch_up() -> Any:
    now = timezone.now()
    rollup.catch_up(now, limit=CATCH_UP_LIMIT)
    return now


@router.get(
    "/stats/summary",
    response={200: dict[str, Any], (401, 403, 422): errors.ApiError},
)
def summary(request: HttpRequest, params: Query[StatsIn]) -> dict[str, Any]:
    """The cases received in the period: by kind, channel and category, what became of them."""
    reader = _reader(request)
    if not reader.centre_wide:
        raise Forbidden(gettext("a unit reads its own figures in the units table"))
    now = _catch_up()
    if params.list:
        return _named(lambda: _listed(request, params, reader, now))
    return _named(lambda: query.summary(params.filters(), reader.scope))


@router.get(
    "/stats/units",
    response={200: Any, (401, 403, 404, 422): errors.ApiError},
)
def units(request: HttpRequest, params: Query[StatsIn]) -> Any:
    """One row per handling unit, best rank first; a unit leader gets their own unit's row."""
    reader = _reader(request)
    now = _catch_up()
    if params.list:
        return _named(lambda: _listed(request, params, reader, now))
    f = params.filters()
    rows = ranked(
        _named(lambda: query.unit_figures(f, reader.scope, now)),
        params.start,
        params.end,
        filtered=f.narrowed,
    )
    if reader.units is not None:
        rows = [row for row in rows if unit_tree().id_for_code(row["unit"]) in reader.units]
    return rows


def _named[T](read: Callable[[], T]) -> T:
    """An unknown centre, category or unit in the query: 422 naming it."""
    try:
        return read()
    except query.UnknownFilter as exc:
        raise InvalidInput.one(exc.field, str(exc)) from exc


def _listed(request: HttpRequest, params: StatsIn, reader: Reader, now: Any) -> dict[str, Any]:
    assert params.list is not None
    if reader.units is not None:
        own = params.unit and unit_tree().id_for_code(params.unit) in reader.units
        if not own:  # another unit's cases do not exist for this reader
            raise Http404
    qs = query.cases_behind(
        params.list, params.filters(), reader.scope, now, unit=params.unit or None
    )
    qs = qs & visible_cases(request.user)  # the gate's conditions in the same WHERE
    start = (params.page - 1) * params.page_size
    # Counted up to 1,000 (or the page asked for), as the queue lists: the exact number is the
    # one on the report; no ORDER BY inside, so the database stops at the limit.
    limit = max(COUNT_LIMIT, start + params.page_size)
    total = qs.order_by().values("pk")[: limit + 1].count()
    rows = with_views(
        qs.select_related("category", "unit", "centre").prefetch_related("complainants")[
            start : start + params.page_size
        ],
        request.user,
    )
    return {
        "items": [case_out(c, request.user, now) for c in rows],
        "total": min(total, limit),
        "total_is_at_least": total > limit,
        "page": params.page,
        "page_size": params.page_size,
    }
