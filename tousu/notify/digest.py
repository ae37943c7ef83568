"""The leaders' daily digest 每日简报: the intake since the last working day, the overdue cases by
unit, the cases waiting for sign-off and the open 督办 of their centre, in the workbench and by
e-mail, once a working day after `TOUSU_DIGEST_AT` (local time).

The worker runs `send_digest` every few minutes. Before the configured time, and on days off
(weekends, holidays; a make-up Saturday 调休 is a working day), it does nothing. After it, it
writes one outbox row per leader and channel, keyed `digest:<date>:u<user>:<channel>`: the
unique `dedupe_key` makes it once a day however often the job runs and however many workers run
it (a second run finds the keys and stops before counting anything). The delivery job sends
them like any other message.

The leaders are the deputy directors and directors of each centre (centre, sub-centre, station):
their figures cover the cases registered at that centre and the centres below it. Someone who
leads several centres gets one digest, for the highest of them (it covers those below). The
figures are read from the stored columns (`received_at`, `current_due`, `status`) and the open
`Escalation` rows: four index-backed queries per centre, whatever the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F

from tousu.calendar import services as calendar
from tousu.cases.models import Case, Escalation, EscalationState, Status
from tousu.orgs.models import CENTRE_KINDS, Membership, Role
from tousu.orgs.staff import unit_tree

from .models import Channel, Kind, Outbox, Preference

LEADER_ROLES = (Role.DEPUTY, Role.DIRECTOR)
DIGEST_CHANNELS = (Channel.IN_APP, Channel.EMAIL)  # not SMS: a digest is too long for one


@dataclass(frozen=True)
class Period:
    """The local days the intake covers: from the previous working day to yesterday (on a
    Monday: Friday to Sunday; after a holiday: the holiday too)."""

    since: date
    until: date
    start: datetime  # since 00:00 local
    end: datetime  # today 00:00 local


def digest_time() -> time:
    value = settings.TOUSU_DIGEST_AT
    try:
        return time.fromisoformat(value.strip())
    except (AttributeError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"TOUSU_DIGEST_AT: {value!r} is not a time of day such as 08:00"
        ) from exc


def digest_day(now: datetime) -> date | None:
    """Today's local date if a digest is due at `now`: a working day, past the configured time."""
    zone = calendar.time_zone()
    local = now.astimezone(zone)
    if local.time() < digest_time():
        return None
    if not calendar.get_calendar().is_workday(local.date()):
        return None
    return local.date()


def period_before(today: date) -> Period:
    since = calendar.get_calendar().workdays_before(today, 1)
    zone = calendar.time_zone()
    return Period(
        since=since,
        until=date.fromordinal(today.toordinal() - 1),
        start=datetime.combine(since, time.min, tzinfo=zone),
        end=datetime.combine(today, time.min, tzinfo=zone),
    )


def send_digest(now: datetime) -> int:
    """Write today's digests not written yet; returns how many outbox rows were added."""
    today = digest_day(now)
    if today is None:
        return 0
    rows = []
    for centre_id, leaders in leaders_by_centre().items():
        wanted = _wanted(leaders, today)
        if not wanted:
            continue  # already written today: no figures to count
        context = figures(centre_id, period_before(today), now)
        rows += [
            _row(user, channel, address, language, today, context, now)
            for user, channel, address, language in wanted
        ]
    # A second worker writing the same keys at the same moment: its rows are ignored.
    Outbox.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def leaders_by_centre() -> dict[int, list[Any]]:
    """Active deputies and directors by the highest active centre-side unit they lead."""
    tree = unit_tree()
    memberships = Membership.objects.filter(
        role__in=LEADER_ROLES,
        unit__kind__in=list(CENTRE_KINDS),
        unit__is_active=True,
        user__is_active=True,
    ).values_list("user_id", "unit_id")
    highest: dict[int, int] = {}
    for user_id, unit_id in memberships:
        current = highest.get(user_id)
        if current is None or (_depth(tree.parent, unit_id), unit_id) < (
            _depth(tree.parent, current),
            current,
        ):
            highest[user_id] = unit_id
    users = get_user_model().objects.filter(pk__in=highest).order_by("username")
    by_centre: dict[int, list[Any]] = {}
    for user in users:
        by_centre.setdefault(highest[user.pk], []).append(user)
    return by_centre


def _depth(parents: dict[int, int | None], unit_id: int) -> int:
    depth, node, seen = 0, parents.get(unit_id), {unit_id}
    while node is not None and node not in seen:
        seen.add(node)
        depth += 1
        node = parents.get(node)
    return depth


def _wanted(leaders: list[Any], today: date) -> list[tuple[Any, str, str, str]]:
    """(user, channel, address, language) of the digests not written yet today, by preference:
    a leader who muted `digest` gets none; e-mail only to an account with an address."""
    preferences = {p.user_id: p for p in Preference.objects.filter(user__in=leaders)}
    candidates = []
    for user in leaders:
        preference = preferences.get(user.pk)
        if preference is not None and Kind.DIGEST in (preference.muted_kinds or []):
            continue
        chosen = (preference.channels if preference else None) or list(DIGEST_CHANNELS)
        language = preference.language if preference else "zh-hans"
        if Channel.IN_APP in chosen:
            candidates.append((user, Channel.IN_APP, "", language))
        if Channel.EMAIL in chosen and user.email:
            candidates.append((user, Channel.EMAIL, user.email, language))
    keys = {_key(today, user, channel) for user, channel, _a, _l in candidates}
    written = set(Outbox.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    return [c for c in candidates if _key(today, c[0], c[1]) not in written]


def _key(today: date, user: Any, channel: str) -> str:
    return f"digest:{today.isoformat()}:u{user.pk}:{channel}"


def figures(centre_id: int, period: Period, now: datetime) -> dict[str, Any]:
    """The digest's variables for one centre (and the centres below it): four queries."""
    scope = sorted(unit_tree().descendants_and_self([centre_id]))
    cases = Case.objects.filter(centre_id__in=scope)
    intake = cases.filter(received_at__gte=period.start, received_at__lt=period.end).count()
    overdue_rows = list(
        cases.filter(current_due__lt=now)  # only open cases have a clock (current_due)
        .values("unit_id", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", F("unit__name").asc(nulls_last=True))
    )
    signoffs = cases.filter(status=Status.PENDING_APPROVAL).count()
    escalations = Escalation.objects.filter(
        state=EscalationState.OPEN, case__centre_id__in=scope
    ).count()
    return {
        "date": period.end.date().isoformat(),
        "since": period.since.isoformat(),
        "until": period.until.isoformat(),
        "intake": intake,
        "overdue": sum(r["n"] for r in overdue_rows),
        # A case with no handling unit waits at the centre itself: the template names it so.
        "overdue_by_unit": [{"unit": r["unit__name"] or "", "count": r["n"]} for r in overdue_rows],
        "signoffs": signoffs,
        "escalations": escalations,
    }


def _row(
    user: Any,
    channel: str,
    address: str,
    language: str,
    today: date,
    context: dict[str, Any],
    now: datetime,
) -> Outbox:
    return Outbox(
        dedupe_key=_key(today, user, channel),
        channel=channel,
        kind=Kind.DIGEST,
        user=user,
        address=address,
        template=Kind.DIGEST,
        language=language,
        context=context,
        next_attempt_at=now,
        created_at=now,
    )
