"""Shared steps for the search, export and overview tests."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tousu.cases.models import Case

if TYPE_CHECKING:  # what django.test.Client answers
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    from django.http import HttpResponse as Response

Params = dict[str, str | list[str]]


def search_url(**params: str | list[str]) -> str:
    return reverse("workbench:search") + ("?" + urlencode(params, doseq=True) if params else "")


def export_url(**params: str | list[str]) -> str:
    return reverse("workbench:search_export") + (
        "?" + urlencode(params, doseq=True) if params else ""
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def found(response: Response) -> list[str]:
    """The case numbers on the result page, in order."""
    assert response.status_code == 200
    listing = response.context["listing"]
    return [] if listing is None else [row.case.number for row in listing.rows]


def numbers(*cases: Case) -> list[str]:
    return [case.number for case in cases]


def search(user: Any, **params: str | list[str]) -> list[str]:
    return found(client_for(user).get(search_url(**params)))


def sheet_rows(response: Response) -> list[list[Any]]:
    """The rows of the exported workbook's only sheet, as values."""
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert len(book.sheetnames) == 1
    sheet = book[book.sheetnames[0]]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def sheet_name(response: Response) -> str:
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return load_workbook(io.BytesIO(content), read_only=True).sheetnames[0]


@contextmanager
def counting_queries() -> Iterator[CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as context:
        yield context
