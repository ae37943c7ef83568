"""A unit's letters on the assessment's sanctions (《县机关效能投诉中心工作规则》第十九条):
效能告诫书 to the unit warned, 通报批评 circulated to every handling unit. Numbered in their own
series at their first download (the sanction keeps its number), with the issuing centre's
letterhead and seal.

They name the related cases by number and title only — never a complainant: a circular goes to
every unit, and a unit never learns who complained about it from a letter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from tousu.assessment.models import Sanction, SanctionKind
from tousu.calendar import services as calendar
from tousu.cases.models import Case
from tousu.orgs.models import CENTRE_KINDS, Role, Unit
from tousu.orgs.staff import staff_of
from tousu.stats.access import reader_of

from . import numbering
from .letter import Fields, Letter, Paragraph, Section, to_docx, to_pdf
from .letterhead import heading_for
from .letters.common import contact_notes, day
from .service import FORMATS, Rendered, UnknownDocument


def may_read(user: Any, sanction: Sanction) -> bool:
    """The centre's readers of the assessment, and the leader of the unit concerned."""
    reader = reader_of(user)
    if reader is None:
        return False
    return reader.units is None or sanction.unit_id in reader.units


def produce(user: Any, sanction: Sanction, fmt: str, *, now: datetime) -> Rendered:
    if fmt not in FORMATS:
        raise UnknownDocument(fmt)
    basis = f"sanction:{sanction.pk}"
    with transaction.atomic():
        row, _created = numbering.issue(sanction.kind, basis=basis, actor=user, now=now)
        Sanction.objects.filter(pk=sanction.pk, number="").update(number=row.number)
        letter = build(sanction, row.number, calendar.local_date(row.issued_at))
    data = to_pdf(letter) if fmt == "pdf" else to_docx(letter, None)
    return Rendered(data, FORMATS[fmt], f"{sanction.unit.code}-{sanction.kind}-{sanction.pk}.{fmt}")


def _issuing_centre(sanction: Sanction) -> Unit:
    """The centre whose director or deputy issued it (the topmost of theirs), else the first
    centre."""
    staff = staff_of(sanction.issued_by)
    mine = {u for role in (Role.DIRECTOR, Role.DEPUTY) for u in staff.roles.get(role, ())}
    centres = list(Unit.objects.filter(kind__in=CENTRE_KINDS).order_by("pk"))
    own = [u for u in centres if u.pk in mine] or centres
    ids = {u.pk for u in own}
    return next((u for u in own if u.parent_id not in ids), own[0])


def build(sanction: Sanction, number: str, on: Any) -> Letter:
    heading = heading_for(_issuing_centre(sanction))
    unit = sanction.unit.name
    cases = list(
        Case.objects.filter(pk__in=sanction.cases)
        .order_by("received_at")
        .values_list("number", "title", "received_at")
    )
    values = {"unit": unit, "date": day(sanction.issued_at)}
    blocks: list[Paragraph | Section | Fields] = []
    if sanction.kind == SanctionKind.WARNING:
        title = gettext("Letter of efficiency warning")
        addressee = gettext("%(unit)s:") % {"unit": unit}
        blocks.append(
            Paragraph(
                gettext(
                    "This centre has found the following problems in your unit's handling of "
                    "the complaints it was sent:"
                )
            )
        )
        blocks.append(Paragraph(sanction.reason, style="quote"))
        _cases(blocks, cases)
        blocks.append(
            Paragraph(
                gettext(
                    "In accordance with the working rules of the efficiency complaint centre, "
                    "this centre hereby gives your unit an efficiency warning. Please correct "
                    "these problems seriously and report in writing to this centre on what was "
                    "done within fifteen working days of receiving this letter."
                )
            )
        )
        closing = gettext("This letter is sent for your handling.")
    else:
        title = gettext("Circular of criticism")
        addressee = gettext("To every handling unit:")
        blocks.append(
            Paragraph(
                gettext(
                    "On examination, %(unit)s showed the following problems in handling the "
                    "complaints it was sent:"
                )
                % values
            )
        )
        blocks.append(Paragraph(sanction.reason, style="quote"))
        _cases(blocks, cases)
        blocks.append(
            Paragraph(
                gettext(
                    "This centre has decided to circulate a criticism of %(unit)s. %(unit)s is "
                    "to correct these problems at once; every unit is to learn from them, check "
                    "its own handling of complaints, and answer the public on time and in earnest."
                )
                % values
            )
        )
        closing = gettext("This circular is issued for your information.")
    return Letter(
        kind=sanction.kind,
        title=title,
        number=number,
        heading=heading,
        on=on,
        addressee=addressee,
        blocks=tuple(blocks),
        closing=closing,
        notes=contact_notes(heading),
    )


def _cases(blocks: list[Paragraph | Section | Fields], cases: list[tuple[str, str, Any]]) -> None:
    if not cases:
        return
    blocks.append(Section(gettext("Cases concerned")))
    blocks.append(
        Fields(tuple((number, f"{title} · {day(received)}") for number, title, received in cases))
    )
