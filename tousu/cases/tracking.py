"""The citizen's query password 查询密码: how it is made, kept and checked.

A tracking code and its password let a citizen follow a case without an account (the portal's
track page, a status query on WeChat). The password is random (10 characters from an alphabet
without look-alikes: about 49 bits), shown once, and stored as an HMAC keyed with the site's
secret and salted per case — a slow password hash buys nothing for a random secret of this size
and would make every track page a denial-of-service lever. Guessing online is stopped by the
lockout of the track page (10 failures an hour per code, `portal`)."""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_PURPOSE = "tousu.cases.query-password"
PASSWORD_LENGTH = 10


def new_password() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(PASSWORD_LENGTH))


def normalise(raw: str) -> str:
    """As a citizen may type it: spaces and dashes dropped, lower case accepted."""
    return "".join(ch for ch in raw.upper() if ch not in " -")


def _digest(salt: str, raw: str, secret: str) -> str:
    value = f"{salt}:{normalise(raw)}"
    return salted_hmac(_PURPOSE, value, secret=secret, algorithm="sha256").hexdigest()


def hash_password(raw: str) -> str:
    salt = secrets.token_hex(8)
    return f"hmac-sha256${salt}${_digest(salt, raw, settings.SECRET_KEY)}"


def check_password(stored: str, raw: str) -> bool:
    """Whether `raw` is the password behind `stored`; False for an empty or malformed hash. The
    old secrets (SECRET_KEY_FALLBACKS) still check, so rotating the site's secret keeps working."""
    scheme, _, rest = stored.partition("$")
    salt, _, digest = rest.partition("$")
    if scheme != "hmac-sha256" or not salt or not digest or not raw:
        return False
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(digest, _digest(salt, raw, s)) for s in secrets_)
