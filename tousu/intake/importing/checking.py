"""One row of an import file → a `NewCase` and its problems, column by column.

The cells are read first (`columns.read_*`: a date, a kind, yes/no); then the case as a whole goes
through the registration's own validation (`registration.validate`), so a row is refused for
exactly what `register` would refuse it for, before anything is written. Every problem is filed
under the column of the file that holds the value at fault.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tousu.cases.registration import NewCase, NewComplainant, NewRespondent, validate

from .columns import (
    CHANNELS,
    DEFAULT_CHANNEL,
    DEFAULT_KIND,
    KINDS,
    BadCell,
    column_of,
    read_choice,
    read_decimal,
    read_gender,
    read_lines,
    read_time,
    read_yes_no,
)
from .reading import Row

MESSAGE_PREFIX = "import:"


@dataclass
class Checked:
    row: Row
    new: NewCase
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message_id(self) -> str:
        """The row's id as an inbound message (`intake.receiving.once`): the same row imported
        again — the same file run twice, a row copied into a later file — is recognised."""
        values = sorted((k, v) for k, v in self.row.values.items() if v)
        digest = hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()
        return MESSAGE_PREFIX + digest


def check_row(
    row: Row, *, now: datetime, centre: str | None, categories: Collection[str]
) -> Checked:
    problems: dict[str, list[str]] = {}
    cells = row.values

    def cell(key: str, reader: Callable[[str], Any], default: Any) -> Any:
        try:
            return reader(cells.get(key, ""))
        except BadCell as bad:
            problems.setdefault(key, []).append(str(bad))
            return default

    def text(key: str) -> str:
        return cells.get(key, "")

    anonymous = cell("anonymous", read_yes_no, False)
    person = NewComplainant(
        name=text("name"),
        gender=cell("gender", read_gender, ""),
        phone=text("phone"),
        id_number=text("id_number"),
        address=text("complainant_address"),
    )
    given = any((person.name, person.phone, person.id_number, person.address, person.gender))
    new = NewCase(
        kind=cell("kind", lambda v: read_choice(v, KINDS, DEFAULT_KIND), DEFAULT_KIND),
        channel=cell(
            "channel", lambda v: read_choice(v, CHANNELS, DEFAULT_CHANNEL), DEFAULT_CHANNEL
        ),
        title=text("title"),
        content=text("content"),
        facts=text("facts"),
        anonymous=anonymous,
        complainants=[person] if given else [],
        respondent=NewRespondent(name=text("respondent")) if text("respondent") else None,
        demands=read_lines(text("demands")),
        category=text("category") or None,
        address=text("address"),
        latitude=cell("latitude", read_decimal, None),
        longitude=cell("longitude", read_decimal, None),
        occurred_at=cell("occurred_at", read_time, None),
        received_at=cell("received_at", read_time, None),
        centre=centre,
        external_id=text("external_id"),
    )
    unreadable = set(problems)  # a cell that could not be read is not judged again
    for name, messages in validate(new, now, categories=categories).items():
        column = column_of(name)
        if column not in unreadable:
            problems.setdefault(column, []).extend(messages)
    # In the file's order of columns; problems of columns it does not have come last.
    order = {key: index for index, key in enumerate(cells)}
    ordered = dict(sorted(problems.items(), key=lambda item: order.get(item[0], len(order))))
    return Checked(row, new, ordered)
