"""登记表: the case's fields as the centre sees them — the complainant masked, never in full."""

from __future__ import annotations

from django.utils.translation import gettext

from tousu.cases.access import CaseView
from tousu.cases.models import Case, Respondent, Status

from ..letter import Fields, Letter, Paragraph
from .common import Basis, CaseLetter, Facts, Issue, day, demands_text, masked_people, moment


def basis(case: Case, view: CaseView) -> Basis:
    return Basis("")  # one per case: its number stays while the case's fields change


def _respondent(case: Case) -> str:
    try:
        r = case.respondent
    except Respondent.DoesNotExist:
        return "—"
    parts = [r.name or "—"]
    if r.address:
        parts.append(r.address)
    if r.legal_representative:
        parts.append(gettext("legal representative") + " " + r.legal_representative)
    if r.responsible_person:
        parts.append(gettext("responsible person") + " " + r.responsible_person)
    if r.phone:
        parts.append(gettext("phone") + " " + r.phone)
    return " · ".join(parts)


def build(case: Case, view: CaseView, basis: Basis, issue: Issue) -> Letter:
    severity = case.get_severity_display()
    if not case.severity_confirmed:
        severity += " (" + gettext("suggested") + ")"
    rows = (
        (gettext("case number"), case.number),
        (gettext("received at"), moment(case.received_at)),
        (gettext("channel"), case.get_channel_display()),
        (gettext("kind"), case.get_kind_display()),
        (gettext("severity"), severity),
        (gettext("category"), case.category.name if case.category else "—"),
        (gettext("complainant"), masked_people(case)),
        (gettext("number of complainants"), str(case.party_count)),
        (gettext("respondent"), _respondent(case)),
        (gettext("title"), case.title),
        (gettext("matter"), case.content),
        (gettext("facts and reasons"), case.facts or "—"),
        (gettext("demands"), demands_text(case)),
        (gettext("address of the matter"), case.address or "—"),
        (gettext("handling unit"), case.unit.name if case.unit else "—"),
        (gettext("status"), str(Status(case.status).label)),
        (gettext("accept by"), day(case.accept_due)),
        (gettext("handle by"), day(case.handle_due)),
        (gettext("registered at"), moment(case.registered_at)),
    )
    return Letter(
        kind="registration",
        title=gettext("Registration form"),
        number=issue.number,
        heading=issue.heading,
        on=issue.on,
        case_number=case.number,
        blocks=(Fields(rows), Paragraph(gettext("Personal data masked."), style="plain")),
        signature_lines=(
            gettext("Received by") + " ____________    " + gettext("Date") + " ____________",
            gettext("Reviewed by") + " ____________    " + gettext("Date") + " ____________",
        ),
        template="documents/form.html",
    )


def ready(case: Case, view: CaseView, facts: Facts) -> bool:
    return True


LETTER = CaseLetter("registration", for_units=False, basis=basis, build=build, ready=ready)
