"""The half-yearly bulletin 情况通报 (`/api/v1/stats/bulletin.docx?year=&half=`): a Word draft
from the statistics, with its charts as pictures and places for the leaders to write."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.stats.history import NOW, walk
from tousu.cases.models import Case

Org = dict[str, Any]
Api = Callable[[str], Client]


@pytest.fixture(autouse=True)
def _the_clock_on_the_2nd_of_november() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_the_second_half_of_2026(api_as: Api, org: Org, make_case: Callable[..., Case]) -> None:
    walk(org, make_case)
    response = api_as("director").get(
        "/api/v1/stats/bulletin.docx?year=2026&half=2", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bulletin-2026-H2.docx"'
    text = docx_text(response.content)
    assert "Bulletin on complaints and reports, second half of 2026" in text
    assert "From 2026-07-01 to 2026-12-31 the centre received 7 cases" in text
    assert "2026-09 1, 2026-10 6, 2026-11 0, 2026-12 0" in text
    # The units, best first: unit B (every result on time), then unit A (four of five).
    assert re.search("1市市场监督管理局2100.0%.*2市住房和城乡建设局580.0%", text)
    assert "Units whose on-time rate was below 90%: 市住房和城乡建设局 80.0%." in text
    assert text.count("[To be written by the centre's leaders.]") == 2
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(pictures) == 2  # the months, the category shares


def test_a_bad_half_is_a_422_naming_it(api_as: Api, org: Org) -> None:
    response = api_as("director").get("/api/v1/stats/bulletin.docx?year=2026&half=3")
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["half"]
