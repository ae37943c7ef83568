"""The letters of a case, by the name the API and the workbench use
(`/api/v1/cases/{id}/documents/{name}.pdf|.docx`)."""

from __future__ import annotations

from . import not_accepted, registration, reply, supervision, transfer
from .common import Basis, CaseLetter, Facts, Issue

CASE_LETTERS: dict[str, CaseLetter] = {
    letter.kind: letter
    for letter in (
        registration.LETTER,
        transfer.LETTER,
        supervision.LETTER,
        reply.LETTER,
        not_accepted.LETTER,
    )
}

__all__ = ["CASE_LETTERS", "Basis", "CaseLetter", "Facts", "Issue"]
