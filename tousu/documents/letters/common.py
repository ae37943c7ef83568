"""What the case letters share: what a letter rests on, the issue's number and date, the wording
of dates, demands, the complainant as the centre may print it, the salutation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import formats
from django.utils.translation import gettext

from tousu.calendar import services as calendar
from tousu.cases.access import CaseView
from tousu.cases.errors import NotAllowed
from tousu.cases.models import (
    UNIT_VISIBLE_ASSIGNMENT_STATES,
    Assignment,
    Case,
    Complainant,
    Gender,
)
from tousu.lib.masking import mask_address, mask_id_number, mask_name, mask_phone

from ..kinds import KINDS
from ..letter import Letter, Paragraph
from ..letterhead import Heading
from ..qr import QRCode


class NoLetter(NotAllowed):
    """The case has nothing for this letter yet (HTTP 409, code `no_document`, with the status)."""

    code = "no_document"


@dataclass(frozen=True)
class Basis:
    """What a letter is about: its register key ("assignment:12"; "" for one per case) and the
    row it reads (the transfer, the escalation, the event)."""

    key: str
    row: Any = None


@dataclass(frozen=True)
class Issue:
    """The letter's number and date (those of its first issue), its letterhead, and the QR code
    to the tracking page for a letter to the citizen."""

    number: str
    on: date
    heading: Heading
    qr: QRCode | None = None


@dataclass(frozen=True)
class Facts:
    """What a page has loaded anyway and says whether a letter can be had now, without a query:
    the case's transfers (all of them) and the verbs of its events the viewer sees."""

    transfers: Sequence[Assignment]
    verbs: frozenset[str]


@dataclass(frozen=True)
class CaseLetter:
    """One kind of case letter: who may have it, what it rests on (NoLetter → 409 when there is
    nothing yet), whether it can be had now (`ready`: what `basis` would find, from `Facts`), and
    how it is written."""

    kind: str
    # Handling units may have it too (the letter they received); else the centre's staff only.
    for_units: bool
    basis: Callable[[Case, CaseView], Basis]
    build: Callable[[Case, CaseView, Basis, Issue], Letter]
    ready: Callable[[Case, CaseView, Facts], bool]

    @property
    def label(self) -> str:
        return str(KINDS[self.kind].label)

    @property
    def for_citizen(self) -> bool:
        return KINDS[self.kind].for_citizen

    def may(self, view: CaseView) -> bool:
        """Whether this viewer (of a case it sees) may have this letter: the centre always; a
        unit, a letter it received."""
        return view.as_centre or self.for_units


def transfers_received(view: CaseView, transfers: Iterable[Assignment]) -> list[Assignment]:
    """The transfers that reached a unit (not the centre's own handling, not one waiting for
    sign-off), oldest first: all of them for the centre, its own for a unit."""
    return [
        t
        for t in transfers
        if not t.self_handled
        and t.state in UNIT_VISIBLE_ASSIGNMENT_STATES
        and (view.as_centre or t.unit_id in view.unit_ids)
    ]


def day(value: datetime | date | None) -> str:
    """A date as letters write it: 2026年3月2日 (March 2, 2026 in English); the centre's day."""
    if value is None:
        return "—"
    local = calendar.local_date(value) if isinstance(value, datetime) else value
    return str(formats.date_format(local, "DATE_FORMAT"))


def moment(value: datetime | None) -> str:
    """A date and time: 2026年3月2日 10:00 (March 2, 2026, 10 a.m. in English); the centre's."""
    if value is None:
        return "—"
    local = value.astimezone(calendar.time_zone())
    return str(formats.date_format(local, "DATETIME_FORMAT"))


def demands_text(case: Case) -> str:
    lines = [f"{d.position}. {d.text}" for d in case.demands.all().order_by("position")]
    return "\n".join(lines) or "—"


def representative(case: Case) -> Complainant | None:
    """The complainant a letter is addressed to: the representative, else the first."""
    if case.anonymous:
        return None
    people = list(case.complainants.all().order_by("position"))
    return next((c for c in people if c.is_representative), people[0] if people else None)


def masked_people(case: Case) -> str:
    """The complainants as the centre sees them — masked, never in full: one line each."""
    if case.anonymous:
        return gettext("Anonymous")
    lines = []
    for c in case.complainants.all().order_by("position"):
        parts = [mask_name(c.name) or "—"]
        if c.is_representative:
            parts[0] += " (" + gettext("representative") + ")"
        if c.phone:
            parts.append(gettext("phone") + " " + mask_phone(c.phone))
        if c.id_number:
            parts.append(gettext("ID number") + " " + mask_id_number(c.id_number))
        if c.address:
            parts.append(gettext("address") + " " + mask_address(c.address))
        if c.organisation:
            parts.append(c.organisation)
        lines.append(" · ".join(parts))
    return "\n".join(lines) or "—"


def salutation(case: Case) -> str:
    """张先生: / 张女士: / 张先生/女士: — the surname (the name's first character, what the masked
    name shows) and the gender when known; 投诉人: when the case is anonymous or has no name."""
    person = representative(case)
    name = (person.name or "").strip() if person is not None else ""
    if person is None or not name:
        return gettext("Dear complainant,")
    surname = name[0]
    if person.gender == Gender.MALE:
        return gettext("Dear Mr %(surname)s,") % {"surname": surname}
    if person.gender == Gender.FEMALE:
        return gettext("Dear Ms %(surname)s,") % {"surname": surname}
    return gettext("Dear Mr/Ms %(surname)s,") % {"surname": surname}


def contact_notes(heading: Heading) -> tuple[str, ...]:
    """The centre's contact, under a letter."""
    notes = []
    if heading.phone:
        notes.append(gettext("Contact phone: %(phone)s") % {"phone": heading.phone})
    if heading.address:
        address = heading.address
        if heading.postcode:
            address += " " + gettext("(postcode %(postcode)s)") % {"postcode": heading.postcode}
        notes.append(gettext("Address: %(address)s") % {"address": address})
    return tuple(notes)


def question_line(heading: Heading) -> str:
    if heading.phone:
        return gettext("For any question, please contact this centre at %(phone)s.") % {
            "phone": heading.phone
        }
    return gettext("For any question, please contact this centre.")


def qr_caption(issue: Issue) -> str:
    if issue.qr is None:
        return ""
    return gettext(
        "Scan the code or visit %(url)s, then enter the case number and your query password to "
        "follow the case."
    ) % {"url": issue.qr.url}


def case_values(case: Case) -> dict[str, str]:
    """What a letter to the citizen says of their case: kind, date received, number, title."""
    return {
        "kind": case.get_kind_display(),
        "date": day(case.received_at),
        "number": case.number,
        "title": case.title,
    }


def to_citizen(
    case: Case,
    issue: Issue,
    *,
    kind: str,
    title: str,
    opening: str,
    quoted: str,
    after: tuple[str, ...] = (),
    closing: str = "",
) -> Letter:
    """A letter to the complainant (reply, notice): the salutation, an opening sentence, the
    centre's words as written, the contact line, the tracking page's QR code."""
    return Letter(
        kind=kind,
        title=title,
        number=issue.number,
        heading=issue.heading,
        on=issue.on,
        case_number=case.number,
        addressee=salutation(case),
        blocks=(
            Paragraph(opening),
            Paragraph(quoted or "—", style="quote"),
            Paragraph(question_line(issue.heading)),
            *(Paragraph(text) for text in after),
        ),
        closing=closing,
        qr=issue.qr,
        qr_caption=qr_caption(issue),
        notes=contact_notes(issue.heading),
    )
