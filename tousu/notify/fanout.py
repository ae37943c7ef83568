"""From the event log to the outbox: who is told of each new `CaseEvent`, through which channels.

`fan_out` reads the events after the cursor, in id order, and writes their outbox rows in the same
transaction that moves the cursor on. Two workers never fan out the same events twice: the cursor
row is locked (`select_for_update`, PostgreSQL) and moved by a guarded update from the value read;
the loser rolls back. Each row's `dedupe_key` (event, kind, recipient, channel) is unique as well.

On PostgreSQL ids are handed out before commit, so an event with a lower id can become visible
after a higher one. A gap in the ids just before a recent event may be such a transaction still
committing: the fan-out stops there and looks again on its next run; a gap older than
`EVENT_LOG_GRACE_SECONDS` is a rolled-back or deleted event and is passed over.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from tousu.cases.access import visible_to
from tousu.cases.models import Case, CaseEvent

from . import citizen, recipients
from .cursors import committed_prefix, locked_cursor
from .models import Channel, Cursor, Kind, Outbox, Preference

CURSOR = "fanout"
DEFAULT_CHANNELS = (Channel.IN_APP, Channel.EMAIL)


class _Overtaken(Exception):
    """Another worker moved the cursor first: roll back what this one wrote."""


def fan_out(now: datetime, *, limit: int = 1000) -> int:
    """Fan out up to `limit` new events; returns how many events were consumed."""
    try:
        with transaction.atomic():
            cursor = locked_cursor(CURSOR)
            events = list(
                CaseEvent.objects.filter(pk__gt=cursor.last_event_id)
                .select_related("case")
                .order_by("pk")[:limit]
            )
            ready = events[
                : committed_prefix([(e.pk, e.at) for e in events], cursor.last_event_id, now)
            ]
            rows = [row for event in ready for row in outbox_rows(event, now)]
            Outbox.objects.bulk_create(rows, ignore_conflicts=True)
            if ready:
                moved = Cursor.objects.filter(
                    pk=cursor.pk, last_event_id=cursor.last_event_id
                ).update(last_event_id=ready[-1].pk)
                if not moved:
                    raise _Overtaken
            return len(ready)
    except _Overtaken:
        return 0


# --- the rows of one event --------------------------------------------------------------------


def outbox_rows(event: CaseEvent, now: datetime) -> list[Outbox]:
    case = event.case
    rows = _staff_rows(case, event, now)
    kind = recipients.complainant_kind(event)
    if kind:
        rows += _complainant_rows(case, event, kind, now)
    return rows


def _staff_rows(case: Case, event: CaseEvent, now: datetime) -> list[Outbox]:
    kind, people = recipients.staff_recipients(case, event)
    people = [u for u in people if u.pk != event.actor_id]
    if not people:
        return []
    # The access gate: nobody is told of a case they may not open (asked once for them all).
    people = visible_to(people, case)
    if not people:
        return []
    preferences = {p.user_id: p for p in Preference.objects.filter(user__in=people)}
    rows = []
    for user in people:
        preference = preferences.get(user.pk)
        if preference is not None and kind in (preference.muted_kinds or []):
            continue
        for channel, address in _staff_channels(user, preference):
            rows.append(
                _row(
                    event,
                    kind,
                    channel,
                    now=_not_in_quiet_hours(now, preference) if channel == Channel.SMS else now,
                    user=user,
                    address=address,
                    language=preference.language if preference else "zh-hans",
                    context=staff_context(case, event),
                    recipient=f"u{user.pk}",
                )
            )
    return rows


def _staff_channels(user: Any, preference: Preference | None) -> list[tuple[str, str]]:
    wanted = (preference.channels if preference else None) or list(DEFAULT_CHANNELS)
    out: list[tuple[str, str]] = []
    if Channel.IN_APP in wanted:
        out.append((Channel.IN_APP, ""))
    if Channel.EMAIL in wanted and user.email:
        out.append((Channel.EMAIL, user.email))
    profile = getattr(user, "staff_profile", None) if Channel.SMS in wanted else None
    if profile is not None and profile.phone:
        out.append((Channel.SMS, profile.phone))
    return out


def _complainant_rows(case: Case, event: CaseEvent, kind: str, now: datetime) -> list[Outbox]:
    # On the citizen's own channel when the case has one, else to the complainant's phone.
    contact = citizen.contact_of(case)
    if contact is None:
        return []  # anonymous without a contact, or no phone to write to
    channel, address = contact
    quiet = (
        _parse_quiet(settings.NOTIFY_COMPLAINANT_QUIET_HOURS) if channel == Channel.SMS else None
    )
    return [
        _row(
            event,
            kind,
            channel,
            now=_after_quiet(now, *quiet) if quiet else now,
            address=address,
            language="zh-hans",
            context=complainant_context(case, event, kind) | citizen.channel_context(case, channel),
            recipient="complainant",
        )
    ]


def _row(
    event: CaseEvent,
    kind: str,
    channel: str,
    *,
    now: datetime,
    address: str,
    language: str,
    context: dict[str, Any],
    recipient: str,
    user: Any = None,
) -> Outbox:
    return Outbox(
        dedupe_key=f"e{event.pk}:{kind}:{recipient}:{channel}",
        channel=channel,
        kind=kind,
        user=user,
        case_id=event.case_id,
        event=event,
        address=address,
        template=kind,
        language=language,
        context=context,
        next_attempt_at=now,
        created_at=now,
    )


# --- what a message may say ---------------------------------------------------------------------


def staff_context(case: Case, event: CaseEvent) -> dict[str, Any]:
    """What every staff recipient of this event may read: the case's number and title (visible to
    whoever may open it) and the figures of the event itself — never the complainant, never a
    note written for someone else."""
    data = event.data if isinstance(event.data, dict) else {}
    context: dict[str, Any] = {"number": case.number, "title": case.title}
    if event.verb == "request_extension":
        context["days"] = data.get("days")
    if event.verb == "escalate":
        context["level"] = data.get("level")
        context["answer_due"] = _local_date(data.get("answer_due"))
    if event.verb in {"warn", "remind"} and data.get("due"):
        context["due"] = _local_date(data.get("due"))  # the deadline warned of or passed
    if event.verb in {"dispatch", "approve"} and case.unit_due is not None:
        context["due"] = _local_date(case.unit_due.isoformat())
    return context


def complainant_context(case: Case, event: CaseEvent, kind: str) -> dict[str, Any]:
    """The complainant's own case: its number; the tracking code with the acknowledgement; the
    reason or the reply. Never a member of staff's name."""
    context: dict[str, Any] = {"number": case.number}
    if kind == Kind.ACKNOWLEDGED:
        context["tracking_code"] = case.tracking_code
    elif kind == Kind.NOT_ACCEPTED:
        context["reason"] = event.note
    elif kind == Kind.REPLIED:
        data = event.data if isinstance(event.data, dict) else {}
        context["reply"] = data.get("content") or case.reply
    return context


def _local_date(value: Any) -> str:
    if not isinstance(value, str) or not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date().isoformat()


# --- quiet hours (SMS) ----------------------------------------------------------------------------


def _not_in_quiet_hours(now: datetime, preference: Preference | None) -> datetime:
    if preference is None or preference.quiet_from is None or preference.quiet_until is None:
        return now
    return _after_quiet(now, preference.quiet_from, preference.quiet_until)


def _parse_quiet(value: str) -> tuple[time, time] | None:
    if not value:
        return None
    start, _sep, end = value.partition("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


def _after_quiet(now: datetime, start: time, end: time) -> datetime:
    """`now`, or the end of the quiet hours (local time) when `now` falls inside them."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = now.astimezone(zone)
    clock = local.time()
    inside = start <= clock < end if start <= end else (clock >= start or clock < end)
    if not inside:
        return now
    day = local.date() if clock < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=zone).astimezone(now.tzinfo)
