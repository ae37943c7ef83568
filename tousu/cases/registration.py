"""登记: a new case from any channel. The only way cases come into existence."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from tousu.categories.models import Category
from tousu.lib import validators
from tousu.orgs.models import CENTRE_KINDS, Unit
from tousu.orgs.staff import staff_of, unit_tree

from . import deadlines, numbering, severity, tracking
from .errors import AlreadyRegistered, Forbidden, InvalidInput
from .models import (
    Case,
    CaseEvent,
    Channel,
    Complainant,
    ContactChannel,
    Demand,
    Gender,
    Kind,
    OfficialRank,
    Respondent,
    RespondentType,
    Severity,
    SpecialIdentity,
    Status,
)
from .rights import INTAKE

MAX_REPRESENTATIVES = 3  # 第九条: 代表人数不得超过3人
MAX_COMPLAINANTS = 50
MAX_DEMANDS = 30
# Complainants who may have no resident ID and give another document's number (a passport).
OTHER_DOCUMENTS = (SpecialIdentity.FOREIGNER, SpecialIdentity.HMT_COMPATRIOT)


@dataclass
class NewComplainant:
    name: str = ""
    gender: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    organisation: str = ""
    special_identity: str = ""
    is_representative: bool = False


@dataclass
class NewRespondent:
    type: str = RespondentType.ORGANISATION
    name: str = ""
    address: str = ""
    legal_representative: str = ""
    responsible_person: str = ""
    phone: str = ""
    official_rank: str = ""


@dataclass
class NewCase:
    kind: str
    channel: str
    title: str
    content: str
    facts: str = ""
    anonymous: bool = False
    complainants: list[NewComplainant] = field(default_factory=list)
    party_count: int | None = None
    respondent: NewRespondent | None = None
    demands: list[str] = field(default_factory=list)
    category: str | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    occurred_at: datetime | None = None
    received_at: datetime | None = None
    severity: str | None = None
    safety: bool = False
    difficult: bool = False
    centre: str | None = None
    # Where the case came from, unique per channel (a higher platform's id): see AlreadyRegistered.
    external_id: str = ""
    # The citizen's query password (`cases.tracking.new_password()`), stored hashed; "" for none.
    query_password: str = ""
    # Where the case's messages to the citizen go when no complainant's phone serves (sms, email,
    # wechat, and the number, address or WeChat openid); kept even for an anonymous case.
    contact_channel: str = ""
    contact_address: str = ""


def _one_of(names: list[str]) -> str:
    """The message for a value outside a fixed list of API names (the names stay untranslated)."""
    return gettext("must be one of %(choices)s") % {"choices": ", ".join(names)}


def _too_long(limit: int) -> str:
    return gettext("is longer than %(limit)s characters") % {"limit": limit}


def _validate(new: NewCase, now: datetime) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if new.kind not in Kind.values:
        bad("kind", _one_of(Kind.values))
    if new.channel not in Channel.values:
        bad("channel", _one_of(Channel.values))
    if new.severity is not None and new.severity not in Severity.values:
        bad("severity", _one_of(Severity.values))
    if len(new.external_id) > 100:
        bad("external_id", _too_long(100))
    _validate_contact(new, bad)
    for name, value, limit in (
        ("title", new.title, 200),
        ("content", new.content, settings.TOUSU_TEXT_MAX_CHARS),
    ):
        if not value.strip():
            bad(name, gettext("is required"))
        elif len(value) > limit:
            bad(name, _too_long(limit))
    if len(new.facts) > settings.TOUSU_TEXT_MAX_CHARS:
        bad("facts", _too_long(settings.TOUSU_TEXT_MAX_CHARS))
    if len(new.address) > 300:
        bad("address", _too_long(300))
    if new.received_at is not None and new.received_at > now + timedelta(minutes=5):
        bad("received_at", gettext("must not be in the future"))
    if new.occurred_at is not None and new.occurred_at > now + timedelta(minutes=5):
        bad("occurred_at", gettext("must not be in the future"))
    if new.latitude is not None and not -90 <= new.latitude <= 90:
        bad("latitude", gettext("must be between %(min)s and %(max)s") % {"min": -90, "max": 90})
    if new.longitude is not None and not -180 <= new.longitude <= 180:
        bad(
            "longitude",
            gettext("must be between %(min)s and %(max)s") % {"min": -180, "max": 180},
        )
    if len(new.demands) > MAX_DEMANDS:
        bad("demands", gettext("at most %(max)s") % {"max": MAX_DEMANDS})
    if any(not d.strip() or len(d) > 2000 for d in new.demands):
        bad("demands", gettext("each demand is 1 to %(max)s characters") % {"max": 2000})
    _validate_parties(new, bad, now)
    return errors


def _validate_parties(new: NewCase, bad: Any, now: datetime) -> None:
    people = new.complainants
    if not new.anonymous and not any(p.name.strip() or p.phone.strip() for p in people):
        bad(
            "complainant",
            gettext("give a name or a phone number, or mark the case anonymous"),
        )
    if len(people) > MAX_COMPLAINANTS:
        bad(
            "complainants",
            gettext("at most %(max)s; give the number of parties instead")
            % {"max": MAX_COMPLAINANTS},
        )
    if sum(p.is_representative for p in people) > MAX_REPRESENTATIVES:
        bad(
            "complainants",
            gettext("at most %(max)s representatives") % {"max": MAX_REPRESENTATIVES},
        )
    for i, p in enumerate(people):
        where = "complainant" if len(people) == 1 else f"complainants[{i}]"
        if p.gender not in Gender.values:
            bad(f"{where}.gender", gettext("must be male, female or empty"))
        if p.special_identity not in SpecialIdentity.values:
            bad(f"{where}.special_identity", gettext("is not a known identity"))
        for name, limit in (
            ("name", 100),
            ("phone", 40),
            ("id_number", 40),
            ("address", 300),
            ("postcode", 10),
            ("organisation", 200),
        ):
            if len(getattr(p, name)) > limit:
                bad(f"{where}.{name}", _too_long(limit))
        _validate_numbers(p, where, bad, timezone.localdate(now))
    if new.party_count is not None and not 1 <= new.party_count <= 100000:
        bad(
            "party_count",
            gettext("must be between %(min)s and %(max)s") % {"min": 1, "max": 100000},
        )
    r = new.respondent
    if r is not None:
        if r.type not in RespondentType.values:
            bad("respondent.type", gettext("must be person or organisation"))
        if r.official_rank not in OfficialRank.values:
            bad("respondent.official_rank", gettext("is not a known rank"))
        # The column sizes of Respondent.
        for name, limit in (
            ("name", 200),
            ("address", 300),
            ("legal_representative", 100),
            ("responsible_person", 100),
            ("phone", 40),
        ):
            if len(getattr(r, name)) > limit:
                bad(f"respondent.{name}", _too_long(limit))
        # An organisation may be reached on its service number (95588); a caller may not.
        if len(r.phone) <= 40 and (problem := validators.phone_problem(r.phone, service=True)):
            bad("respondent.phone", problem)


def _validate_contact(new: NewCase, bad: Any) -> None:
    channel, address = new.contact_channel, new.contact_address.strip()
    if channel and channel not in ContactChannel.values:
        bad("contact_channel", _one_of(ContactChannel.values))
    elif channel and not address:
        bad("contact_address", gettext("is required"))
    elif address and not channel:
        bad("contact_channel", gettext("is required"))
    elif len(address) > 200:
        bad("contact_address", _too_long(200))
    elif channel == ContactChannel.SMS and (problem := validators.phone_problem(address)):
        bad("contact_address", problem)
    elif channel == ContactChannel.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            bad("contact_address", gettext("is not an e-mail address"))


def _validate_numbers(p: NewComplainant, where: str, bad: Any, today: date) -> None:
    """The phone and the ID number, when given and not too long already."""
    if len(p.phone) <= 40 and (problem := validators.phone_problem(p.phone)):
        bad(f"{where}.phone", problem)
    other = p.special_identity in OTHER_DOCUMENTS
    if len(p.id_number) <= 40 and (
        problem := validators.id_number_problem(p.id_number, today=today, other_documents=other)
    ):
        bad(f"{where}.id_number", problem)


def _centre_for(actor: Any, code: str | None) -> Unit:
    staff = staff_of(actor)
    tree = unit_tree()
    if staff.is_system:
        # The public channels (portal, e-mail, WeChat, SMS, Open311) register as `system`, for
        # the centre they name or else the one that takes the public's cases.
        code = code or settings.TOUSU_PUBLIC_CENTRE or None
        uid = tree.id_for_code(code) if code else _first_centre()
        if uid is None or tree.kind.get(uid) not in CENTRE_KINDS:
            raise InvalidInput.one("centre", gettext("no centre has this code"))
        return Unit.objects.get(pk=uid)
    if code is not None:
        uid = tree.id_for_code(code)
        if uid is None or tree.kind.get(uid) not in CENTRE_KINDS:
            raise InvalidInput.one("centre", gettext("no centre has this code"))
        if not staff.acts_as(INTAKE, uid):
            raise Forbidden(gettext("you may not register cases for this centre"))
        return Unit.objects.get(pk=uid)
    own = sorted(
        u for r in INTAKE for u in staff.roles.get(r, ()) if tree.kind.get(u) in CENTRE_KINDS
    )
    if not own:
        raise Forbidden(gettext("only centre staff may register cases"))
    return Unit.objects.get(pk=own[0])


def _first_centre() -> int | None:
    return (
        Unit.objects.filter(kind__in=CENTRE_KINDS, parent__isnull=True, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def validate(
    new: NewCase, now: datetime, *, categories: Collection[str] | None = None
) -> dict[str, list[str]]:
    """What `register` would refuse in `new`, field by field, writing nothing (a bulk import
    checks every row before it registers any). `categories`: the active category codes, when
    the caller checks many cases (one query for all of them, not one each)."""
    errors = _validate(new, now)
    if new.category:
        known = (
            new.category in categories
            if categories is not None
            else Category.objects.filter(code=new.category, is_active=True).exists()
        )
        if not known:
            errors.setdefault("category", []).append(gettext("no active category has this code"))
    return errors


def centre_for(actor: Any, code: str | None) -> Unit:
    """The centre `register` would register for: raises InvalidInput (no such centre) or
    Forbidden (the actor may not register there) as it would, before any case is tried."""
    return _centre_for(actor, code)


def register(new: NewCase, *, actor: Any, now: datetime) -> Case:
    """Validate everything first, then write the case and all its parts in one transaction."""
    errors = _validate(new, now)
    category = None
    if new.category:
        category = Category.objects.filter(code=new.category, is_active=True).first()
        if category is None:
            errors.setdefault("category", []).append(gettext("no active category has this code"))
    if errors:
        raise InvalidInput(errors)
    _not_registered_yet(new)
    centre = _centre_for(actor, new.centre)
    people = [] if new.anonymous else new.complainants
    party_count = new.party_count or max(len(people), 1)
    rank = new.respondent.official_rank if new.respondent else ""
    suggested, reasons = severity.suggest(
        identities=[p.special_identity for p in people],
        official_rank=rank,
        party_count=party_count,
        safety=new.safety,
        difficult=new.difficult,
    )
    chosen = new.severity or suggested
    received = new.received_at or now
    policy = deadlines.policy_for(new.kind, category.pk if category else None, chosen)
    accept_due = deadlines.after_workdays(received, policy.accept_days)
    case = Case(
        kind=new.kind,
        channel=new.channel,
        title=new.title.strip(),
        content=new.content.strip(),
        facts=new.facts.strip(),
        address=new.address.strip(),
        latitude=new.latitude,
        longitude=new.longitude,
        occurred_at=new.occurred_at,
        category=category,
        anonymous=new.anonymous,
        party_count=party_count,
        special_circumstances=new.safety,
        difficult=new.difficult,
        severity=chosen,
        suggested_severity=suggested,
        severity_reasons=reasons,
        severity_confirmed=new.severity is not None,
        centre=centre,
        received_at=received,
        registered_at=now,
        accept_due=accept_due,
        registered_by=actor,
        external_id=new.external_id.strip(),
        contact_channel=new.contact_channel,
        contact_address=_contact_address(new),
        query_password=tracking.hash_password(new.query_password) if new.query_password else "",
        status=Status.REGISTERED,
        **deadlines.tracking_fields(Status.REGISTERED, accept_due, None, None, policy),
    )
    # A collision (a tracking code — astronomically rare — or a number after the pattern was
    # changed) is retried with a fresh code and the next number.
    for _attempt in range(5):
        case.number = numbering.next_number(now)
        case.tracking_code = numbering.new_tracking_code()
        try:
            with transaction.atomic():
                case.save()
                _save_parts(case, new, people)
                CaseEvent.objects.create(
                    case=case,
                    verb="register",
                    actor=actor,
                    at=now,
                    from_status="",
                    to_status=Status.REGISTERED,
                    data={
                        "channel": case.channel,
                        "suggested_severity": suggested,
                        "severity_reasons": reasons,
                        "accept_days": policy.accept_days,  # what a deadline replay needs
                    },
                )
            return case
        except IntegrityError:
            case.pk = None
            _not_registered_yet(new)  # the same external id, registered a moment ago
            continue
    raise RuntimeError("could not allocate a unique case number")


def _contact_address(new: NewCase) -> str:
    address = new.contact_address.strip()
    if new.contact_channel == ContactChannel.SMS:
        return validators.clean_phone(address)
    return address


def _not_registered_yet(new: NewCase) -> None:
    external_id = new.external_id.strip()
    if external_id:
        found = (
            Case.objects.filter(channel=new.channel, external_id=external_id)
            .values_list("pk", flat=True)
            .first()
        )
        if found is not None:
            raise AlreadyRegistered(found)


def _save_parts(case: Case, new: NewCase, people: list[NewComplainant]) -> None:
    rows = []
    for position, p in enumerate(people, start=1):
        row = Complainant(
            case=case,
            position=position,
            is_representative=p.is_representative,
            name=p.name.strip(),
            gender=p.gender,
            id_number=validators.clean_id_number(p.id_number),
            phone=validators.clean_phone(p.phone),
            address=p.address.strip(),
            postcode=p.postcode.strip(),
            organisation=p.organisation.strip(),
            special_identity=p.special_identity,
        )
        row.refresh_indexes()
        rows.append(row)
    Complainant.objects.bulk_create(rows)
    if new.respondent is not None:
        r = new.respondent
        Respondent.objects.create(
            case=case,
            type=r.type,
            name=r.name.strip(),
            address=r.address.strip(),
            legal_representative=r.legal_representative.strip(),
            responsible_person=r.responsible_person.strip(),
            phone=validators.clean_phone(r.phone),
            official_rank=r.official_rank,
        )
    Demand.objects.bulk_create(
        Demand(case=case, position=i, text=t.strip()) for i, t in enumerate(new.demands, start=1)
    )
