"""WeChat's request signature, its freshness, and a guard against replaying it with another body.

WeChat signs a push with SHA-1 over the sorted token, timestamp and nonce: the body itself is not
signed (in plaintext mode). A signature seen once may therefore be reused for a different body
while its timestamp is fresh; `claim_nonce` binds each (timestamp, nonce) to the first body that
came with it, so the platform's own retries (the same body) pass while a forged body is refused.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from django.conf import settings
from django.core.cache import cache

# The contract: a timestamp more than 5 minutes old (or ahead: a clock far off) is refused.
WINDOW_SECONDS = 300


def expected(token: str, timestamp: str, nonce: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def problem(signature: str, timestamp: str, nonce: str, now: datetime) -> str | None:
    """Why this request is not from the platform, or None. For the log: never the values."""
    token = settings.TOUSU_WECHAT_TOKEN
    if not token:
        return "wechat channel off (TOUSU_WECHAT_TOKEN unset)"
    if not (signature and timestamp and nonce):
        return "signature, timestamp or nonce missing"
    if not timestamp.isdigit() or len(timestamp) > 12 or len(nonce) > 64:
        return "malformed timestamp or nonce"
    if not hmac.compare_digest(expected(token, timestamp, nonce), signature.lower()):
        return "bad signature"
    if abs(now.timestamp() - int(timestamp)) > WINDOW_SECONDS:
        return "stale timestamp"
    return None


def claim_nonce(timestamp: str, nonce: str, body: bytes) -> bool:
    """Whether this body may use this (timestamp, nonce): the first body does, and the same body
    again (the platform's retry); another body is a replayed signature."""
    key = "wechat-nonce:" + hashlib.sha256(f"{timestamp}:{nonce}".encode()).hexdigest()
    digest = hashlib.sha256(body).hexdigest()
    # Kept a little longer than the window, so the pair is remembered as long as it is fresh.
    if cache.add(key, digest, timeout=2 * WINDOW_SECONDS + 60):
        return True
    return bool(cache.get(key) == digest)
