"""The monthly report (`/stats/report.pdf|xlsx?month=YYYY-MM`, the contract) and the half-yearly
bulletin (`/stats/bulletin.docx?year=YYYY&half=1|2`): files built from the statistics, for the
centre's readers (docs/statistics.md, docs/documents.md)."""

from __future__ import annotations

import re
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from pydantic import Field, field_validator

from tousu.cases.errors import Forbidden
from tousu.documents.reports import bulletin, monthly
from tousu.orgs.models import CENTRE_KINDS, Unit
from tousu.stats import rollup
from tousu.stats.access import Reader, reader_of

from . import errors

router = Router(tags=["statistics"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CATCH_UP_LIMIT = 20000


class MonthIn(Schema):
    month: str = Field(max_length=7)

    @field_validator("month")
    @classmethod
    def _month(cls, value: str) -> str:
        if not re.fullmatch(r"\d{4}-\d{2}", value) or not 1 <= int(value[5:]) <= 12:
            raise ValueError(gettext("must be a month as YYYY-MM"))
        return value

    def first_day(self) -> date:
        return date(int(self.month[:4]), int(self.month[5:]), 1)


class HalfIn(Schema):
    year: int = Field(ge=2000, le=2100)
    half: int = Field(ge=1, le=2)


def _reader(request: HttpRequest) -> Reader:
    reader = reader_of(request.user)
    if reader is None or not reader.centre_wide:
        raise Forbidden(gettext("you may not read the centre's reports"))
    return reader


def _centre(reader: Reader) -> Unit:
    """Whose letterhead the report carries: the topmost centre the reader reads."""
    centres = Unit.objects.filter(kind__in=CENTRE_KINDS).order_by("pk")
    if reader.scope.centres is not None:
        centres = centres.filter(pk__in=reader.scope.centres)
    rows = list(centres)
    ids = {u.pk for u in rows}
    return next((u for u in rows if u.parent_id not in ids), rows[0])


def _file(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/stats/report.pdf", response={(401, 403, 422): errors.ApiError})
def report_pdf(request: HttpRequest, params: Query[MonthIn]) -> HttpResponse:
    """The monthly report as a PDF, with charts."""
    reader = _reader(request)
    now = timezone.now()
    rollup.catch_up(now, limit=CATCH_UP_LIMIT)
    report = monthly.build(params.first_day(), reader.scope, _centre(reader), now)
    return _file(monthly.render_pdf(report), "application/pdf", f"report-{params.month}.pdf")


@router.get("/stats/report.xlsx", response={(401, 403, 422): errors.ApiError})
def report_xlsx(request: HttpRequest, params: Query[MonthIn]) -> HttpResponse:
    """The monthly report's tables as a workbook, one sheet each."""
    reader = _reader(request)
    now = timezone.now()
    rollup.catch_up(now, limit=CATCH_UP_LIMIT)
    report = monthly.build(
        params.first_day(), reader.scope, _centre(reader), now, with_charts=False
    )
    return _file(monthly.render_xlsx(report), XLSX, f"report-{params.month}.xlsx")


@router.get("/stats/bulletin.docx", response={(401, 403, 422): errors.ApiError})
def bulletin_docx(request: HttpRequest, params: Query[HalfIn]) -> HttpResponse:
    """The half-yearly bulletin 情况通报: a Word draft for the leaders to edit."""
    reader = _reader(request)
    now = timezone.now()
    rollup.catch_up(now, limit=CATCH_UP_LIMIT)
    data = bulletin.render(params.year, params.half, reader.scope, _centre(reader), now)
    return _file(data, DOCX, f"bulletin-{params.year}-H{params.half}.docx")
