"""Encryption of personal data at rest, and blind indexes so it can still be searched exactly.

AES-256-GCM with a key derived (HKDF) from settings.TOUSU_DATA_KEY. Ciphertexts carry a version
prefix so that keys can be rotated later. A blind index is an HMAC of the normalised value: it
lets "find cases of phone 13812345678" use an index without storing the phone in clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_PREFIX = "v1:"


@lru_cache(maxsize=8)
def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"tousu", info=purpose).derive(
        secret.encode()
    )


def _aead() -> AESGCM:
    return AESGCM(_derive(settings.TOUSU_DATA_KEY, b"personal-data"))


def encrypt(plaintext: str) -> str:
    if plaintext == "":
        return ""
    nonce = os.urandom(12)
    sealed = _aead().encrypt(nonce, plaintext.encode(), None)
    return _PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    if not token.startswith(_PREFIX):
        raise ValueError("unknown ciphertext version")
    raw = base64.b64decode(token[len(_PREFIX) :])
    return _aead().decrypt(raw[:12], raw[12:], None).decode()


def blind_index(value: str) -> str:
    """Deterministic keyed hash of a normalised value; empty for an empty value."""
    normalised = "".join(value.split()).lower()
    if not normalised:
        return ""
    key = _derive(settings.TOUSU_DATA_KEY, b"blind-index")
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()[:32]
