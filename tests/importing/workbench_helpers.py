"""The workbench's import pages as a clerk uses them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.workbench.case_helpers import client_for

IMPORTS = "/imports/"


def upload(client: Client, name: str, data: bytes, **extra: Any) -> Any:
    return client.post(IMPORTS, {"file": SimpleUploadedFile(name, data), **extra})


def job_id(response: Any) -> int:
    match = re.fullmatch(r"/imports/(\d+)/", response["Location"])
    assert match, response["Location"]
    return int(match.group(1))


class Cells(HTMLParser):
    """The preview's cells: (row, column) → (marked bad, the text of the cell)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[int, str], tuple[bool, str]] = {}
        self._row = 0
        self._cell: tuple[int, str, bool] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and values.get("data-row"):
            self._row = int(values["data-row"] or 0)
        if tag == "td" and values.get("data-column"):
            bad = "cell-bad" in (values.get("class") or "") and values.get("aria-invalid") == "true"
            self._cell = (self._row, values["data-column"] or "", bad)
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            row, column, bad = self._cell
            self.cells[(row, column)] = (bad, "".join(self._text))
            self._cell = None


def preview_cells(html: str) -> dict[tuple[int, str], tuple[bool, str]]:
    parser = Cells()
    parser.feed(html)
    return parser.cells


__all__ = ["IMPORTS", "client_for", "job_id", "preview_cells", "upload"]
