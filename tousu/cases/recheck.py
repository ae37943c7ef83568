"""回访抽查: every day a random share of the cases closed the day before is drawn for a quality
re-check, which the centre's supervisors (or clerks) then record with the `recheck` verb.

The worker runs `draw(now)` (job "callback-recheck"). One `RecheckDraw` row per local day, inserted
in the transaction that marks the drawn cases, makes the draw happen once per day: a re-run, a
restarted worker or a second worker at the same moment draws nothing more. Each drawn case gets a
`draw_for_recheck` event by the `system` actor (its status does not change).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from tousu.calendar import services as calendar
from tousu.orgs.staff import system_user

from . import workflow
from .errors import Conflict, NotAllowed
from .models import Case, RecheckDraw, Status


def sample_size(closed: int, share: float, rng: random.Random) -> int:
    """`share` of `closed`, the fraction rounded up or down at random in proportion (5 % of 10
    cases is one case half of the days): the share holds on average however few cases close."""
    exact = closed * share
    whole = math.floor(exact)
    return min(closed, whole + (1 if rng.random() < exact - whole else 0))


def closed_on(day: datetime) -> tuple[datetime, datetime]:
    """The local day of `day` as a [start, end) range of aware datetimes."""
    local = calendar.local_date(day)
    zone = calendar.time_zone()
    return (
        datetime.combine(local, time.min, tzinfo=zone),
        datetime.combine(local + timedelta(days=1), time.min, tzinfo=zone),
    )


def _choose(day_start: datetime, day_end: datetime, rng: random.Random) -> tuple[int, list[int]]:
    """The cases closed that day and still closed, not drawn before; each centre its share."""
    by_centre: dict[int, list[int]] = defaultdict(list)
    rows = Case.objects.filter(
        status=Status.CLOSED,
        closed_at__gte=day_start,
        closed_at__lt=day_end,
        recheck_drawn_at__isnull=True,
    ).order_by("pk")
    for centre_id, pk in rows.values_list("centre_id", "pk"):
        by_centre[centre_id].append(pk)
    chosen: list[int] = []
    for centre_id in sorted(by_centre):
        ids = by_centre[centre_id]
        chosen += rng.sample(ids, sample_size(len(ids), settings.RECHECK_SHARE, rng))
    return sum(len(ids) for ids in by_centre.values()), sorted(chosen)


def draw(now: datetime, *, rng: random.Random | None = None) -> int:
    """Draw the share of the cases closed on the local day before `now`; the number drawn (0 once
    that day was drawn). `rng`: a seeded generator in tests, else the system's randomness."""
    day_start, day_end = closed_on(now - timedelta(days=1))
    day = calendar.local_date(day_start)
    if RecheckDraw.objects.filter(day=day).exists():
        return 0
    closed, chosen = _choose(day_start, day_end, rng or random.SystemRandom())
    actor = system_user()
    drawn = 0
    try:
        with transaction.atomic():
            record = RecheckDraw.objects.create(day=day, at=now, closed=closed)
            for case in Case.objects.filter(pk__in=chosen).order_by("pk"):
                try:
                    with transaction.atomic():
                        workflow.draw_for_recheck(case, actor=actor, now=now)
                except (Conflict, NotAllowed):
                    continue  # reopened or changed since it was read: not drawn
                drawn += 1
            RecheckDraw.objects.filter(pk=record.pk).update(drawn=drawn)
    except IntegrityError:
        return 0  # another worker drew this day at the same moment
    return drawn
