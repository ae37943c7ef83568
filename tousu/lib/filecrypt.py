"""Files encrypted at rest: AES-256-GCM in chunks, each file under its own random key.

Layout: a 9-byte header (`TSF`, format version 1, chunk size as 4 bytes big-endian), then the
chunks, each the sealed 64 KiB of plaintext plus its 16-byte tag (the last one shorter). The
nonce of chunk *i* is *i* (11 bytes) followed by 1 for the last chunk and 0 otherwise, and the
header is each chunk's associated data — the STREAM construction: chunks cannot be reordered,
dropped or the file cut short at a chunk boundary without the read failing. A nonce may be a
counter because no key ever seals two files.

`SealedFileReader` decrypts chunk by chunk and can seek, so a download streams the file (with a
Content-Length) instead of holding it in memory.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"TSF\x01"
CHUNK = 64 * 1024
_TAG = 16
_HEADER = MAGIC + CHUNK.to_bytes(4, "big")


class CorruptFile(ValueError):
    """The stored file does not open with its key: altered, truncated or not ours."""


def new_key() -> bytes:
    return os.urandom(32)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def encrypt_chunks(key: bytes, data: bytes) -> Iterator[bytes]:
    """The sealed file, piece by piece (header first)."""
    aead = AESGCM(key)
    yield _HEADER
    count = max(1, -(-len(data) // CHUNK))
    for i in range(count):
        piece = data[i * CHUNK : (i + 1) * CHUNK]
        yield aead.encrypt(_nonce(i, i == count - 1), piece, _HEADER)


def encrypt(key: bytes, data: bytes) -> bytes:
    return b"".join(encrypt_chunks(key, data))


class _Stored(Protocol):
    """What the storage hands out (a Django `File`, an open file)."""

    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def close(self) -> None: ...


class SealedFileReader(io.RawIOBase):
    """The plaintext of a sealed file, read (and sought) chunk by chunk."""

    def __init__(self, raw: _Stored, key: bytes) -> None:
        self._raw = raw
        self._aead = AESGCM(key)
        raw.seek(0)
        if raw.read(len(_HEADER)) != _HEADER:
            raise CorruptFile("not a sealed file")
        body = raw.seek(0, io.SEEK_END) - len(_HEADER)
        self._chunks = max(1, -(-body // (CHUNK + _TAG)))
        self.size = body - self._chunks * _TAG
        if self.size < 0:
            raise CorruptFile("the sealed file is cut short")
        self._position = 0
        self._cached: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def _chunk(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._raw.seek(len(_HEADER) + index * (CHUNK + _TAG))
        sealed = self._raw.read(CHUNK + _TAG)
        try:
            plain = self._aead.decrypt(_nonce(index, index == self._chunks - 1), sealed, _HEADER)
        except InvalidTag:
            raise CorruptFile(f"chunk {index} of the sealed file does not open") from None
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._position >= self.size:
            return 0
        index, offset = divmod(self._position, CHUNK)
        piece = self._chunk(index)[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self._position += len(piece)
        return len(piece)

    def close(self) -> None:
        self._raw.close()
        super().close()
