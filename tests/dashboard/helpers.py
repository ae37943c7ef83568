"""Reading a dashboard as its reader does: the tables of the page (each cell's text and link),
the cases a link lists, an exported workbook."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

if TYPE_CHECKING:  # what django.test.Client answers
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    from django.http import HttpResponse as Response

OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}


def dashboard_url(**params: str) -> str:
    return reverse("workbench:dashboard") + ("?" + urlencode(params) if params else "")


def cases_url(**params: str) -> str:
    return reverse("workbench:dashboard_cases") + ("?" + urlencode(params) if params else "")


def client_for(user: Any, language: str = "") -> Client:
    client = Client(headers={"Accept-Language": language} if language else None)
    client.force_login(user)
    return client


@dataclass
class Shown:
    """A cell as the page shows it."""

    text: str = ""
    link: str = ""


@dataclass
class PageTable:
    caption: str = ""
    columns: list[str] = field(default_factory=list)  # data-column of each cell
    rows: dict[str, dict[str, Shown]] = field(default_factory=dict)  # data-key → column → cell
    heads: dict[str, str] = field(default_factory=dict)  # data-key → the row header's text


class Tables(HTMLParser):
    """The <table id="table-…"> of a dashboard page, by their key."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, PageTable] = {}
        self.table: PageTable | None = None
        self.row: str | None = None
        self.cell: Shown | None = None
        self.in_caption = False
        self.in_head = False
        self.script_srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.script_srcs.append(str(a["src"]))
        if tag == "table" and str(a.get("id", "")).startswith("table-"):
            self.table = self.tables.setdefault(str(a["id"])[6:], PageTable())
        if self.table is None:
            return
        if tag == "caption":
            self.in_caption = True
        elif tag == "tr" and "data-key" in a:
            self.row = str(a["data-key"])
            self.table.rows[self.row] = {}
        elif tag == "th" and a.get("scope") == "row" and self.row is not None:
            self.in_head = True
        elif tag == "td" and self.row is not None:
            column = str(a.get("data-column", ""))
            self.cell = self.table.rows[self.row].setdefault(column, Shown())
        elif tag == "a" and self.cell is not None:
            self.cell.link = str(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.table, self.row = None, None
        elif tag == "caption":
            self.in_caption = False
        elif tag == "th":
            self.in_head = False
        elif tag == "td":
            self.cell = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.table is None:
            return
        if self.in_caption:
            self.table.caption += data.strip()
        elif self.in_head and self.row is not None:
            self.table.heads[self.row] = self.table.heads.get(self.row, "") + data.strip()
        elif self.cell is not None:
            self.cell.text += data.strip()


def read_page(response: Response) -> Tables:
    assert response.status_code == 200, response.status_code
    parser = Tables()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def tables_of(client: Client, **params: str) -> dict[str, PageTable]:
    return read_page(client.get(dashboard_url(**params))).tables


def numbers_listed(client: Client, url: str) -> list[str]:
    """The case numbers a drill-down link lists (all pages)."""
    found: list[str] = []
    page = 1
    while True:
        response = client.get(f"{url}&page={page}")
        assert response.status_code == 200, (url, response.status_code)
        listing = response.context["listing"]
        found += [row.case.number for row in listing.rows]
        if not listing.page.has_next():
            return found
        page += 1


def sheet_rows(response: Response) -> list[list[Any]]:
    """The rows of an exported workbook's only sheet, as values."""
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(book.sheetnames) == 1
    return [list(row) for row in book[book.sheetnames[0]].iter_rows(values_only=True)]
