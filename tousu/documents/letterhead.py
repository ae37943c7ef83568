"""Which letterhead a case's letters carry: its centre's, else that of the nearest centre above it
that has one; without any, the issuing centre's own name and phone (no seal)."""

from __future__ import annotations

from dataclasses import dataclass

from tousu.lib.filetypes import sniff
from tousu.orgs.models import Unit, UnitKind
from tousu.orgs.staff import unit_tree

from .models import SEAL_MAX_BYTES, SEAL_TYPES, Letterhead
from .pdf import data_uri

# A station 投诉站 registers cases but issues no letters: the centre or sub-centre above it does.
ISSUING_KINDS = frozenset({UnitKind.CENTRE, UnitKind.SUBCENTRE})


@dataclass(frozen=True)
class Seal:
    data: bytes
    content_type: str

    @property
    def uri(self) -> str:
        return data_uri(self.data, self.content_type)


@dataclass(frozen=True)
class Heading:
    """A letterhead as the letters use it (plain values: templates and Word templates read it)."""

    name: str  # the heading line, and the name above the seal
    address: str = ""
    postcode: str = ""
    phone: str = ""
    footer: str = ""
    seal: Seal | None = None


def chain(unit_id: int) -> list[int]:
    """The unit and its ancestors, nearest first (from the cached unit tree: no query)."""
    parents = unit_tree().parent
    out: list[int] = []
    node: int | None = unit_id
    while node is not None and node not in out:
        out.append(node)
        node = parents.get(node)
    return out


def heading_for(centre: Unit) -> Heading:
    """The letterhead of the letters of a case registered at `centre` (one query, two with the
    default's unit)."""
    ancestors = chain(centre.pk)
    found = {row.unit_id: row for row in Letterhead.objects.filter(unit_id__in=ancestors)}
    for unit_id in ancestors:
        if unit_id in found:
            return _heading(found[unit_id])
    return _default(centre, ancestors)


def _default(centre: Unit, ancestors: list[int]) -> Heading:
    kinds = unit_tree().kind
    issuer = next((u for u in ancestors if kinds.get(u) in ISSUING_KINDS), None)
    unit = centre
    if issuer is not None and issuer != centre.pk:
        unit = Unit.objects.get(pk=issuer)
    return Heading(name=unit.name, phone=unit.phone)


def _heading(row: Letterhead) -> Heading:
    return Heading(
        name=row.heading,
        address=row.address,
        postcode=row.postcode,
        phone=row.phone,
        footer=row.footer,
        seal=_seal(row),
    )


def _seal(row: Letterhead) -> Seal | None:
    if not row.seal:
        return None
    try:
        with row.seal.open("rb") as f:
            data = f.read(SEAL_MAX_BYTES + 1)
    except OSError:  # the file went missing: the letter goes out without the image
        return None
    kind = sniff(data)
    if kind is None or kind[0] not in SEAL_TYPES or len(data) > SEAL_MAX_BYTES:
        return None
    return Seal(data, kind[0])
