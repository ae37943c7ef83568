"""The complainants as a page may show them: masked by default, hidden from units."""

from __future__ import annotations

from dataclasses import dataclass

from tousu.cases.access import IdentityAccess
from tousu.cases.models import Case
from tousu.lib.masking import mask_address, mask_id_number, mask_name, mask_phone


@dataclass(frozen=True)
class Person:
    position: int
    name: str
    gender: str
    phone: str
    id_number: str
    address: str
    postcode: str
    organisation: str
    is_representative: bool
    special_identity: str


def people_for(case: Case, access: IdentityAccess) -> list[Person]:
    if case.anonymous or access is IdentityAccess.HIDDEN:
        return []
    full = access is IdentityAccess.FULL
    return [
        Person(
            position=c.position,
            name=c.name if full else mask_name(c.name),
            gender=c.get_gender_display() if c.gender else "",
            phone=c.phone if full else mask_phone(c.phone),
            id_number=c.id_number if full else mask_id_number(c.id_number),
            address=c.address if full else mask_address(c.address),
            postcode=c.postcode,
            organisation=c.organisation,
            is_representative=c.is_representative,
            special_identity=c.get_special_identity_display() if c.special_identity else "",
        )
        for c in case.complainants.all()
    ]
