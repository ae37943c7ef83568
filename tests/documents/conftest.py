"""Letters: read back as text (pypdf for the PDF, word/document.xml for Word), and the steps
that give a case something to write a letter about."""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader
from time_machine import TimeMachineFixture

from tests.conftest import MONDAY
from tests.workflow.helpers import advance
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Status

# Letters are downloaded an hour after the Monday the cases are registered (their date, and the
# year of their number, are those of the download).
NOW = MONDAY + timedelta(hours=1)
YEAR = 2026

Org = dict[str, Any]
MakeCase = Callable[..., Case]
ApiAs = Callable[[str], Client]


def url(case: Case, filename: str) -> str:
    return f"/api/v1/cases/{case.pk}/documents/{filename}"


def pdf_text(data: bytes) -> str:
    """Every page's text, without white space (a line break may fall anywhere in a sentence)."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


def docx_text(data: bytes) -> str:
    """The text of word/document.xml's runs, joined, without white space."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)
    return "".join(html.unescape("".join(runs)).split())


def docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def fetch(client: Client, case: Case, filename: str) -> bytes:
    response = client.get(url(case, filename))
    assert response.status_code == 200, response.content[:300]
    return bytes(response.content)


def dispatched(
    org: Org, make_case: MakeCase, *, unit: str = "unit-a", now: datetime = MONDAY, **fields: Any
) -> Case:
    """A case accepted and transferred to `unit` (waiting to be signed for)."""
    return advance(make_case(now=now, **fields), Status.DISPATCHED, org, now, unit=unit)


def replied(org: Org, make_case: MakeCase, **fields: Any) -> Case:
    return advance(make_case(**fields), Status.REPLIED, org, MONDAY)


def rejected(org: Org, make_case: MakeCase, reason: str = "不属于本中心受理范围") -> Case:
    case = make_case()
    return wf.reject(case, actor=org["clerk"], now=MONDAY, reason=reason)


def png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 0, 0)) -> bytes:
    """A small solid PNG image (no imaging library needed)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Seals and templates are stored under a temporary media root."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def clerk(api_as: ApiAs) -> Client:
    return api_as("clerk")


def english(client: Client) -> Client:
    """The same client, reading the letters in English (the msgids the assertions use)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
