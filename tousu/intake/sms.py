"""`POST /channels/sms/`: texts a citizen sent to the centre's number, pushed by the SMS provider.

Provider-neutral (docs/channels.md "SMS"): a JSON object `{"id", "from", "text", "received_at"}`
signed with HMAC-SHA256 under `TOUSU_SMS_SECRET`:

    X-Tousu-Timestamp: <unix seconds>
    X-Tousu-Signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>." + raw body)>

The timestamp is signed with the body, so a captured request cannot be replayed later with a
fresh timestamp; within the window (`TOUSU_SMS_WINDOW_SECONDS`) the message id makes a replay
harmless (`receiving.once`: the same id → the same outcome, nothing more).

A text becomes a case (channel `sms`, the sender as the complainant's phone and the contact for
the case's messages); a text from a number whose SMS case of the last
`TOUSU_SMS_FOLLOW_UP_MINUTES` is still waiting to be accepted is added to that case instead (a
long message arriving in parts, a second thought): `cases.supplement`. An empty text is ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tousu.cases import supplement
from tousu.cases.errors import InvalidInput, WorkflowError
from tousu.cases.models import Case, Channel, ContactChannel, Kind, Status
from tousu.cases.registration import NewCase, NewComplainant, register
from tousu.lib import validators
from tousu.lib.refusals import log_refusal
from tousu.orgs.staff import system_user

from .models import Outcome
from .receiving import once

log = logging.getLogger("tousu.intake")

SMS = Channel.SMS
SIGNATURE_HEADER = "X-Tousu-Signature"
TIMESTAMP_HEADER = "X-Tousu-Timestamp"
# A text is at most a few hundred characters, even joined from parts: 16 KB is plenty.
MAX_BODY_BYTES = 16 * 1024
MAX_ID_CHARS = 100
# The provider's id goes into log lines: printable ASCII only, no spaces or line breaks.
SAFE_ID = re.compile(rf"[\x21-\x7e]{{1,{MAX_ID_CHARS}}}")
TITLE_CHARS = 40


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for this body (what the provider computes)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _error(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> JsonResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response._has_been_logged = True  # type: ignore[attr-defined]  # the caller logs it once
    return response


def _signature_problem(request: HttpRequest, body: bytes, now: datetime) -> str | None:
    secret = settings.TOUSU_SMS_SECRET
    if not secret:
        return "sms channel off (TOUSU_SMS_SECRET unset)"
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not timestamp or not given:
        return "signature or timestamp missing"
    if not timestamp.isdigit() or len(timestamp) > 12:
        return "malformed timestamp"
    if not hmac.compare_digest(sign(secret, timestamp, body), given.strip().lower()):
        return "bad signature"
    if abs(now.timestamp() - int(timestamp)) > settings.TOUSU_SMS_WINDOW_SECONDS:
        return "stale timestamp"
    return None


def _read(body: bytes) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The message's fields, and what is wrong with them (by field)."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return {}, {"body": [gettext("is not JSON")]}
    if not isinstance(data, dict):
        return {}, {"body": [gettext("must be a JSON object")]}
    errors: dict[str, list[str]] = {}
    for name in ("id", "from", "text"):
        value = data.get(name)
        if not isinstance(value, str):
            errors[name] = [gettext("is required and must be a string")]
    message_id = data.get("id")
    if isinstance(message_id, str) and not SAFE_ID.fullmatch(message_id):
        errors["id"] = [
            gettext("must be 1 to %(max)s letters, digits or signs, without spaces")
            % {"max": MAX_ID_CHARS}
        ]
    sender = data.get("from")
    if isinstance(sender, str) and (
        not sender.strip() or len(sender) > 40 or validators.phone_problem(sender)
    ):
        errors["from"] = [gettext("is not a phone number")]
    received = data.get("received_at")
    if received is not None:
        moment = parse_datetime(received) if isinstance(received, str) else None
        if moment is None or timezone.is_naive(moment):
            errors["received_at"] = [
                gettext("must be a date and time with its offset (ISO 8601), or null")
            ]
        else:
            data["received_at"] = moment
    return data, errors


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES or len(body := request.body) > MAX_BODY_BYTES:
        log.warning("sms push refused (413): body too large")
        return _error(413, "too_large", gettext("the message is too large"))
    problem = _signature_problem(request, body, now)
    if problem is not None:
        response = _error(403, "forbidden", gettext("the signature is missing or wrong"))
        log_refusal(request, response, f"sms: {problem}")
        return response
    data, errors = _read(body)
    if errors:
        log.warning("sms push refused (400): %s", ",".join(sorted(errors)))
        return _error(400, "invalid_input", gettext("the message is malformed"), errors)
    message_id = data["id"]
    try:
        handled = once(SMS, message_id, now, lambda: _handle(data, now))
    except WorkflowError as exc:  # e.g. no public centre configured
        log.warning("sms message %s not handled: %s", message_id, exc.code)
        return _error(503, exc.code, gettext("the message could not be handled now"))
    number = (
        Case.objects.filter(pk=handled.case_id).values_list("number", flat=True).first()
        if handled.case_id is not None
        else None
    )
    log.info(
        "sms message %s%s: %s%s",
        message_id,
        "" if handled.first else " again",
        handled.outcome,
        f" case {number}" if number else "",
    )
    if handled.outcome == Outcome.REJECTED:
        return _error(422, "invalid_input", gettext("the message could not be registered"))
    return JsonResponse(
        {"outcome": handled.outcome, "case": number, "duplicate": not handled.first}
    )


def _handle(data: dict[str, Any], now: datetime) -> tuple[str, Case | None, str]:
    text: str = data["text"].strip()
    sender = validators.clean_phone(data["from"])
    if not text:
        return Outcome.IGNORED, None, "empty text"
    earlier = _follow_up_of(sender, now)
    if earlier is not None:
        try:
            supplement.add_material(earlier, now=now, channel=SMS, text=text)
        except InvalidInput as exc:
            return Outcome.REJECTED, None, "invalid: " + ",".join(sorted(exc.fields))
        return Outcome.ADDED, earlier, ""
    new = NewCase(
        kind=Kind.COMPLAINT,
        channel=SMS,
        title=_title(text),
        content=text,
        complainants=[NewComplainant(phone=sender)],
        received_at=data.get("received_at") or now,
        contact_channel=ContactChannel.SMS,
        contact_address=sender,
    )
    try:
        case = register(new, actor=system_user(), now=now)
    except InvalidInput as exc:
        if "centre" in exc.fields:  # no centre takes the public's cases: ours to mend, not theirs
            raise
        return Outcome.REJECTED, None, "invalid: " + ",".join(sorted(exc.fields))
    return Outcome.REGISTERED, case, ""


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"


def _follow_up_of(sender: str, now: datetime) -> Case | None:
    """This number's SMS case of the last minutes still waiting to be accepted, if any. The
    contact is sealed: the few recent SMS cases are opened and compared."""
    minutes = settings.TOUSU_SMS_FOLLOW_UP_MINUTES
    if minutes <= 0:
        return None
    candidates = Case.objects.filter(
        channel=SMS,
        contact_channel=ContactChannel.SMS,
        status=Status.REGISTERED,
        registered_at__gte=now - timedelta(minutes=minutes),
    ).order_by("-registered_at", "-pk")[:500]
    return next((case for case in candidates if case.contact_address == sender), None)
