"""Recognise an uploaded file by its content (magic bytes), never by the name the client gives."""

from __future__ import annotations

import zipfile
from io import BytesIO

# (type, extension): only what complainants really send — photos, scans, documents, recordings.
_SIGNATURES: list[tuple[bytes, int, str, str]] = [
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"GIF87a", 0, "image/gif", "gif"),
    (b"GIF89a", 0, "image/gif", "gif"),
    (b"%PDF-", 0, "application/pdf", "pdf"),
    (b"ID3", 0, "audio/mpeg", "mp3"),
    (b"\xff\xfb", 0, "audio/mpeg", "mp3"),
    (b"#!AMR\n", 0, "audio/amr", "amr"),
]
_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an allowed file, or None for anything else."""
    for magic, offset, content_type, ext in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return content_type, ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in {b"heic", b"heix", b"mif1"}:
            return "image/heic", "heic"
        if brand in {b"M4A ", b"M4B "}:
            return "audio/mp4", "m4a"
        return "video/mp4", "mp4"
    if data[:4] == b"PK\x03\x04":
        return _sniff_office(data)
    return None


def _sniff_office(data: bytes) -> tuple[str, str] | None:
    try:
        names = zipfile.ZipFile(BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None  # a plain zip could hold anything
    for prefix, result in _OOXML.items():
        if any(n.startswith(prefix) for n in names):
            return result
    return None
