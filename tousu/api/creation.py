"""What `POST /api/v1/cases` adds to registration: who may bring which channel, an external id
seen before, and `Idempotency-Key`.

- `platform` cases (上级平台转办) come only with a higher platform's token
  (`tousu token USERNAME --platform`), and such a token brings only them: their status changes
  are pushed back to the platform's webhook (notify/webhooks.py), which must not hear of cases
  it did not send. They carry the platform's `external_id`, the id it knows the case by.
- `open311` cases come only through `/open311/v2/`: the Open311 request list is public, and only
  what that endpoint builds is fit for it (intake/open311/).
- An `external_id` registered before on the same channel (`AlreadyRegistered`) answers with that
  case, 200 — the platform pushed the same case twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext

from tousu.cases.errors import AlreadyRegistered, Forbidden, InvalidInput
from tousu.cases.models import Channel
from tousu.cases.registration import NewCase, register

from . import idempotency
from .schemas import CaseIn


def check_channel(request: HttpRequest, payload: CaseIn) -> None:
    token = getattr(request, "api_token", None)
    from_platform = bool(token is not None and token.platform)
    if payload.channel == Channel.OPEN311:
        raise InvalidInput.one(
            "channel", gettext("Open311 requests come in through /open311/v2/, not this API")
        )
    if from_platform and payload.channel != Channel.PLATFORM:
        raise InvalidInput.one(
            "channel", gettext("a higher platform's token registers platform cases only")
        )
    if payload.channel == Channel.PLATFORM:
        if not from_platform:
            raise Forbidden(gettext("only a higher platform's token may register platform cases"))
        if not payload.external_id.strip():
            raise InvalidInput.one(
                "external_id", gettext("is required: the case's id on the higher platform")
            )


def create(request: HttpRequest, payload: CaseIn, new: NewCase, now: datetime) -> tuple[int, bool]:
    """Register the case, or find the one registered before; (case id, whether it is new)."""
    check_channel(request, payload)
    key = idempotency.key_of(request)
    if key is None:
        return _register_or_find(new, request.user, now)
    digest = idempotency.fingerprint(payload.model_dump(mode="json"))
    return idempotency.once(
        request.user, key, digest, now, lambda: _register_or_find(new, request.user, now)
    )


def _register_or_find(new: NewCase, actor: Any, now: datetime) -> tuple[int, bool]:
    try:
        return register(new, actor=actor, now=now).pk, True
    except AlreadyRegistered as exc:
        return exc.case_id, False
