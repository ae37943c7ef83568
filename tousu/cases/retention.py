"""Retention 保存期限: the personal data of cases that ended long ago is removed, the case stays.

`tousu purge [--older-than 3y] [--dry-run]` (the command is thin; the work is here) takes every
case that ended — closed, archived, not accepted, referred out, merged or withdrawn — before the
cut-off and anonymises it, one case per transaction:

- the complainants: name, ID number, phone, address, postcode, organisation and the blind indexes
  emptied (the rows stay, with gender, special identity and position: statistics count them);
- the case: its contact address and query password, the citizen's own words (content, facts,
  demands), the result and the reply, the address of the matter (the coordinates are rounded to
  0.01°, about a kilometre: maps by district still work); the title is kept — it is the summary
  the centre registers, and the rules keep persons out of it;
- a respondent who is a person: name, address, phone, legal representative and responsible
  person; an organisation keeps its name and address, loses its responsible person and phone;
- the attachments: rows deleted, their (encrypted) files deleted once the transaction commits —
  and since each file's key lived only in its row, a file a crash left behind opens for no one;
- free text written about the case by staff: transfer instructions, extension reasons and
  decisions, and the events' notes and free-text data (results, replies, reasons). The events
  themselves stay — verb, actor, time, statuses and codes — so the timeline and every statistic
  read the same. This is the one place event rows are written to after the fact (through the
  base manager, around the append-only guard), to take personal data out, never to change what
  happened;
- whatever the apps above `cases` keep about the case (the outbox's addresses and texts), by the
  functions they `register`.

Each purged case gets one "purge" event (no status change): it is how a second run knows the case
is done (idempotent), and why a run stopped part-way simply continues (resumable). Statistics —
counts by kind, category, unit, channel, status, dates, severity, satisfaction — are unchanged.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet

from tousu.orgs.staff import system_user

from .models import (
    FINAL_STATUSES,
    Assignment,
    Attachment,
    Case,
    CaseEvent,
    Complainant,
    Demand,
    ExtensionRequest,
    Respondent,
    RespondentType,
    Status,
)

VERB = "purge"
# The statuses of a case that has ended (a closed case waits only for its archiving).
ENDED = frozenset(FINAL_STATUSES | {Status.CLOSED})
# Event data keys that hold free text (a result, a reply, a file's name, a reason in words).
FREE_TEXT_KEYS = frozenset({"result", "content", "name", "text", "reason", "note", "message"})
PERSONAL = ("name", "id_number", "phone", "address", "postcode", "organisation")
PERSON_RESPONDENT = ("name", "address", "phone", "legal_representative", "responsible_person")
ORGANISATION_RESPONDENT = ("phone", "responsible_person")
COORDINATES = Decimal("0.01")

# What the apps above `cases` remove for a case being purged, inside its transaction (the
# notification tables: `notify.retention`); registered from their AppConfig.ready.
Purger = Callable[[Case], int]
PURGERS: dict[str, Purger] = {}


def register(label: str, purger: Purger) -> None:
    PURGERS[label] = purger


class BadAge(ValueError):
    """An --older-than that is no duration, or shorter than the configured retention."""


@dataclass(frozen=True)
class Age:
    """How long ago a case must have ended: years, months, weeks or days."""

    amount: int
    unit: str  # "y", "m", "w", "d"

    def before(self, now: datetime) -> datetime:
        """The cut-off: the moment `now` minus this age (calendar months and years)."""
        if self.unit == "d":
            return now - timedelta(days=self.amount)
        if self.unit == "w":
            return now - timedelta(weeks=self.amount)
        months = self.amount * (12 if self.unit == "y" else 1)
        total = now.year * 12 + (now.month - 1) - months
        year, month = divmod(total, 12)
        day = min(now.day, calendar.monthrange(year, month + 1)[1])
        return now.replace(year=year, month=month + 1, day=day)

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


_AGE = re.compile(r"(\d+)\s*([ymwd]?)")


def parse_age(text: str) -> Age:
    """`3y`, `18m`, `6w`, `400d` or `400` (days)."""
    found = _AGE.fullmatch(text.strip().lower())
    if found is None or int(found.group(1)) <= 0:
        raise BadAge(
            f"{text!r} is not a duration: a number of days, or a number followed by "
            "y (years), m (months), w (weeks) or d (days), e.g. 3y"
        )
    return Age(int(found.group(1)), found.group(2) or "d")


def cutoff(age: Age | None, now: datetime) -> datetime:
    """The moment before which a case must have ended: `age` ago, never later than the
    configured retention (TOUSU_RETENTION_DAYS) allows."""
    kept = now - timedelta(days=settings.TOUSU_RETENTION_DAYS)
    if age is None:
        return kept
    before = age.before(now)
    if before > kept:
        raise BadAge(
            f"--older-than {age} is shorter than the configured retention of "
            f"{settings.TOUSU_RETENTION_DAYS} days (TOUSU_RETENTION_DAYS): lower that setting "
            "to purge earlier"
        )
    return before


def due(before: datetime) -> QuerySet[Case]:
    """The cases that ended before the cut-off and were not purged yet."""
    purged = CaseEvent.objects.filter(case=OuterRef("pk"), verb=VERB)
    return Case.objects.filter(status__in=ENDED, closed_at__lt=before).exclude(Exists(purged))


@dataclass(frozen=True)
class Purged:
    """One case purged (or, in a dry run, to be purged)."""

    case_id: int
    number: str
    closed_at: datetime
    complainants: int
    attachments: int


def purge(
    before: datetime,
    *,
    now: datetime,
    dry_run: bool = False,
    batch: int = 100,
    limit: int | None = None,
) -> Iterator[Purged]:
    """Anonymise the cases due (see the module's docstring), oldest id first, `batch` ids read at
    a time, each case in its own transaction; yields each as it is done. `dry_run` reads only.
    `limit` stops after that many cases (a run in portions; the next run continues)."""
    actor = None if dry_run else system_user()
    last, done = 0, 0
    while limit is None or done < limit:
        pending = due(before).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)
        ids = list(pending[:batch])
        if not ids:
            return
        for case_id in ids:
            last = case_id
            outcome = _look(case_id) if dry_run else _purge_one(case_id, before, actor, now)
            if outcome is not None:
                yield outcome
                done += 1
                if limit is not None and done >= limit:
                    return


def _look(case_id: int) -> Purged | None:
    case = Case.objects.filter(pk=case_id).first()
    if case is None or case.closed_at is None:
        return None
    return Purged(
        case.pk,
        case.number,
        case.closed_at,
        Complainant.objects.filter(case=case).count(),
        Attachment.objects.filter(case=case).count(),
    )


def _purge_one(case_id: int, before: datetime, actor: Any, now: datetime) -> Purged | None:
    with transaction.atomic():
        # Locked, and checked again: it may have been reopened, or purged by another run.
        case = due(before).select_for_update().filter(pk=case_id).first()
        if case is None or case.closed_at is None:
            return None
        people = _anonymise_people(case)
        files = _delete_files(case)
        _anonymise_case(case)
        _anonymise_respondent(case)
        Demand.objects.filter(case=case).update(text="")
        Assignment.objects.filter(case=case).exclude(note="").update(note="")
        ExtensionRequest.objects.filter(case=case).update(reason="", note="")
        redacted = _redact_events(case)
        others = {label: purger(case) for label, purger in PURGERS.items()}
        CaseEvent.objects.create(
            case=case,
            verb=VERB,
            actor=actor,
            at=now,
            from_status=case.status,
            to_status=case.status,
            data={
                "complainants": people,
                "attachments": files,
                "events": redacted,
                **others,
            },
        )
    return Purged(case.pk, case.number, case.closed_at, people, files)


def _anonymise_people(case: Case) -> int:
    people = list(Complainant.objects.filter(case=case))
    for person in people:
        for field in PERSONAL:
            setattr(person, field, "")
        person.name_index = person.phone_index = ""
        person.save(update_fields=[*PERSONAL, "name_index", "phone_index"])
    return len(people)


def _delete_files(case: Case) -> int:
    rows = list(Attachment.objects.filter(case=case))
    names = [row.file.name for row in rows if row.file.name]
    storage = Attachment._meta.get_field("file").storage
    Attachment.objects.filter(pk__in=[row.pk for row in rows]).delete()

    def remove() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)
    return len(rows)


def _anonymise_case(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(
        contact_address="",
        query_password="",
        content="",
        facts="",
        result="",
        reply="",
        address="",
        latitude=_rounded(case.latitude),
        longitude=_rounded(case.longitude),
        version=F("version") + 1,
    )


def _rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(COORDINATES, ROUND_HALF_EVEN)


def _anonymise_respondent(case: Case) -> None:
    respondent = Respondent.objects.filter(case=case).first()
    if respondent is None:
        return
    person = respondent.type == RespondentType.PERSON
    fields = PERSON_RESPONDENT if person else ORGANISATION_RESPONDENT
    Respondent.objects.filter(pk=respondent.pk).update(**dict.fromkeys(fields, ""))


def _redact_events(case: Case) -> int:
    """The events' notes and free-text data emptied; everything else as it was."""
    changed = 0
    plain = CaseEvent._base_manager  # the append-only guard's one deliberate exception
    for pk, note, data in plain.filter(case=case).values_list("pk", "note", "data"):
        cleaned = _without_free_text(data)
        if note or cleaned != data:
            plain.filter(pk=pk).update(note="", data=cleaned)
            changed += 1
    return changed


def _without_free_text(data: Any) -> Any:
    if isinstance(data, list):
        return [_without_free_text(item) for item in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in FREE_TEXT_KEYS and isinstance(value, str):
            out[key] = ""
        else:
            out[key] = _without_free_text(value)
    return out
