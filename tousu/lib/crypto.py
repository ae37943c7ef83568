"""Encryption of personal data at rest, and blind indexes so it can still be searched exactly.

AES-256-GCM with keys derived (HKDF) from the data keys: `settings.TOUSU_DATA_KEY` seals, and it
and `settings.TOUSU_DATA_KEYS_OLD` (a key ring, for rotation) open. A ciphertext reads
`v2:<key id>:<base64 of nonce + sealed bytes>`: the key id (a fingerprint of the key, not the key)
says which key of the ring opens it. Every ciphertext is sealed with a *context* as associated
data — what it is and which row it belongs to, e.g. `cases.complainant.phone|case=7|position=1` —
so that a ciphertext copied to another field or another row does not open there
(`DecryptionError`, never garbage).

`v1:` ciphertexts (one key, no context) are refused; the migration `cases.0004` turned the
existing ones into `v2` with `open_v1`.

A blind index is an HMAC of the normalised value with the current key: it lets "find cases of
phone 13812345678" use an index without storing the phone in clear.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_V1 = "v1:"
_V2 = "v2"
_NONCE = 12


class DecryptionError(ValueError):
    """A ciphertext that does not open: wrong row or field, unknown key, or tampered with."""


@lru_cache(maxsize=32)
def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"tousu", info=purpose).derive(
        secret.encode()
    )


@lru_cache(maxsize=32)
def key_id(secret: str) -> str:
    """A short public fingerprint of a data key (8 hex digits), written into each ciphertext."""
    return _derive(secret, b"key-id")[:4].hex()


def _ring() -> dict[str, str]:
    """Key id → data key: the current key first, then the old ones that still open."""
    ring = {key_id(settings.TOUSU_DATA_KEY): settings.TOUSU_DATA_KEY}
    for old in getattr(settings, "TOUSU_DATA_KEYS_OLD", []):
        ring.setdefault(key_id(old), old)
    return ring


def ring_key_ids() -> list[str]:
    """The ids of the keys that open: the current one first, then the old ones."""
    return list(_ring())


def current_key_id() -> str:
    return key_id(settings.TOUSU_DATA_KEY)


def _aead(secret: str) -> AESGCM:
    return AESGCM(_derive(secret, b"personal-data"))


def seal_bytes(data: bytes, *, context: str) -> str:
    """`data` sealed with the current key, bound to `context`."""
    secret = settings.TOUSU_DATA_KEY
    nonce = os.urandom(_NONCE)
    sealed = _aead(secret).encrypt(nonce, data, context.encode())
    return f"{_V2}:{key_id(secret)}:{base64.b64encode(nonce + sealed).decode()}"


def open_bytes(token: str, *, context: str) -> bytes:
    """The bytes sealed in `token` — only under the context they were sealed with."""
    version, _, rest = token.partition(":")
    kid, _, body = rest.partition(":")
    if version != _V2 or not body:
        raise DecryptionError(f"not a v2 ciphertext (for {context}); run the migrations")
    secret = _ring().get(kid)
    if secret is None:
        raise DecryptionError(
            f"the key {kid} that sealed {context} is neither TOUSU_DATA_KEY nor in "
            "TOUSU_DATA_KEYS_OLD"
        )
    try:
        raw = base64.b64decode(body, validate=True)
        return _aead(secret).decrypt(raw[:_NONCE], raw[_NONCE:], context.encode())
    except (InvalidTag, binascii.Error, ValueError):
        raise DecryptionError(
            f"the ciphertext does not belong to {context} (copied from elsewhere, or altered)"
        ) from None


def encrypt(plaintext: str, *, context: str) -> str:
    """Text sealed for `context`; the empty string stays empty (it reveals nothing)."""
    if plaintext == "":
        return ""
    return seal_bytes(plaintext.encode(), context=context)


def decrypt(token: str, *, context: str) -> str:
    if not token:
        return ""
    return open_bytes(token, context=context).decode()


def needs_reseal(token: str) -> bool:
    """Whether `token` was sealed by another key than the current one (or in the old format)."""
    return bool(token) and not token.startswith(f"{_V2}:{current_key_id()}:")


def open_v1(token: str) -> str:
    """A legacy `v1:` ciphertext (no key id, no context), for the migration that reseals it:
    every key of the ring is tried."""
    raw = base64.b64decode(token[len(_V1) :])
    for secret in _ring().values():
        try:
            return _aead(secret).decrypt(raw[:_NONCE], raw[_NONCE:], None).decode()
        except InvalidTag:
            continue
    raise DecryptionError("a v1 ciphertext that none of the configured data keys opens")


def blind_index(value: str) -> str:
    """Deterministic keyed hash of a normalised value; empty for an empty value."""
    normalised = "".join(value.split()).lower()
    if not normalised:
        return ""
    key = _derive(settings.TOUSU_DATA_KEY, b"blind-index")
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()[:32]
