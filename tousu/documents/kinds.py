"""The kinds of document Tousu issues, each numbered in its own series per year.

A new kind (a unit letter 效能告诫书, 通报批评, the monthly report) is one entry here: its stable
name (the API's and the register's), its label, the word its numbers carry, and whether it goes to
the citizen (then it carries the QR code of the tracking page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    name: str
    label: Promise
    # The series' word in the document number, 〔2026〕转办第0001号. A number is a permanent
    # identifier, written once into the register and the case's events: it is not translated.
    series: str
    for_citizen: bool = False


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("registration", _("Registration form"), "登记"),
        Kind("transfer", _("Transfer letter"), "转办"),
        Kind("supervision", _("Supervision letter"), "督办"),
        Kind("reply", _("Reply letter"), "答复", for_citizen=True),
        Kind("not_accepted", _("Notice of non-acceptance"), "不予受理", for_citizen=True),
        # A unit's letters (`documents/unit_letters.py`), on the assessment's sanctions.
        Kind("warning", _("Letter of efficiency warning"), "告诫"),
        Kind("criticism", _("Circular of criticism"), "通报"),
    )
}


def choices() -> list[tuple[str, str]]:
    """(name, label) of every kind, for a model field's choices (a callable: no migration when a
    kind is added)."""
    return [(k.name, str(k.label)) for k in KINDS.values()]


def format_number(kind: str, year: int, sequence: int) -> str:
    """〔2026〕转办第0001号: the year in hexagonal brackets (GB/T 9704), the series, four digits."""
    return f"〔{year}〕{KINDS[kind].series}第{sequence:04d}号"
