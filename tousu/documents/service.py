"""A case's letters, for one user: which they may have, and producing one as PDF or Word.

The caller has loaded the case through the access gate (a case the user cannot see is a 404
before this). Then: a letter the user may not have → `Forbidden` (403); one the case has nothing
for yet → `NotAllowed` (409); else the letter, numbered. Its first issue allocates the number and
writes the case's "issue_document" event in the transaction that renders it (see
`numbering.py`); every later download shows the same number and date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from tousu.calendar import services as calendar
from tousu.cases.access import CaseView, view_of
from tousu.cases.errors import Forbidden
from tousu.cases.models import Assignment, Case, CaseEvent

from . import numbering
from .docx import DOCX_TYPE, TemplateProblem
from .letter import to_docx, to_pdf
from .letterhead import Heading, heading_for
from .letters import CASE_LETTERS, Basis, CaseLetter, Facts, Issue
from .models import IssuedDocument, WordTemplate
from .pdf import PDF_TYPE
from .qr import QRCode, track_url

log = logging.getLogger("tousu.documents")

FORMATS = {"pdf": PDF_TYPE, "docx": DOCX_TYPE}


class UnknownDocument(LookupError):
    """No such letter, or no such format (→ 404)."""


@dataclass(frozen=True)
class Rendered:
    data: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class Offer:
    """A letter the user may download now."""

    name: str
    label: str


def case_letter(name: str, fmt: str = "pdf") -> CaseLetter:
    spec = CASE_LETTERS.get(name)
    if spec is None or fmt not in FORMATS:
        raise UnknownDocument(name)
    return spec


def offered(
    user: Any, case: Case, view: CaseView | None = None, facts: Facts | None = None
) -> list[Offer]:
    """The letters of this case the user may download now (the workbench's documents box). A
    page that has the case's transfers and events at hand passes them as `facts`: then this
    costs no query."""
    view = view or view_of(user, case)
    if facts is None:
        facts = Facts(
            transfers=list(Assignment.objects.filter(case=case).order_by("id")),
            verbs=frozenset(CaseEvent.objects.filter(case=case).values_list("verb", flat=True)),
        )
    return [
        Offer(spec.kind, spec.label)
        for spec in CASE_LETTERS.values()
        if spec.may(view) and spec.ready(case, view, facts)
    ]


def produce(
    user: Any, case: Case, name: str, fmt: str, *, now: datetime, request_base: str = ""
) -> Rendered:
    """The letter `name` of `case` as `fmt` ("pdf" or "docx"), numbered. `request_base`: the
    address of the request (scheme and host), for the QR code when `TOUSU_PUBLIC_URL` is unset."""
    spec = case_letter(name, fmt)
    view = view_of(user, case)
    if not spec.may(view):
        raise Forbidden(gettext("you may not have this document of this case"))
    basis = spec.basis(case, view)
    heading = heading_for(case.centre)
    template = _word_template(name) if fmt == "docx" else None
    found = numbering.issued(name, case=case, basis=basis.key)
    if found is not None:
        return _render(spec, case, view, basis, found, heading, fmt, template, request_base)
    with transaction.atomic():
        row, _created = numbering.issue(name, case=case, basis=basis.key, actor=user, now=now)
        return _render(spec, case, view, basis, row, heading, fmt, template, request_base)


def _render(
    spec: CaseLetter,
    case: Case,
    view: CaseView,
    basis: Basis,
    row: IssuedDocument,
    heading: Heading,
    fmt: str,
    template: bytes | None,
    request_base: str,
) -> Rendered:
    qr = QRCode(track_url(request_base)) if spec.for_citizen else None
    issue = Issue(row.number, calendar.local_date(row.issued_at), heading, qr)
    letter = spec.build(case, view, basis, issue)
    if fmt == "pdf":
        data = to_pdf(letter)
    else:
        try:
            data = to_docx(letter, template)
        except TemplateProblem as exc:
            # Checked when it was uploaded; should it fail anyway, the built-in layout serves.
            log.warning("documents: the Word template of %s failed (%s)", spec.kind, exc)
            data = to_docx(letter, None)
    return Rendered(data, FORMATS[fmt], f"{case.number}-{spec.kind}.{fmt}")


def _word_template(kind: str) -> bytes | None:
    row = WordTemplate.objects.filter(kind=kind).first()
    if row is None or not row.file:
        return None
    try:
        with row.file.open("rb") as f:
            return bytes(f.read())
    except OSError:
        log.warning("documents: the Word template of %s is missing its file", kind)
        return None
