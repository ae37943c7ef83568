"""POST /requests: an Open311 client's request becomes a case of the channel `open311`.

The reporter's name, phone and e-mail become the complainant (or the contact for replies) like
on any channel, sealed and never shown in the public list. The case's title is built from the
service's name — and the address where the service publishes locations — never from what the
reporter wrote, because the title is the `description` the public list shows; what they wrote
is the case's content.

A client that posts the same request again (a retry after a timeout: same key, same fields, the
same day) gets the same answer and no second case: the request counts once, through
`intake.receiving.once`, under a hash of its fields."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext

from tousu.cases.errors import InvalidInput
from tousu.cases.models import Case, Channel, ContactChannel
from tousu.cases.registration import NewCase, NewComplainant, register
from tousu.intake.models import Outcome
from tousu.intake.receiving import once
from tousu.orgs.staff import system_user

from .catalogue import Open311Error, find
from .models import ApiKey, Service, hash_key

log = logging.getLogger("tousu.intake.open311")

# The fields of the specification's POST that Tousu reads (the rest, e.g. attributes, is ignored).
FIELDS = (
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
)
_TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class Submitted:
    number: str
    token: str
    first: bool  # False: the same request had been posted before


def authorised(api_key: str, now: datetime) -> ApiKey:
    row = (
        ApiKey.objects.filter(key_hash=hash_key(api_key), revoked=False).first()
        if api_key
        else None
    )
    if row is None:
        raise Open311Error(403, gettext("api_key: missing, unknown or revoked"))
    if row.last_used_at is None or now - row.last_used_at > _TOUCH_EVERY:
        ApiKey.objects.filter(pk=row.pk).update(last_used_at=now)
    return row


def submit(params: QueryDict, key: ApiKey, now: datetime) -> Submitted:
    values = {name: params.get(name, "").strip() for name in FIELDS}
    for name, value in values.items():
        if "\x00" in value:
            raise Open311Error(400, f"{name}: " + gettext("must not contain NUL characters"))
    service = find(values["service_code"]) if values["service_code"] else None
    if service is None:
        problem = (
            gettext("is required") if not values["service_code"] else gettext("no such service")
        )
        raise Open311Error(400, f"service_code: {problem}")
    new = _new_case(values, service)
    digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()
    message_id = f"k{key.pk}:{timezone.localdate(now).isoformat()}:{digest}"

    def handle() -> tuple[str, Case | None, str]:
        case = register(new, actor=system_user(), now=now)
        return Outcome.REGISTERED, case, f"key {key.prefix}"

    try:
        handled = once(Channel.OPEN311, message_id, now, handle)
    except InvalidInput as exc:
        raise Open311Error(
            400, *(f"{_spec_name(f)}: {' '.join(m)}" for f, m in exc.fields.items())
        ) from None
    assert handled.case_id is not None  # `handle` registers a case or raises
    number, token = Case.objects.filter(pk=handled.case_id).values_list("number", "external_id")[0]
    log.info(
        "open311 request from key %s: case %s%s",
        key.prefix,
        number,
        "" if handled.first else " (posted again: the same case)",
    )
    return Submitted(number=number, token=token, first=handled.first)


def _new_case(values: dict[str, str], service: Service) -> NewCase:
    latitude, longitude = _point(values["lat"], values["long"])
    address = values["address_string"] or (
        gettext("address id %(id)s") % {"id": values["address_id"]} if values["address_id"] else ""
    )
    if latitude is None and not address:
        raise Open311Error(
            400, gettext("a location is required: lat and long, address_string or address_id")
        )
    name = _full_name(values["first_name"], values["last_name"])
    phone, email = values["phone"], values["email"]
    title = service.category.name
    if service.publish_location and values["address_string"]:
        title = f"{title}（{values['address_string']}）"
    content = values["description"] or service.category.name
    if values["media_url"]:
        content += "\n\n" + gettext("Photo or video: %(url)s") % {"url": values["media_url"]}
    return NewCase(
        kind=service.kind,
        channel=Channel.OPEN311,
        title=title[:200],
        content=content,
        anonymous=not (name or phone),
        complainants=[NewComplainant(name=name, phone=phone)] if name or phone else [],
        category=service.category.code,
        address=address,
        latitude=latitude,
        longitude=longitude,
        # Replies reach a reporter without a phone by e-mail.
        contact_channel=ContactChannel.EMAIL if email and not phone else "",
        contact_address=email if not phone else "",
        # The token by which the client may ask for the number (GET tokens/{token}).
        external_id=uuid.uuid4().hex,
    )


def _point(lat: str, long: str) -> tuple[Decimal | None, Decimal | None]:
    if not lat and not long:
        return None, None
    if not lat or not long:
        raise Open311Error(400, gettext("lat and long: give both or neither"))
    try:
        latitude, longitude = Decimal(lat), Decimal(long)
    except InvalidOperation:
        latitude = longitude = Decimal("NaN")
    if not (latitude.is_finite() and longitude.is_finite()):
        raise Open311Error(400, gettext("lat and long: must be decimal degrees"))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Open311Error(400, gettext("lat and long: outside the earth's ranges"))
    # The case keeps six decimals (about 10 cm).
    step = Decimal("0.000001")
    return latitude.quantize(step), longitude.quantize(step)


def _full_name(first: str, last: str) -> str:
    """A Chinese name is written family name first, without a space (三 + 张 → 张三)."""
    if not first or not last:
        return first or last
    if any("\u3400" <= c <= "\u9fff" for c in first + last):
        return f"{last}{first}"
    return f"{first} {last}"


def _spec_name(field: str) -> str:
    """The registration's field names in the specification's words."""
    return {
        "complainant.name": "first_name, last_name",
        "complainant.phone": "phone",
        "contact_address": "email",
        "content": "description",
        "address": "address_string",
        "latitude": "lat",
        "longitude": "long",
    }.get(field, field)
