"""Case numbers people read out on the phone, and tracking codes nobody can guess.

The number follows settings.TOUSU_CASE_NUMBER_PATTERN, e.g. "{yy}{mm}{seq:05d}" → 261100042 (the
YYMMCC of 《投诉管理制度(精选20篇)》篇1 第八条). The sequence restarts with each period of the
finest date field in the pattern.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F

from tousu.calendar import services as calendar

from .models import CaseSequence

# No 0/O, 1/I/L: the code is read out and typed by citizens.
_TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_FIELDS = re.compile(r"\{(yyyy|yy|mm|dd)\}")


def period_key(pattern: str, local: datetime) -> str:
    fields = set(_FIELDS.findall(pattern))
    if "dd" in fields:
        return local.strftime("%Y%m%d")
    if "mm" in fields:
        return local.strftime("%Y%m")
    if fields:
        return local.strftime("%Y")
    return "all"


def format_number(pattern: str, local: datetime, seq: int) -> str:
    return pattern.format(
        yyyy=f"{local:%Y}", yy=f"{local:%y}", mm=f"{local:%m}", dd=f"{local:%d}", seq=seq
    )


def next_number(now: datetime) -> str:
    """Allocate the next number in its own transaction: the row lock serialises concurrent
    registrations only for an instant, and a number once handed out is never handed out again
    (a failed registration leaves a gap, as paper registers do)."""
    pattern = settings.TOUSU_CASE_NUMBER_PATTERN
    local = now.astimezone(calendar.time_zone())  # the centre's day, whoever is asking
    period = period_key(pattern, local)
    with transaction.atomic():
        CaseSequence.objects.get_or_create(period=period)
        CaseSequence.objects.filter(period=period).update(last=F("last") + 1)
        seq = CaseSequence.objects.values_list("last", flat=True).get(period=period)
    return format_number(pattern, local, seq)


def new_tracking_code() -> str:
    """12 symbols from 31: about 59 bits, shown as XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
