"""`Idempotency-Key` on `POST /api/v1/cases`: the same key again returns the same case.

A client that did not get the answer to a create (a timeout, a dropped connection) sends the same
request again with the same key and gets the case the first one made, with 200 instead of 201.
The key is kept per user (two callers may pick the same key) for TOUSU_IDEMPOTENCY_KEY_HOURS;
after that it is as if it had never been used, and the worker prunes it (`prune`).

The same key with a *different* body is a client's mistake (a key reused for a new request):
422 `idempotency_key_reused`, as the IETF draft "The Idempotency-Key HTTP Header Field" says —
not 409, which this API keeps for a case's state (and which carries the case's status).

Two requests with the same key at the same moment: the key's row is written in the transaction
that registers the case, and the key is unique per user, so the second waits for the first's
commit, fails on the key, rolls its own case back and answers with the first one's case.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from tousu.cases.errors import InvalidInput

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
# Visible ASCII, as a UUID or any opaque token a client makes.
_KEY = re.compile(r"[\x21-\x7e]{1,200}")


class KeyReused(InvalidInput):
    """The key was used before for another request body (HTTP 422)."""

    code = "idempotency_key_reused"


def key_of(request: HttpRequest) -> str | None:
    """The request's key, None when it sends none; a malformed one is a 422 naming the header."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    key = raw.strip()
    if not _KEY.fullmatch(key):
        raise InvalidInput.one(
            HEADER, gettext("must be 1 to 200 visible ASCII characters (a UUID, say)")
        )
    return key


def fingerprint(body: dict[str, Any]) -> str:
    """The body as validated, in one spelling: spaces, key order and `null`s do not matter."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def kept() -> timedelta:
    return timedelta(hours=settings.TOUSU_IDEMPOTENCY_KEY_HOURS)


def once(
    user: Any,
    key: str,
    digest: str,
    now: datetime,
    create: Callable[[], tuple[int, bool]],
) -> tuple[int, bool]:
    """`create()` → (case id, whether it is new), unless this key was used before: then the
    case it made, not new. Raises `KeyReused` when the key came with another body."""
    mine = IdempotencyKey.objects.filter(user=user, key=key)
    mine.filter(created_at__lte=now - kept()).delete()  # expired: as if never used
    found = mine.first()
    if found is not None:
        return _replayed(found, digest)
    try:
        with transaction.atomic():
            case_id, created = create()
            IdempotencyKey.objects.create(
                user=user, key=key, request_hash=digest, case_id=case_id, created_at=now
            )
    except IntegrityError:
        found = mine.first()
        if found is None:  # another constraint failed: not ours to hide
            raise
        return _replayed(found, digest)
    return case_id, created


def _replayed(found: IdempotencyKey, digest: str) -> tuple[int, bool]:
    if found.request_hash != digest:
        raise KeyReused(
            {HEADER: [gettext("was used before with another request body: use a new key")]},
            gettext("this Idempotency-Key was used before with another request body"),
        )
    return found.case_id, False


def prune(now: datetime) -> int:
    """The worker's `api-idempotency-prune`: delete the keys past their time."""
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lte=now - kept()).delete()
    return deleted
