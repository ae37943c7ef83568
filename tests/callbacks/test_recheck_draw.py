"""回访抽查: every day the worker draws a share of the cases closed the day before for a quality
re-check (a `draw_for_recheck` event by the system); a second run the same day draws nothing."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, fresh
from tousu.cases import recheck
from tousu.cases.models import Case, CaseEvent, RecheckDraw, Status
from tousu.orgs.staff import system_user
from tousu.worker.jobs import JOBS

Org = dict[str, Any]
MakeCase = Callable[..., Case]
# Cases close on Monday 2 March 2026; the draw runs on Tuesday 3 March, 01:00 in Shanghai.
TUESDAY_NIGHT = MONDAY + timedelta(hours=15)


def closed_on_monday(org: Org, make_case: MakeCase, n: int) -> list[Case]:
    return [advance(make_case(), Status.CLOSED, org, MONDAY) for _ in range(n)]


def drawn() -> set[int]:
    return set(Case.objects.filter(recheck_drawn_at__isnull=False).values_list("pk", flat=True))


def test_half_of_yesterdays_closed_cases_are_drawn_when_the_share_is_a_half(
    org: Org, make_case: MakeCase, settings: Any
) -> None:
    settings.RECHECK_SHARE = 0.5
    closed = closed_on_monday(org, make_case, 4)

    assert recheck.draw(TUESDAY_NIGHT, rng=random.Random(7)) == 2

    chosen = drawn()
    assert len(chosen) == 2 and chosen <= {c.pk for c in closed}
    events = CaseEvent.objects.filter(verb="draw_for_recheck").order_by("case_id")
    assert [(e.case_id, e.actor_id, e.at, e.to_status, e.data) for e in events] == [
        (pk, system_user().pk, TUESDAY_NIGHT, Status.CLOSED, {"automatic": True})
        for pk in sorted(chosen)
    ]
    assert fresh(closed[0]).status == Status.CLOSED
    day = RecheckDraw.objects.get()
    assert (day.day.isoformat(), day.closed, day.drawn) == ("2026-03-02", 4, 2)


def test_the_same_seed_draws_the_same_cases(org: Org, make_case: MakeCase, settings: Any) -> None:
    settings.RECHECK_SHARE = 0.5
    closed_on_monday(org, make_case, 6)
    expected = random.Random(7)
    ids = sorted(Case.objects.values_list("pk", flat=True))
    expected.random()  # the fraction's coin (3 of 6 is whole: drawn, but it changes nothing)
    assert recheck.draw(TUESDAY_NIGHT, rng=random.Random(7)) == 3
    assert drawn() == set(expected.sample(ids, 3))


def test_a_second_run_the_same_day_draws_nothing_new(
    org: Org, make_case: MakeCase, settings: Any
) -> None:
    settings.RECHECK_SHARE = 0.5
    closed_on_monday(org, make_case, 4)
    recheck.draw(TUESDAY_NIGHT, rng=random.Random(7))
    first = drawn()

    assert recheck.draw(TUESDAY_NIGHT + timedelta(hours=1), rng=random.Random(99)) == 0
    assert drawn() == first
    assert CaseEvent.objects.filter(verb="draw_for_recheck").count() == 2
    assert RecheckDraw.objects.count() == 1


def test_only_cases_closed_yesterday_and_still_closed_are_drawn(
    org: Org, make_case: MakeCase, settings: Any
) -> None:
    settings.RECHECK_SHARE = 1.0
    yesterday = closed_on_monday(org, make_case, 1)
    advance(make_case(), Status.CLOSED, org, MONDAY - timedelta(days=3))  # last Friday
    advance(make_case(), Status.REPLIED, org, MONDAY)  # not closed
    advance(make_case(), Status.ARCHIVED, org, MONDAY)  # archived already
    assert recheck.draw(TUESDAY_NIGHT, rng=random.Random(7)) == 1
    assert drawn() == {yesterday[0].pk}


def test_a_small_day_draws_a_case_in_proportion_to_the_share() -> None:
    # 5 % of 10 cases is half a case: drawn when the coin falls under 0.5.
    assert recheck.sample_size(10, 0.05, random.Random(1)) in (0, 1)
    coins = [random.Random(seed).random() for seed in range(20)]
    sizes = [recheck.sample_size(10, 0.05, random.Random(seed)) for seed in range(20)]
    assert sizes == [1 if coin < 0.5 else 0 for coin in coins]
    assert recheck.sample_size(100, 0.05, random.Random(1)) == 5


def test_the_worker_runs_the_draw() -> None:
    job = next(j for j in JOBS if j.name == "callback-recheck")
    assert (job.path, job.every) == ("tousu.cases.recheck.draw", 3600)
